/** Simulated operator machines for the platform logic: the real path module of each OS, fixed environments. */
import path from 'node:path';
import type { Workstation } from '../../../electron/core/platform/workstation';

interface Sim {
  env?: Record<string, string | undefined>;
  /** Paths that exist (named pipes included). */
  existing?: readonly string[];
  /** What `launchctl getenv` answers on macOS. */
  launchd?: Record<string, string>;
}

export function windowsWorkstation(sim: Sim = {}): Workstation {
  const existing = new Set(sim.existing ?? []);
  return {
    platform: 'win32',
    env: { USERPROFILE: 'C:\\Users\\Ann Lee', APPDATA: 'C:\\Users\\Ann Lee\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\Ann Lee\\AppData\\Local', ...sim.env },
    home: 'C:\\Users\\Ann Lee',
    path: path.win32,
    exists: (f) => existing.has(f),
    launchdGetenv: () => undefined,
  };
}

export function macWorkstation(sim: Sim = {}): Workstation {
  const existing = new Set(sim.existing ?? []);
  return {
    platform: 'darwin',
    env: { HOME: '/Users/ann', ...sim.env },
    home: '/Users/ann',
    path: path.posix,
    exists: (f) => existing.has(f),
    launchdGetenv: (name) => sim.launchd?.[name],
  };
}

export function linuxWorkstation(sim: Sim = {}): Workstation {
  const existing = new Set(sim.existing ?? []);
  return {
    platform: 'linux',
    env: { HOME: '/home/ann', ...sim.env },
    home: '/home/ann',
    path: path.posix,
    exists: (f) => existing.has(f),
    launchdGetenv: () => undefined,
  };
}
