// The one side effect of the firewall: running nft. `prefix` lets a test run it inside a network
// namespace it created (`ip netns exec <ns> nft`); the agent runs /usr/sbin/nft directly.
import { spawn } from 'node:child_process';

export interface NftRunner {
  /** Runs a script with `nft -f -` (one transaction). Rejects with nft's own error text. */
  apply(script: string): Promise<void>;
  /** `nft -j <args>` parsed. */
  json(args: readonly string[]): Promise<unknown>;
}

/**
 * nft cannot run here at all (not installed, or the agent lacks root / CAP_NET_ADMIN). Then the
 * agent cannot have made a table either, so removing "its" table is nothing to do.
 */
export class NftUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NftUnavailableError';
  }
}

/** Pure: nft's failure in words an operator can act on. */
export function explainNftFailure(bin: string, e: { code?: string; exit?: number | null; stderr?: string }): Error {
  if (e.code === 'ENOENT') return new NftUnavailableError(`nft is not installed on this server (${bin} not found; install the nftables package)`);
  if (e.code === 'EACCES') return new NftUnavailableError(`the agent may not run ${bin} (permission denied)`);
  const text = (e.stderr ?? '').trim().split('\n').slice(0, 4).join(' | ');
  if (/Operation not permitted/i.test(text)) {
    return new NftUnavailableError('the agent is not allowed to change nftables: it must run as root or with the CAP_NET_ADMIN capability (nft said: Operation not permitted)');
  }
  return new Error(`nft failed (exit ${String(e.exit ?? e.code)}): ${text}`);
}

export function spawnNftRunner(command: readonly string[] = ['/usr/sbin/nft'], timeoutMs = 10_000): NftRunner {
  const [bin, ...pre] = command;
  const run = (args: readonly string[], stdin?: string) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(bin!, [...pre, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdin.on('error', () => undefined); // a child that never started: 'error' below says why
      child.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(explainNftFailure(bin!, { ...(e.code !== undefined && { code: e.code }), stderr: e.message }));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(explainNftFailure(bin!, { exit: code, stderr: err }));
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
