import { describe, expect, it } from 'vitest';
import type { InstallPlan } from '@shared/rpc/installApi';
import { FakeRemoteHost, type FakeRule } from '../../../test/doubles/host/fakeRemoteHost';
import { runInstall, type InstallRunDeps, type ProgressPayload } from './installRun';

const PLAN: InstallPlan = {
  serverId: 's1',
  login: 'alice',
  os: 'Debian GNU/Linux 12 (bookworm)',
  arch: 'amd64',
  systemd: false,
  sudo: 'password',
  action: 'install',
  installedVersion: null,
  packageVersion: '0.1.0',
  engine: { kamailio: { installed: '5.6.3-2', available: '5.6.3-2' }, rtpengine: { installed: null, available: '10.5' } },
  steps: [
    { id: 'upload', file: 'switch-agent_0.1.0_amd64.deb', version: '0.1.0', bytes: 100 },
    { id: 'install', from: null, to: '0.1.0', sudo: 'password' },
    { id: 'group', user: 'alice', group: 'switchdeck-admin' },
    { id: 'start', systemd: false, restart: false },
    { id: 'connect' },
  ],
};
const MKTEMP: FakeRule = { match: /mktemp/, stdout: '/tmp/switchdeck-install.abc123\n' };
const PASSWORD = 'pw with $pecial \'chars\'';

async function install(remote: FakeRemoteHost, over: Partial<InstallRunDeps> = {}) {
  const events: ProgressPayload[] = [];
  const abort = new AbortController();
  await runInstall({
    remote,
    plan: PLAN,
    packagePath: '/app/packages/switch-agent_0.1.0_amd64.deb',
    sudoPassword: PASSWORD,
    socketPath: '/run/switch-agent/admin.sock',
    connect: async () => ({ agentVersion: '0.1.0' }),
    emit: (p) => events.push(p),
    signal: abort.signal,
    ...over,
  });
  return events;
}
const finished = (events: ProgressPayload[]) => events.filter((e) => e.kind === 'finished');

