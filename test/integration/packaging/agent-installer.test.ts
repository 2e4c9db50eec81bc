// "Install agent" from the app, end to end on this machine: the host core (createHost) reaches the
// loopback sshd as a non-root login whose sudo asks for a password, and installs the switch-agent
// Debian package that `npm run package:agent` builds — first an older build, then the same again
// (nothing changes), then an upgrade to the current one — and the app connects after each. This
// host has no systemd, so the installer starts the agent itself the way the package README says.
// Then the app removes the package (data kept) and purges it (data deleted), with `switch-agent
// check` green after each install. The agent runs its engine (Kamailio and rtpengine on their own
// loopback address and media ports): the upgrade keeps both (same pids: the previous build renders
// the same configuration), a changed setting starts both again, and remove leaves nothing running.
// It changes the machine (a package, groups, a user with sudo), so it runs only as root under CI,
// and holds /tmp/switchdeck-dpkg.lock while it does, like every test that installs packages.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostEventName, HostMethod, HostParamsInput, HostResult } from '@shared/rpc/hostApi';
import type { InstallProgress } from '@shared/rpc/installApi';
import { createHost, MemorySecretStore, type Host } from '../../../electron/core';
import { agentDebs } from '../../support/agentDeb';
import { takeDpkgLock } from '../../support/dpkgLock';
import { TestSshd } from '../../support/sshd';
import { connectAgent, processesWith, runningEnginePids } from '../agent/engineCensus';
import { freeUdpPort, mediaPorts, waitFor } from '../engine/procs';

