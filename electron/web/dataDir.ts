import os from 'node:os';
import path from 'node:path';

/** The browser shell's data folder: `--data DIR`, else $XDG_DATA_HOME/switchdeck, else ~/.local/share/switchdeck. */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>> = process.env, home: string = os.homedir()): string {
  const xdg = env['XDG_DATA_HOME'];
  // The XDG spec ignores relative paths in these variables.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'share');
  return path.join(base, 'switchdeck');
}
