/**
 * The machine-wide lock every test that installs packages holds while it does (several test files,
 * and other runs on the same machine, install switch-agent): `flock /tmp/switchdeck-dpkg.lock`.
 * Held by a `flock … cat` child until release() closes its stdin, so a crashed test frees it too.
 */
import { spawn } from 'node:child_process';

export const DPKG_LOCK = '/tmp/switchdeck-dpkg.lock';

export async function takeDpkgLock(): Promise<{ release: () => void }> {
  const child = spawn('flock', ['-x', DPKG_LOCK, 'sh', '-c', 'echo locked; exec cat'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`flock ${DPKG_LOCK} ended with ${code}`)));
  });
  return { release: () => child.stdin.end() };
}
