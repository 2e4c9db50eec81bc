/**
 * The machine-wide lock every test that installs packages holds while it does (several test files,
 * and other runs on the same machine, install switch-agent): `flock /tmp/switchdeck-dpkg.lock`.
 * Held by a `flock … cat` child until release() closes its stdin, so a crashed test frees it too.
 */
import { spawn } from 'node:child_process';

export const DPKG_LOCK = '/tmp/switchdeck-dpkg.lock';

export function takeDpkgLock(waitMs = 300_000): Promise<{ release: () => Promise<void> }> {
  return takeFileLock(DPKG_LOCK, waitMs);
}

/** An exclusive `flock` on `path` (created if missing), held until release() or this process ends. */
export async function takeFileLock(path: string, waitMs: number): Promise<{ release: () => Promise<void> }> {
  const child = spawn('flock', ['--exclusive', '--timeout', String(Math.ceil(waitMs / 1000)), path, 'sh', '-c', 'echo locked; exec cat'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`could not take ${path} (flock ended with ${String(code)})`)));
    child.once('error', reject);
  });
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    release: () => {
      // `cat` ends at end of input, and flock with it, which releases the lock.
      child.stdin.end();
      return gone;
    },
  };
}

/** Runs `fn` while holding the lock; released when it returns or throws. */
export async function withDpkgLock<T>(fn: () => T | Promise<T>, waitMs?: number): Promise<T> {
  const lock = await takeDpkgLock(waitMs);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