const root = join(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const mayInstall = process.env.CI !== undefined && process.getuid?.() === 0;
const LOGIN = { name: 'switchdeck-installtest', password: 'Sd-install-pw-7' };
const SUDOERS = `/etc/sudoers.d/${LOGIN.name}`;
const PID_FILE = '/run/switch-agent/agent.pid';
/** The installed agent's engine: an address of its own, media ports below the ephemeral range no other rig uses. */
const ENGINE_IP = '127.0.0.150';
const MEDIA = mediaPorts(7400, 20);
const KAMAILIO_CFG = '/var/lib/switch-agent/engine/kamailio.cfg';
type EnginePids = { kamailio: number; rtpengine: number };

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const check = () => {
  try {
    return sh('/usr/bin/switch-agent', ['check']);
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`switch-agent check failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`, { cause: e });
  }
};
const installedVersion = () => {
  try {
    return /^Status: install ok installed$/m.test(sh('dpkg-query', ['-s', 'switch-agent'])) ? sh('dpkg-query', ['-W', '-f=${Version}', 'switch-agent']) : null;
  } catch {
    return null;
  }
};
const agentPid = () => (existsSync(PID_FILE) ? Number(readFileSync(PID_FILE, 'utf8').trim()) : null);
const alive = (pid: number | null) => pid !== null && existsSync(`/proc/${pid}`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

/** The engine pids engine.status reports once both run (root may use the admin socket). */
async function enginesRunning(): Promise<EnginePids> {
  return waitFor('Kamailio and rtpengine of the installed agent to run', 60_000, async () => {
    const client = await connectAgent('/run/switch-agent/admin.sock', 'agent-installer.test');
    if (!client) return undefined;
    try {
      return await runningEnginePids(client);
    } finally {
      await client.close();
    }
  });
}
/** Engine processes of the installed agent still alive (by their command lines). */
const engineLeft = () => [...processesWith(KAMAILIO_CFG), ...processesWith(`--listen-ng=${ENGINE_IP}:`)].map((p) => p.pid);

/** Stops the agent the installer started (its pid file names it), then purges the package. */
async function cleanUp(): Promise<void> {
  const pid = agentPid();
  if (alive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('/usr/lib/switch-agent/')) {
    process.kill(pid!, 'SIGTERM');
    await waitFor('the installed agent to stop', 20_000, () => (alive(pid) ? undefined : true));
  }
  rmSync(PID_FILE, { force: true });
  execFileSync('dpkg', ['--purge', 'switch-agent'], { stdio: 'ignore' });
}

describe.skipIf(!mayInstall)('Install agent from the app over SSH (root under CI only: it installs a package)', () => {
  let dir: string;
  let pkgDir: string;
  let currentDeb: string;
  let olderDeb: string;
  let sshd: TestSshd;
  let host: Host;
  let lock: { release: () => Promise<void> } | undefined;
  let serverId: string;
  let settings: { engine: Record<string, unknown>; monitor: { enabled: false } };
  const secrets = new MemorySecretStore();
  const progress: InstallProgress[] = [];

  async function call<M extends HostMethod>(method: M, params: HostParamsInput<M>): Promise<HostResult<M>> {
    const out = await host.call(method, params);
    if (!out.ok) throw new Error(`${method} failed: ${out.error.code} ${out.error.message}`);
    return out.result as HostResult<M>;
  }
  const finishedOf = (installId: string) =>
    waitFor(`install ${installId} to finish`, 120_000, () => progress.find((p) => p.installId === installId && p.kind === 'finished') as Extract<InstallProgress, { kind: 'finished' }> | undefined);
  const logOf = (installId: string) => progress.filter((p) => p.installId === installId && p.kind === 'output').map((p) => (p.kind === 'output' ? p.text : '')).join('');
  const stepsOf = (installId: string) => progress.filter((p) => p.installId === installId && p.kind === 'step').map((p) => (p.kind === 'step' ? `${p.step}:${p.state}` : ''));

  /** The packaged settings (the engines' users) with the engine on ENGINE_IP and MEDIA, and shmMb. */
  async function engineSettings(shmMb: number): Promise<typeof settings> {
    settings = {
      engine: {
        enabled: true, runAsUser: { kamailio: 'switchdeck-kamailio', rtpengine: 'switchdeck-rtpengine' },
        sipAddress: ENGINE_IP, sipPort: await freeUdpPort(ENGINE_IP), rtpengineNgPort: await freeUdpPort(ENGINE_IP),
        rtpPortMin: MEDIA.min, rtpPortMax: MEDIA.max, shmMb, pkgMb: 8,
      },
      monitor: { enabled: false },
    };
    return settings;
  }

  beforeAll(async () => {
    // The current build and the previous one (the same files under a lower version), shared with agent-package.test.ts.
    ({ current: currentDeb, older: olderDeb } = await agentDebs(root));
    dir = mkdtempSync(join(tmpdir(), 'sd-installer-'));
    pkgDir = join(dir, 'packages');
    mkdirSync(pkgDir);

    // A login like an operator's: not root, sudo with its password.
    sshd = await TestSshd.start({ login: LOGIN });
    writeFileSync(SUDOERS, `${LOGIN.name} ALL=(ALL:ALL) ALL\n`, { mode: 0o440 });
    sh('visudo', ['-cf', SUDOERS]);
    // The groups outlive a purge: start from a login that is not a member (an earlier run added it).
    execFileSync('sh', ['-c', `gpasswd -d ${LOGIN.name} switchdeck-admin >/dev/null 2>&1 || true`]);

    lock = await takeDpkgLock();
    await cleanUp(); // a run that died half-way left its package
    // The agent starts with its engine (on ENGINE_IP, small memory) and its monitor off, from a
    // settings file the package keeps as the operator's (a conffile kept by --force-confold).
    mkdirSync('/etc/switch-agent', { recursive: true });
    writeFileSync('/etc/switch-agent/agent.json', `${JSON.stringify(await engineSettings(64))}\n`);

    host = createHost({ dataDir: join(dir, 'host'), secrets, knownHostsReadOnlyFiles: [], agentPackagesDir: pkgDir, warn: () => {}, tuning: { sshTimeoutMs: 10_000, agentWaitMs: 5_000, agentBackoff: { initialMs: 50, maxMs: 500 } } });
    host.onEvent((event: HostEventName, payload) => {
      if (event === 'install.progress') progress.push(payload as InstallProgress);
    });
    serverId = (await call('servers.add', { server: { name: 'fresh', host: sshd.host, port: sshd.port, username: LOGIN.name, auth: { kind: 'password' } } })).server.id;
  }, 240_000);

  afterAll(async () => {
    await host?.close();
    if (lock) {
      await cleanUp().catch(() => undefined);
      await lock.release();
    }
    rmSync(SUDOERS, { force: true });
    await sshd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a server without the agent: SSH works, the agent socket is missing', async () => {
    const first = await call('servers.connect', { id: serverId });
    if (first.status !== 'hostKeyPrompt') throw new Error(`expected the host key question, got ${first.status}`);
    const login = await call('hostKeys.decide', { promptId: first.hostKeyPrompt.promptId, decision: 'accept-save' });
    if (login.status !== 'credentialsPrompt') throw new Error(`expected the password question, got ${login.status}`);
    const out = await host.call('credentials.answer', { promptId: login.credentialsPrompt.promptId, answers: [LOGIN.password], remember: false });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error.data).toMatchObject({ reason: 'channel-refused' });
  });

  it('installs the previous build: asks the sudo password (a wrong one again), uploads, installs, adds the group, starts the agent and connects', async () => {
    writeFileSync(join(pkgDir, 'README'), 'not a package');
    execFileSync('cp', [olderDeb, pkgDir]);
    const planned = await call('install.plan', { serverId });
    if (planned.status !== 'ready') throw new Error(`refused: ${planned.message}`);
    expect(planned.plan).toMatchObject({ action: 'install', installedVersion: null, packageVersion: `${pkg.version}~prev`, login: LOGIN.name, sudo: 'password', systemd: false, os: 'Debian GNU/Linux 12 (bookworm)' });
    expect(planned.plan.steps.map((s) => s.id)).toEqual(['upload', 'install', 'group', 'start', 'connect']);

    const asked = await call('install.run', { serverId });
    if (asked.status !== 'credentialsPrompt') throw new Error('expected the sudo question');
    expect(asked.credentialsPrompt).toMatchObject({ kind: 'password', name: 'sudo', retry: false, canRemember: true });
    const again = await call('install.answer', { promptId: asked.credentialsPrompt.promptId, answers: ['not the password'], remember: false });
    if (again.status !== 'credentialsPrompt') throw new Error('a wrong sudo password must be asked again');
    expect(again.credentialsPrompt.retry).toBe(true);
    const started = await call('install.answer', { promptId: again.credentialsPrompt.promptId, answers: [LOGIN.password], remember: false });
    if (started.status !== 'started') throw new Error('expected the install to start');

    const end = await finishedOf(started.installId);
    expect(end, `${logOf(started.installId)}\n${JSON.stringify(end)}`).toMatchObject({ outcome: 'installed', agentVersion: pkg.version }); // the same files as the current build
    expect(stepsOf(started.installId)).toEqual(['upload:running', 'upload:done', 'install:running', 'install:done', 'group:running', 'group:done', 'start:running', 'start:done', 'connect:running', 'connect:done']);
    expect(logOf(started.installId)).toMatch(/Setting up switch-agent/);
    expect(installedVersion()).toBe(`${pkg.version}~prev`);
    expect(sh('id', ['-Gn', LOGIN.name]).split(/\s+/)).toContain('switchdeck-admin');
    expect(check()).toMatch(/admin group/);
    expect((await call('servers.states', {})).states.find((s) => s.serverId === serverId)?.state).toBe('connected');
    expect(secrets.has(`ssh:${serverId}:sudo`), 'not remembered unless asked').toBe(false);
    expect(readdirTmp()).toEqual([]);
    expect(JSON.stringify(progress), 'the sudo password never shows in the output').not.toContain(LOGIN.password);
  }, 180_000);

  it('run again with the same version: nothing changes, no sudo question, and it says so', async () => {
    const pid = agentPid();
    const files = ['/usr/lib/switch-agent/switch-agent.mjs', '/var/lib/dpkg/status'].map((f) => statSync(f).mtimeMs);
    const planned = await call('install.plan', { serverId });
    expect(planned.status === 'ready' && planned.plan).toMatchObject({ action: 'current', steps: [{ id: 'connect' }] });
    const started = await call('install.run', { serverId });
    if (started.status !== 'started') throw new Error('nothing needs root: no sudo question');
    expect(await finishedOf(started.installId)).toMatchObject({ outcome: 'installed', message: `switch-agent ${pkg.version}~prev was already installed; nothing was changed.` });
    expect(agentPid()).toBe(pid);
    expect(alive(pid)).toBe(true);
    expect(['/usr/lib/switch-agent/switch-agent.mjs', '/var/lib/dpkg/status'].map((f) => statSync(f).mtimeMs)).toEqual(files);
    check();
  }, 60_000);

  it('upgrades to the current build with both versions shown, restarts the agent, keeps its data and its engines, remembers the sudo password when asked', async () => {
    writeFileSync('/var/lib/switch-agent/marker', 'kept');
    const oldPid = agentPid();
    const enginesBefore = await enginesRunning();
    execFileSync('cp', [currentDeb, pkgDir]);
    const planned = await call('install.plan', { serverId });
    if (planned.status !== 'ready') throw new Error(`refused: ${planned.message}`);
    expect(planned.plan).toMatchObject({ action: 'upgrade', installedVersion: `${pkg.version}~prev`, packageVersion: pkg.version });
    expect(planned.plan.steps).toContainEqual({ id: 'install', from: `${pkg.version}~prev`, to: pkg.version, sudo: 'password' });
    expect(planned.plan.steps).toContainEqual({ id: 'start', systemd: false, restart: true });

    const asked = await call('install.run', { serverId });
    if (asked.status !== 'credentialsPrompt') throw new Error('expected the sudo question');
    const started = await call('install.answer', { promptId: asked.credentialsPrompt.promptId, answers: [LOGIN.password], remember: true });
    if (started.status !== 'started') throw new Error('expected the install to start');
    const end = await finishedOf(started.installId);
    expect(end, `${logOf(started.installId)}\n${JSON.stringify(end)}`).toMatchObject({ outcome: 'installed', agentVersion: pkg.version, message: `switch-agent upgraded from ${pkg.version}~prev to ${pkg.version}.` });
    expect(installedVersion()).toBe(pkg.version);
    expect(agentPid()).not.toBe(oldPid);
    expect(alive(oldPid)).toBe(false);
    expect(readFileSync('/var/lib/switch-agent/marker', 'utf8')).toBe('kept');
    expect(readFileSync('/etc/switch-agent/agent.json', 'utf8'), "the operator's settings stay").toContain(`"sipAddress":"${ENGINE_IP}"`);
    // The previous build renders the same configuration: the new agent adopts both engines.
    expect(await enginesRunning(), 'Kamailio and rtpengine kept across the upgrade').toEqual(enginesBefore);
    check();
    expect(await secrets.get(`ssh:${serverId}:sudo`)).toBe(LOGIN.password);
    // Remembered: the next install that needs root asks nothing.
    await call('servers.disconnect', { id: serverId });
  }, 180_000);

  it('a changed engine setting across the installed agent\'s restart (the handover the upgrade uses) starts both engines again', async () => {
    const before = await enginesRunning();
    // Kamailio's shared memory and rtpengine's port range: each needs its engine started again.
    settings.engine.shmMb = 96;
    settings.engine.rtpPortMax = MEDIA.min + 9;
    writeFileSync('/etc/switch-agent/agent.json', `${JSON.stringify(settings)}\n`);
    sh('/usr/bin/switch-agent', ['restart']);
    const after = await enginesRunning();
    expect(after.kamailio).not.toBe(before.kamailio);
    expect(after.rtpengine).not.toBe(before.rtpengine);
    expect([before.kamailio, before.rtpengine].filter(alive), 'the old engines are gone').toEqual([]);
  }, 90_000);

  it('removes from the app (agent stopped, package gone, data kept), then purges (the server name typed; data gone), each step and its output shown', async () => {
    const planned = await call('install.plan', { serverId, action: 'remove' });
    if (planned.status !== 'ready') throw new Error(`refused: ${planned.message}`);
    expect(planned.plan).toMatchObject({ action: 'remove', installedVersion: pkg.version, steps: [{ id: 'stop', systemd: false }, { id: 'remove', version: pkg.version, purge: false, sudo: 'password' }] });
    const pid = agentPid();
    const removing = await call('install.run', { serverId, action: 'remove' });
    if (removing.status !== 'started') throw new Error('the sudo password remembered at the upgrade is used: no question');
    const removed = await finishedOf(removing.installId);
    expect(removed, logOf(removing.installId)).toMatchObject({ outcome: 'removed', message: `switch-agent ${pkg.version} removed; its data in /var/lib/switch-agent and its settings are kept.` });
    expect(stepsOf(removing.installId)).toEqual(['stop:running', 'stop:done', 'remove:running', 'remove:done']);
    expect(logOf(removing.installId)).toMatch(/Stopping the agent \(pid \d+\)[\s\S]*Removing switch-agent/);
    expect(alive(pid)).toBe(false);
    expect(engineLeft(), 'a stop for good stops Kamailio and rtpengine too').toEqual([]);
    expect(existsSync('/usr/bin/switch-agent')).toBe(false);
    expect(readFileSync('/var/lib/switch-agent/marker', 'utf8')).toBe('kept');
    expect(installedVersion()).toBeNull();
    expect(await call('install.plan', { serverId, action: 'remove' })).toMatchObject({ status: 'refused', reason: 'not-installed' });

    const unconfirmed = await host.call('install.run', { serverId, action: 'purge', confirmName: 'not-fresh' });
    expect(!unconfirmed.ok && unconfirmed.error).toMatchObject({ code: 'INVALID_PARAMS', message: "confirmName: type the server's name, fresh, to purge switch-agent and delete its data" });
    expect(existsSync('/var/lib/switch-agent/marker')).toBe(true);
    const purging = await call('install.run', { serverId, action: 'purge', confirmName: 'fresh' });
    if (purging.status !== 'started') throw new Error('expected the purge to start');
    expect(purging.plan).toMatchObject({ action: 'purge', steps: [{ id: 'remove', version: pkg.version, purge: true }] });
    const purged = await finishedOf(purging.installId);
    expect(purged, logOf(purging.installId)).toMatchObject({ outcome: 'removed', message: `switch-agent ${pkg.version} purged: its data in /var/lib/switch-agent and its settings are deleted.` });
    expect(stepsOf(purging.installId)).toEqual(['remove:running', 'remove:done']);
    expect(existsSync('/var/lib/switch-agent')).toBe(false);
    expect(existsSync('/etc/switch-agent')).toBe(false);
    expect(engineLeft(), 'nothing left running').toEqual([]);
    expect(existsSync('/var/lib/dpkg/info/switch-agent.postrm'), 'dpkg forgot the package (a removed one keeps its maintainer scripts until purged)').toBe(false);
    expect(JSON.stringify(progress), 'the sudo password never shows in the output').not.toContain(LOGIN.password);
  }, 120_000);
});

/** Upload folders the installer left in /tmp (it removes its own). */
function readdirTmp(): string[] {
  return sh('sh', ['-c', 'ls -d /tmp/switchdeck-install.* 2>/dev/null || true']).split('\n').filter((l) => l !== '');
}
