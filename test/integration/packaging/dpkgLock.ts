// Tests that install packages on this machine hold /tmp/switchdeck-dpkg.lock (flock) for the whole
// install / upgrade / purge sequence, so two suites never interleave their dpkg runs.
import { spawn } from 'node:child_process';

export const DPKG_LOCK = '/tmp/switchdeck-dpkg.lock';

/** Runs `fn` while a `flock` child holds the lock; the lock is released when it returns or throws. */
export async function withDpkgLock<T>(fn: () => T | Promise<T>, waitMs = 300_000): Promise<T> {
  const holder = spawn('flock', ['--exclusive', '--timeout', String(Math.ceil(waitMs / 1000)), DPKG_LOCK, 'sh', '-c', 'echo locked; exec cat'], { stdio: ['pipe', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    holder.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('locked')) resolve();
    });
    holder.once('exit', (code) => reject(new Error(`could not take ${DPKG_LOCK} (flock exited ${String(code)})`)));
    holder.once('error', reject);
  });
  try {
    return await fn();
  } finally {
    // `cat` ends at end of input, and flock with it, which releases the lock.
    const gone = new Promise((r) => holder.once('exit', r));
    holder.stdin.end();
    await gone;
  }
}
