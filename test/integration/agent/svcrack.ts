// sipvicious svcrack run from one source address (tools/svcrack_from.py patches its bind).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SVCRACK_FROM = fileURLToPath(new URL('./tools/svcrack_from.py', import.meta.url));

/** svcrack and the Python it runs with (its #! line: sipvicious is installed for that Python only). */
export function svcrackCommand(): { path: string; python: string } {
  const path = spawnSync('sh', ['-c', 'command -v svcrack'], { encoding: 'utf8' }).stdout.trim();
  const first = path ? readFileSync(path, 'utf8').split('\n')[0] ?? '' : '';
  return { path, python: first.startsWith('#!') ? first.slice(2).trim() : 'python3' };
}
