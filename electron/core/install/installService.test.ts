import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RpcError } from '@shared/rpc/errors';
import type { InstallProgress } from '@shared/rpc/installApi';
import { FakeRemoteHost, type FakeRule } from '../../../test/doubles/host/fakeRemoteHost';
import type { ConnectionManager } from '../host/connectionManager';
import { HostEvents } from '../host/hostEvents';
import { MemorySecretStore } from '../host/secrets';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { ServerRecord } from '../servers/serverSchema';
import { InstallService } from './installService';

const SERVER = { id: 's1', name: 'sw-1', host: '192.0.2.7', port: 22, username: 'alice', role: 'admin', agentSocketPath: '/run/switch-agent/admin.sock' } as ServerRecord;
const PROBE = 'uid=1001\nuser=alice\ngroups=alice\nos_id=debian\nos_version=12\nos_name=Debian GNU/Linux 12 (bookworm)\narch=amd64\napt=yes\nagent=\npkg=kamailio|ii |5.6.3-2|\npkg=rtpengine-daemon|ii |10.5|\nsudo=password\n';
const GOOD = 'right-password';
const SUDO_CHECK = /^sudo -k -S -p '' true$/;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sd-install-svc-'));
  writeFileSync(join(dir, 'switch-agent_0.1.0_amd64.deb'), 'deb');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function service(rules: FakeRule[], secrets = new MemorySecretStore()) {
  const remotes: FakeRemoteHost[] = [];
  const events = new HostEvents();
  const progress: InstallProgress[] = [];
  events.on((e, p) => e === 'install.progress' && progress.push(p as InstallProgress));
  let n = 0;
  const svc = new InstallService({
    registry: { require: () => SERVER } as unknown as ServerRegistry,
    connections: {} as ConnectionManager,
    env: { events, secrets, newId: () => `id${++n}`, warn: () => undefined },
    packagesDir: dir,
    connect: async () => ({ status: 'connected', agentVersion: '0.1.0', role: 'admin' }),
    openRemote: async () => {
      const r = new FakeRemoteHost([{ match: /os-release/, stdout: PROBE }, { match: /mktemp/, stdout: '/tmp/switchdeck-install.x\n' }, ...rules]);
      remotes.push(r);
      return r;
    },
  });
  const finished = () => new Promise<InstallProgress>((resolve) => events.on((e, p) => e === 'install.progress' && (p as InstallProgress).kind === 'finished' && resolve(p as InstallProgress)));
  return { svc, remotes, progress, secrets, finished };
}
const sudoRule: FakeRule = { match: SUDO_CHECK, codeFor: (stdin) => (stdin === `${GOOD}\n` ? 0 : 1), stderr: 'Sorry, try again.' };

