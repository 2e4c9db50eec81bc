// The browser shell (`node dist/electron/web.mjs`) as a child process, with the page URL it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { DIST } from './prerequisites';

export interface ShellProcess {
  /** The exact address the shell printed, token fragment included. */
  readonly pageUrl: string;
  /** Everything the shell wrote so far (for failure messages). */
  readonly output: () => string;
  stop(): Promise<void>;
}

const URL_LINE = /open (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/;

/** packagesDir: the switch-agent packages "Install agent" offers (the shell's --packages). */
export async function startShell(dataDir: string, timeoutMs = 20_000, packagesDir?: string): Promise<ShellProcess> {
  const args = [DIST.web, '--port', '0', '--data', dataDir, ...(packagesDir ? ['--packages', packagesDir] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const pageUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the browser shell printed no URL within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      void stop().then(() => reject(e));
    };
    const onData = () => {
      const m = URL_LINE.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(m[1]);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => fail(new Error(`the browser shell exited (${code ?? signal}) before printing its URL:\n${out}`)));
  });
  return { pageUrl, output: () => out, stop };
}
