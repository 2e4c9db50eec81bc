/**
 * The switch-agent Debian packages the packaging tests install, built once per source and shared
 * by every test file and run on this machine (building one costs ~5 s of CPU, more under load):
 * `scripts/package-agent.mjs` output plus an "older build" (the same files, version `<v>~prev`),
 * under <tmp>/switchdeck-agent-deb/<source hash>/. The hash covers everything the package is made
 * of, so a changed bundle, packaging file or Node gives a new folder. Built under a file lock, so
 * two files (or two checkouts) asking at once build it once.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeFileLock } from './dpkgLock';

export const AGENT_DEB_CACHE = join(tmpdir(), 'switchdeck-agent-deb');
/** Builds of other sources are removed once this old (another checkout may still use a newer one). */
const STALE_MS = 24 * 3600_000;

export interface AgentDebs {
  /** switch-agent_<version>_<arch>.deb as `npm run package:agent` makes it. */
  readonly current: string;
  /** switch-agent_<version>~prev_<arch>.deb: the same files under a lower version, to upgrade from. */
  readonly older: string;
  readonly version: string;
}

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** What the package is made of (scripts/package-agent.mjs reads these). */
export function agentDebSourceHash(root: string): string {
  const h = createHash('sha256');
  const inputs = [
    join(root, 'package.json'),
    join(root, 'scripts/package-agent.mjs'),
    join(root, 'dist/switch-agent/switch-agent.mjs'),
    join(root, 'switch-agent/PROTOCOL.md'),
    join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
    ...filesUnder(join(root, 'switch-agent/packaging')),
  ];
  for (const f of inputs) h.update(`${f.slice(root.length)}\0`).update(readFileSync(f)).update('\0');
  // The package carries the running Node binary.
  h.update(`${process.execPath}\0${process.version}\0${statSync(process.execPath).size}`);
  return h.digest('hex').slice(0, 16);
}

export async function agentDebs(root: string): Promise<AgentDebs> {
  if (!existsSync(join(root, 'dist/switch-agent/switch-agent.mjs'))) throw new Error('run `npm run build` first: the package is made from dist/');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const arch = sh('dpkg', ['--print-architecture']).trim();
  const dir = join(AGENT_DEB_CACHE, agentDebSourceHash(root));
  const debs: AgentDebs = { current: join(dir, `switch-agent_${version}_${arch}.deb`), older: join(dir, `switch-agent_${version}~prev_${arch}.deb`), version };
  mkdirSync(AGENT_DEB_CACHE, { recursive: true });
  const lock = await takeFileLock(join(AGENT_DEB_CACHE, '.lock'), 300_000);
  try {
    if (existsSync(join(dir, 'complete'))) {
      utimesSync(dir, new Date(), new Date()); // in use: not stale for another checkout's clean-up
      return debs;
    }
    const work = `${dir}.building`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work);
    const built = sh('node', [join(root, 'scripts/package-agent.mjs'), '--out', work]).trim().split(' ')[0]!;
    const older = join(work, 'older');
    sh('dpkg-deb', ['-R', built, older]);
    const control = join(older, 'DEBIAN/control');
    writeFileSync(control, readFileSync(control, 'utf8').replace(/^Version: .*$/m, `Version: ${version}~prev`));
    // Fast compression: only tests install it.
    sh('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z1', '--build', older, join(work, `switch-agent_${version}~prev_${arch}.deb`)]);
    rmSync(older, { recursive: true });
    writeFileSync(join(work, 'complete'), `${new Date().toISOString()}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
    for (const other of readdirSync(AGENT_DEB_CACHE)) {
      const at = join(AGENT_DEB_CACHE, other);
      if (at !== dir && other !== '.lock' && Date.now() - statSync(at).mtimeMs > STALE_MS) rmSync(at, { recursive: true, force: true });
    }
    return debs;
  } finally {
    await lock.release();
  }
}