describe('runInstall', () => {
  it('runs the steps in order, feeds the sudo password on stdin only, streams output, cleans up, and ends installed', async () => {
    const remote = new FakeRemoteHost([MKTEMP, { match: /apt-get install/, stdout: 'Setting up switch-agent (0.1.0) ...\n' }]);
    const events = await install(remote);
    expect(remote.uploads).toEqual([{ local: '/app/packages/switch-agent_0.1.0_amd64.deb', remote: '/tmp/switchdeck-install.abc123/switch-agent_0.1.0_amd64.deb' }]);
    const rootRuns = remote.commandsMatching(/^sudo /);
    expect(rootRuns.map((r) => /apt-get install|usermod|switch-agent serve/.exec(r.command)?.[0])).toEqual(['apt-get install', 'usermod', 'switch-agent serve']);
    for (const r of rootRuns) {
      expect(r.command).toMatch(/^sudo -k -S -p '' sh -c /);
      expect(r.stdin).toBe(`${PASSWORD}\n`);
    }
    expect(remote.runs.some((r) => r.command.includes('pecial'))).toBe(false);
    expect(rootRuns[0]!.command).toContain('/tmp/switchdeck-install.abc123/switch-agent_0.1.0_amd64.deb');
    expect(events.filter((e) => e.kind === 'step').map((e) => `${e.step}:${e.state}`)).toEqual([
      'upload:running', 'upload:done', 'install:running', 'install:done', 'group:running', 'group:done', 'start:running', 'start:done', 'connect:running', 'connect:done',
    ]);
    expect(events).toContainEqual({ kind: 'output', step: 'install', stream: 'stdout', text: 'Setting up switch-agent (0.1.0) ...\n' });
    expect(events.filter((e) => e.kind === 'output' && e.step === 'upload' && e.stream === 'info').length).toBeGreaterThanOrEqual(4);
    expect(finished(events)).toEqual([{ kind: 'finished', outcome: 'installed', message: 'switch-agent 0.1.0 installed.', agentVersion: '0.1.0' }]);
    expect(remote.runs.at(-1)!.command).toBe("rm -rf '/tmp/switchdeck-install.abc123'");
  });

  it('as root and with sudo without a password, nothing goes to stdin', async () => {
    for (const sudo of ['root', 'nopasswd'] as const) {
      const remote = new FakeRemoteHost([MKTEMP]);
      await install(remote, { plan: { ...PLAN, sudo }, sudoPassword: undefined });
      const installRun = remote.commandsMatching(/apt-get install/)[0]!;
      expect(installRun.command).toMatch(sudo === 'root' ? /^sh -c / : /^sudo -n sh -c /);
      expect(installRun.stdin).toBeUndefined();
    }
  });

  it('a failing step is named with what to do, and no later step runs', async () => {
    const remote = new FakeRemoteHost([MKTEMP, { match: /apt-get install/, code: 100, stderr: 'E: Could not get lock /var/lib/dpkg/lock-frontend\n' }]);
    const events = await install(remote);
    const end = finished(events);
    expect(end).toHaveLength(1);
    expect(end[0]).toMatchObject({ outcome: 'failed', step: 'install' });
    expect(end[0]!.kind === 'finished' && end[0]!.message).toMatch(/^Install failed \(exit 100: E: Could not get lock .*\)\. Read the output above\./);
    expect(events).toContainEqual({ kind: 'step', step: 'install', state: 'failed' });
    expect(remote.commandsMatching(/usermod|switch-agent serve/)).toEqual([]);
    expect(remote.runs.at(-1)!.command).toMatch(/^rm -rf /);
  });

  it('an upload error fails the upload step', async () => {
    const remote = new FakeRemoteHost([MKTEMP], new Error('No space left on device'));
    const events = await install(remote);
    expect(finished(events)[0]).toMatchObject({ outcome: 'failed', step: 'upload' });
    expect(JSON.stringify(finished(events))).toContain('No space left on device');
  });

  it('a connect that does not succeed fails the connect step, saying the agent is installed', async () => {
    const events = await install(new FakeRemoteHost([MKTEMP]), { connect: async () => ({ problem: 'permission denied on the socket' }) });
    expect(finished(events)[0]).toMatchObject({ outcome: 'failed', step: 'connect' });
    expect(JSON.stringify(finished(events))).toContain('The agent is installed and running');
  });

  it('cancel interrupts the running step and starts no other', async () => {
    const remote = new FakeRemoteHost([MKTEMP, { match: /usermod/, hang: true }]);
    const abort = new AbortController();
    remote.onHang = () => abort.abort(new Error('cancelled'));
    const events: ProgressPayload[] = [];
    await runInstall({ remote, plan: PLAN, packagePath: '/p.deb', sudoPassword: 'x', socketPath: '/s', connect: async () => ({ agentVersion: '0.1.0' }), emit: (p) => events.push(p), signal: abort.signal });
    expect(finished(events)).toEqual([{ kind: 'finished', outcome: 'cancelled', step: 'group', message: 'Cancelled during "Group membership". Run the installer again to finish: it only does what is still missing.' }]);
    expect(remote.commandsMatching(/switch-agent serve/)).toEqual([]);
  });

  it('a cancel during the package manager waits for it to finish, then starts no other step', async () => {
    const abort = new AbortController();
    const remote = new FakeRemoteHost([MKTEMP, { match: /apt-get install/, stdout: 'Setting up switch-agent (0.1.0) ...\n', during: () => abort.abort(new Error('cancelled')) }]);
    const events: ProgressPayload[] = [];
    await runInstall({ remote, plan: PLAN, packagePath: '/p.deb', sudoPassword: 'x', socketPath: '/s', connect: async () => ({ agentVersion: '0.1.0' }), emit: (p) => events.push(p), signal: abort.signal });
    expect(events).toContainEqual({ kind: 'output', step: 'install', stream: 'stdout', text: 'Setting up switch-agent (0.1.0) ...\n' });
    expect(events.some((e) => e.kind === 'output' && e.text.startsWith('Cancelling once the package manager has finished'))).toBe(true);
    expect(finished(events)[0]).toMatchObject({ outcome: 'cancelled', step: 'install' });
    expect(remote.commandsMatching(/usermod/)).toEqual([]);
  });

  it('the same version: says nothing was changed', async () => {
    const remote = new FakeRemoteHost([]);
    const events = await install(remote, { plan: { ...PLAN, action: 'current', installedVersion: '0.1.0', steps: [{ id: 'connect' }] } });
    expect(remote.runs).toEqual([]);
    expect(finished(events)[0]).toMatchObject({ outcome: 'installed', message: 'switch-agent 0.1.0 was already installed; nothing was changed.' });
  });

  it('a removal stops the agent, then removes (or purges) the package with sudo, and ends removed; nothing is uploaded', async () => {
    for (const purge of [false, true]) {
      const remote = new FakeRemoteHost([{ match: /apt-get (remove|purge)/, stdout: 'Removing switch-agent (0.1.0) ...\n' }]);
      const plan: InstallPlan = { ...PLAN, action: purge ? 'purge' : 'remove', installedVersion: '0.1.0', steps: [{ id: 'stop', systemd: false }, { id: 'remove', version: '0.1.0', purge, sudo: 'password' }] };
      const events = await install(remote, { plan });
      expect(remote.uploads).toEqual([]);
      const rootRuns = remote.commandsMatching(/^sudo /);
      expect(rootRuns.map((r) => /agent\.pid|apt-get (remove|purge) -y switch-agent/.exec(r.command)?.[0])).toEqual(['agent.pid', `apt-get ${purge ? 'purge' : 'remove'} -y switch-agent`]);
      expect(rootRuns.every((r) => r.stdin === `${PASSWORD}\n`)).toBe(true);
      expect(events.filter((e) => e.kind === 'step').map((e) => `${e.step}:${e.state}`)).toEqual(['stop:running', 'stop:done', 'remove:running', 'remove:done']);
      expect(finished(events)).toEqual([
        { kind: 'finished', outcome: 'removed', message: purge ? 'switch-agent 0.1.0 purged: its data in /var/lib/switch-agent and its settings are deleted.' : 'switch-agent 0.1.0 removed; its data in /var/lib/switch-agent and its settings are kept.' },
      ]);
    }
  });
});
