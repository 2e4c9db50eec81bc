// The switch-agent Debian package as `npm run package:agent` builds it from dist/:
// - unpacked, it runs from its own files only (the Node runtime and better-sqlite3 it carries):
//   `--version`, and `serve` with the engine off answering a real client on its socket;
// - its Depends name the distribution package of every Kamailio module the agent loads;
// - on a CI machine (root, where a test may change the system): installed with dpkg, installed
//   again, upgraded from an older build, removed and purged, with `switch-agent check` green after
//   each install and the store kept until purge.
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../../../electron/core/agent';
import { REQUIRED_KAMAILIO_MODULES } from '../../../switch-agent/src/check/prerequisites';
import { AgentConfigSchema } from '../../../switch-agent/src/config/agentConfig';
import { startGroup, stopGroup, waitFor } from '../engine/procs';
import { agentDebs } from '../../support/agentDeb';
import { withDpkgLock } from '../../support/dpkgLock';

const root = join(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const haveDpkg = existsSync('/usr/bin/dpkg-deb');
if (!haveDpkg && process.env.CI) throw new Error('the package test needs dpkg-deb');
// Installing changes the machine (a package, two groups, masked units): only where that is expected.
const mayInstall = process.env.CI !== undefined && process.getuid?.() === 0;

const sh = (cmd: string, args: string[], env?: NodeJS.ProcessEnv) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...(env && { env }) });
/** The agent's own output when a command fails, so the assertion shows why. */
const shOrOutput = (cmd: string, args: string[]): { ok: boolean; out: string } => {
  try {
    return { ok: true, out: sh(cmd, args) };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
};

describe.skipIf(!haveDpkg)('switch-agent Debian package', () => {
  let dir: string;
  let deb: string;
  let olderDeb: string;

  beforeAll(async () => {
    // Built once per source and shared with agent-installer.test.ts (test/support/agentDeb.ts).
    ({ current: deb, older: olderDeb } = await agentDebs(root));
    expect(basename(deb)).toBe(`switch-agent_${pkg.version}_${sh('dpkg', ['--print-architecture']).trim()}.deb`);
    dir = mkdtempSync(join(tmpdir(), 'sd-deb-'));
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names the distribution package of every Kamailio module the agent loads, and rtpengine', () => {
    const control = sh('dpkg-deb', ['--field', deb, 'Depends', 'Version', 'Package']);
    const depends = new Set(/Depends: (.*)/.exec(control)![1]!.split(',').map((d) => d.trim().split(' ')[0]!));
    expect(control).toContain(`Version: ${pkg.version}`);
    const modulesDir = AgentConfigSchema.parse({}).engine.kamailioModulesDir;
    const files = [...REQUIRED_KAMAILIO_MODULES.map((m) => `${modulesDir}/${m}.so`), AgentConfigSchema.parse({}).engine.rtpengineBin];
    // One line per file, "package: /path" (fails when a file belongs to no package).
    const owners = new Set(sh('dpkg', ['-S', ...files]).trim().split('\n').map((l) => l.split(':')[0]!));
    expect([...owners].filter((o) => !depends.has(o)), `Depends: ${[...depends].join(', ')}`).toEqual([]);
    expect(sh('dpkg-deb', ['--contents', deb])).toMatch(/\.\/etc\/switch-agent\/agent\.json/);
    expect(sh('dpkg-deb', ['--info', deb, 'conffiles']).trim()).toBe('/etc/switch-agent/agent.json');
  });

  it('runs from its own files: its Node and better-sqlite3 serve a client on the admin socket', async () => {
    const unpacked = join(dir, 'unpacked');
    sh('dpkg-deb', ['-x', deb, unpacked]);
    const lib = join(unpacked, 'usr/lib/switch-agent');
    // No NODE_PATH and a working directory outside the repository: nothing can come from its node_modules.
    const env = { PATH: '/usr/bin:/bin' };
    expect(sh(join(lib, 'node'), [join(lib, 'switch-agent.mjs'), '--version'], env).trim()).toBe(pkg.version);
    expect(sh(join(lib, 'node'), ['--version'], env).trim()).toBe(process.version);

    const work = join(dir, 'serve');
    mkdirSync(join(work, 'run'), { recursive: true });
    const config = join(work, 'agent.json');
    writeFileSync(config, JSON.stringify({ dataDir: join(work, 'data'), socketDir: join(work, 'run'), secretKeyFile: join(work, 'secret.key'), adminGroup: null, viewGroup: null, engine: { enabled: false }, monitor: { enabled: false } }));
    const agent = startGroup(join(lib, 'node'), [join(lib, 'switch-agent.mjs'), 'serve', '--config', config], tmpdir());
    let output = '';
    agent.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    agent.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    try {
      const socket = join(work, 'run/admin.sock');
      // The socket file appears at bind(), a moment before listen(): connecting then is refused (seen in CI), so wait for a connection.
      const stream = await waitFor(`the packaged agent's admin socket (output: ${output})`, 20_000, () =>
        existsSync(socket)
          ? new Promise<net.Socket>((r, j) => {
              const s = net.connect(socket);
              s.once('connect', () => r(s)).once('error', j);
            })
          : undefined,
      );
      const client = await AgentClient.connect(stream, { server: 'deb', client: { name: 'agent-package.test', version: '0', user: 'test' } });
      try {
        const info = await client.call('agent.info', {});
        expect(info.version).toBe(pkg.version);
        // The store (better-sqlite3 from the package) answers.
        const { snapshot, status } = await client.call('config.get', {});
        expect(snapshot.routingGateways).toEqual([]);
        expect(status).toBe('confirmed');
      } finally {
        await client.close();
      }
    } finally {
      await stopGroup(agent);
    }
    expect(existsSync(join(work, 'data/agent.db'))).toBe(true);
  }, 60_000);

  it('refuses a store written by a newer agent, saying so plainly and leaving the file as it was', () => {
    // The store the previous test's agent wrote, as a newer agent would leave it: one step more.
    const work = join(dir, 'serve');
    const store = join(work, 'data/agent.db');
    const db = new Database(store);
    db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run('store-999-from-a-newer-agent', new Date().toISOString());
    db.close();
    const before = createHash('sha256').update(readFileSync(store)).digest('hex');
    const lib = join(dir, 'unpacked/usr/lib/switch-agent');
    const r = spawnSync(join(lib, 'node'), [join(lib, 'switch-agent.mjs'), 'serve', '--config', join(work, 'agent.json')], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' }, timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `switch-agent: switch-agent ${pkg.version} cannot start: ${store} was written by a newer switch-agent (it has schema steps this version does not know: store-999-from-a-newer-agent). ` +
        'Install that newer version again, or restore a copy of the data folder made by this version; the file was left unchanged',
    );
    expect(createHash('sha256').update(readFileSync(store)).digest('hex')).toBe(before);
    expect(existsSync(join(work, 'run/admin.sock')), 'no socket was opened').toBe(false);
  }, 30_000);

  it.skipIf(!mayInstall)(`installs, reinstalls, upgrades, removes and purges with dpkg${mayInstall ? '' : ' (skipped: only as root under CI, where the test may change the machine)'}`, () => withDpkgLock(() => {
    // olderDeb: an older build of the same files, to upgrade from.

    const check = () => {
      const r = shOrOutput('/usr/bin/switch-agent', ['check']);
      expect(r.ok, r.out).toBe(true);
      return r.out;
    };
    const installed = () => /Version: (.*)/.exec(sh('dpkg-query', ['-s', 'switch-agent']))?.[1];
    try {
      sh('dpkg', ['-i', olderDeb]);
      expect(installed()).toBe(`${pkg.version}~prev`);
      // The engines' users exist (postinst), the settings name them, and the store's folder lets them through.
      expect(check()).toMatch(/engine users\s+kamailio as switchdeck-kamailio \(uid \d+\), rtpengine as switchdeck-rtpengine/);
      expect(JSON.parse(readFileSync('/etc/switch-agent/agent.json', 'utf8'))).toEqual({ engine: { runAsUser: { kamailio: 'switchdeck-kamailio', rtpengine: 'switchdeck-rtpengine' } } });
      expect(statSync('/var/lib/switch-agent').mode & 0o7777).toBe(0o751);
      for (const unit of ['kamailio.service', 'rtpengine-daemon.service']) expect(readlinkSync(`/etc/systemd/system/${unit}`)).toBe('/dev/null');
      // Data the agent would have written, and an operator's edit of the settings file.
      writeFileSync('/var/lib/switch-agent/marker', 'kept');
      writeFileSync('/etc/switch-agent/agent.json', '{ "monitor": { "ringSeconds": 600 } }\n');

      sh('dpkg', ['-i', deb]);
      expect(installed()).toBe(pkg.version);
      expect(sh('/usr/bin/switch-agent', ['--version']).trim()).toBe(pkg.version);
      console.info(`switch-agent check after the upgrade:\n${check()}`);
      sh('dpkg', ['-i', deb]);
      check();
      expect(readFileSync('/var/lib/switch-agent/marker', 'utf8')).toBe('kept');
      expect(readFileSync('/etc/switch-agent/agent.json', 'utf8')).toContain('ringSeconds');

      sh('dpkg', ['-r', 'switch-agent']);
      expect(existsSync('/usr/bin/switch-agent'), '/usr/bin/switch-agent is gone after remove').toBe(false);
      expect(readFileSync('/var/lib/switch-agent/marker', 'utf8')).toBe('kept');
      expect(existsSync('/etc/switch-agent/agent.json'), 'a conffile stays until purge').toBe(true);
    } finally {
      sh('dpkg', ['--purge', 'switch-agent']);
    }
    // Another test's agent started with the default settings would write here (its secret key) while
    // this one purges: name what is left, so such a leak is found from the message.
    expect(existsSync('/var/lib/switch-agent'), `left after purge: ${leftIn('/var/lib/switch-agent')}`).toBe(false);
    expect(existsSync('/etc/switch-agent'), `left after purge: ${leftIn('/etc/switch-agent')}`).toBe(false);
    expect(existsSync('/etc/systemd/system/kamailio.service'), 'the kamailio.service mask is gone after purge').toBe(false);
    expect(sh('getent', ['group', 'switchdeck-admin'])).toMatch(/^switchdeck-admin:/);
  }), 420_000);
});

/** The files under `dir`, for a failure message. */
function leftIn(dir: string): string {
  return spawnSync('find', [dir], { encoding: 'utf8' }).stdout.trim().split('\n').join(', ');
}
