/**
 * The switch-agent packages this copy of the app carries (`npm run package:agent` output,
 * `switch-agent_<version>_<arch>.deb`): found by file name, so a workstation needs no dpkg.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareDebVersions } from './debVersion';

export interface AgentPackage {
  readonly path: string;
  readonly file: string;
  readonly version: string;
  readonly arch: string;
  readonly bytes: number;
}

/** Debian file names spell an epoch's ':' as %3a. */
export function parsePackageFileName(file: string): { version: string; arch: string } | null {
  const m = /^switch-agent_([0-9][A-Za-z0-9.+~%-]*)_([a-z0-9-]+)\.deb$/.exec(file);
  if (!m) return null;
  return { version: m[1]!.replace(/%3a/gi, ':'), arch: m[2]! };
}

/** The newest package for the server's architecture (`all` fits any). */
export function newestFor(packages: readonly AgentPackage[], arch: string): AgentPackage | undefined {
  return packages.filter((p) => p.arch === arch || p.arch === 'all').sort((a, b) => compareDebVersions(b.version, a.version))[0];
}

/** Every package file in the folder; a missing folder holds none. */
export function listAgentPackages(dir: string): AgentPackage[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    const parsed = parsePackageFileName(file);
    if (!parsed) return [];
    const path = join(dir, file);
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat?.isFile() ? [{ path, file, ...parsed, bytes: stat.size }] : [];
  });
}
