// The one side effect of the firewall: running nft. `prefix` lets a test run it inside a network
// namespace it created (`ip netns exec <ns> nft`); the agent runs /usr/sbin/nft directly.
import { spawn } from 'node:child_process';

export interface NftRunner {
  /** Runs a script with `nft -f -` (one transaction). Rejects with nft's own error text. */
  apply(script: string): Promise<void>;
  /** `nft -j <args>` parsed. */
  json(args: readonly string[]): Promise<unknown>;
}

export function spawnNftRunner(command: readonly string[] = ['/usr/sbin/nft'], timeoutMs = 10_000): NftRunner {
  const run = (args: readonly string[], stdin?: string) =>
    new Promise<string>((resolve, reject) => {
      const [bin, ...pre] = command;
      const child = spawn(bin!, [...pre, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new Error(`nft failed (exit ${String(code)}): ${err.trim().split('\n').slice(0, 4).join(' | ')}`));
      });
      child.stdin.end(stdin ?? '');
    });
  return {
    apply: async (script) => {
      await run(['-f', '-'], script);
    },
    json: async (args) => JSON.parse(await run(['-j', ...args])) as unknown,
  };
}