describe('InstallService and the sudo password', () => {
  it('a remembered password that works: no question, every root step gets it on stdin', async () => {
    const t = service([sudoRule]);
    await t.secrets.set('ssh:s1:sudo', GOOD);
    const done = t.finished();
    const o = await t.svc.run('s1');
    expect(o.status).toBe('started');
    expect(await done).toMatchObject({ outcome: 'installed' });
    const root = t.remotes[0]!.commandsMatching(/^sudo -k -S -p '' sh -c/);
    expect(root.length).toBe(3);
    expect(root.every((r) => r.stdin === `${GOOD}\n`)).toBe(true);
    await vi.waitFor(() => expect(t.remotes[0]!.closed).toBe(true));
  });

  it('a remembered password that no longer works: asked again (retry), and a typed one without "remember" removes the stored one', async () => {
    const t = service([sudoRule]);
    await t.secrets.set('ssh:s1:sudo', 'old-password');
    const asked = await t.svc.run('s1');
    if (asked.status !== 'credentialsPrompt') throw new Error('expected the sudo question');
    expect(asked.credentialsPrompt).toMatchObject({ kind: 'password', name: 'sudo', retry: true, prompts: [{ text: '[sudo] password for alice', echo: false }] });
    // Asking again while the question is open returns the same question.
    expect(await t.svc.run('s1')).toEqual(asked);
    const done = t.finished();
    expect((await t.svc.answer(asked.credentialsPrompt.promptId, [GOOD], false)).status).toBe('started');
    await done;
    expect(t.secrets.has('ssh:s1:sudo')).toBe(false);
  });

  it('the open sudo question is listed with the pending prompts (a reloaded window asks it again) until it is answered', async () => {
    const t = service([sudoRule]);
    expect(t.svc.pendingPrompts()).toEqual([]);
    const asked = await t.svc.run('s1');
    if (asked.status !== 'credentialsPrompt') throw new Error('expected the sudo question');
    expect(t.svc.pendingPrompts()).toEqual([{ serverId: 's1', installId: asked.installId, installAction: 'install', outcome: { status: 'credentialsPrompt', credentialsPrompt: asked.credentialsPrompt } }]);
    const wrong = await t.svc.answer(asked.credentialsPrompt.promptId, ['nope'], false);
    if (wrong.status !== 'credentialsPrompt') throw new Error('a wrong password is asked again');
    expect(t.svc.pendingPrompts().map((p) => p.outcome)).toEqual([{ status: 'credentialsPrompt', credentialsPrompt: wrong.credentialsPrompt }]);
    const done = t.finished();
    expect((await t.svc.answer(wrong.credentialsPrompt.promptId, [GOOD], false)).status).toBe('started');
    expect(t.svc.pendingPrompts()).toEqual([]);
    await done;
  });

  it("purge needs the server's name typed; removing where nothing is installed is refused plainly", async () => {
    const t = service([sudoRule]);
    for (const confirmName of [undefined, 'sw-2']) {
      const err = await t.svc.run('s1', 'purge', confirmName).catch((e: unknown) => e);
      expect(RpcError.is(err, 'INVALID_PARAMS')).toBe(true);
      expect((err as Error).message).toBe("confirmName: type the server's name, sw-1, to purge switch-agent and delete its data");
    }
    expect(t.remotes).toEqual([]);
    expect(await t.svc.plan('s1', 'remove')).toMatchObject({ status: 'refused', reason: 'not-installed' });
    const err = await t.svc.run('s1', 'purge', 'sw-1').catch((e: unknown) => e);
    expect(RpcError.is(err, 'VALIDATION_FAILED')).toBe(true);
  });

  it('a login sudo refuses outright ends the install with what to do', async () => {
    const t = service([{ match: SUDO_CHECK, code: 1, stderr: 'alice is not in the sudoers file.\n' }]);
    const asked = await t.svc.run('s1');
    if (asked.status !== 'credentialsPrompt') throw new Error('expected the sudo question');
    const err = await t.svc.answer(asked.credentialsPrompt.promptId, ['x'], false).catch((e: unknown) => e);
    expect(RpcError.is(err, 'PERMISSION_DENIED')).toBe(true);
    expect((err as Error).message).toBe('alice may not use sudo on sw-1: ask its administrator to allow it (or log in as root), then install again');
    expect(t.remotes[0]!.closed).toBe(true);
    expect(t.remotes[0]!.commandsMatching(/apt-get install/)).toEqual([]);
  });

  it('cancel at the question changes nothing; a running install makes a second one BUSY', async () => {
    const t = service([sudoRule, { match: /apt-get install/, hang: true }]);
    const asked = await t.svc.run('s1');
    if (asked.status !== 'credentialsPrompt') throw new Error('expected the sudo question');
    t.svc.cancel(asked.installId);
    expect(t.progress.at(-1)).toMatchObject({ kind: 'finished', outcome: 'cancelled', message: 'Cancelled before anything was changed.' });
    expect(t.remotes[0]!.commandsMatching(/^sudo/)).toEqual([]);

    const again = await t.svc.run('s1');
    if (again.status !== 'credentialsPrompt') throw new Error('expected the sudo question');
    await t.svc.answer(again.credentialsPrompt.promptId, [GOOD], true);
    expect(await t.secrets.get('ssh:s1:sudo')).toBe(GOOD);
    const busy = await t.svc.run('s1').catch((e: unknown) => e);
    expect(RpcError.is(busy, 'BUSY')).toBe(true);
  });
});
