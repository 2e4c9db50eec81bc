/**
 * The operator's machine as the host core sees it: OS, environment, home folder, the matching
 * path module and the two probes the SSH agent lookup needs. Logic takes a Workstation argument
 * instead of reading process.platform, so Windows and macOS behaviour runs in CI under simulated
 * workstations (path.win32, a Windows environment).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Workstation {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  readonly path: path.PlatformPath;
  /** Whether a Windows named pipe (or any path) exists right now. */
  readonly exists: (file: string) => boolean;
  /** macOS: a variable from the launchd session (`launchctl getenv`), for apps started without it. */
  readonly launchdGetenv: (name: string) => string | undefined;
}

export function pathModuleFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

function launchctlGetenv(name: string): string | undefined {
  try {
    const out = execFileSync('launchctl', ['getenv', name], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
}

/** The machine this process runs on: the one place that reads process.platform for the host core. */
export function currentWorkstation(): Workstation {
  return {
    platform: process.platform,
    env: process.env,
    home: os.homedir(),
    path: pathModuleFor(process.platform),
    exists: existsSync,
    launchdGetenv: process.platform === 'darwin' ? launchctlGetenv : () => undefined,
  };
}

/** An environment variable; Windows names are case-insensitive (`Path`, `USERPROFILE`, `UserProfile`). */
export function envVar(ws: Pick<Workstation, 'platform' | 'env'>, name: string): string | undefined {
  const direct = ws.env[name];
  if (direct || ws.platform !== 'win32') return direct || undefined;
  const upper = name.toUpperCase();
  const key = Object.keys(ws.env).find((k) => k.toUpperCase() === upper && ws.env[k]);
  return key === undefined ? undefined : ws.env[key];
}
