/**
 * The host core end to end: createHost → real OpenSSH sshd (test/support/sshd) → streamlocal
 * channel → a real switch-agent RPC server (in-process, the real ConfigService with a recording
 * engine). Covers the connect conversation (host key, password), agent calls, reconnecting without
 * prompts, offline drafts pushed later, and a fleet push with one unreachable server.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_METHODS } from '@shared/rpc/agentApi';
import type { HostEventName } from '@shared/rpc/hostApi';
import { createHost, type Host } from '../../../electron/core';
import { configHandlers } from '../../../switch-agent/src/api/configHandlers';
import { Dispatcher, startRpcServer, type RpcServer } from '../../../switch-agent/src/rpc';
import { makeService } from '../../doubles/agent/store';
import { TestSshd } from '../../support/sshd';
import { hostCall } from './hostRig';

const CONFIG_METHODS = (({ 'config.get': get, 'config.apply': apply, 'config.confirm': confirm, 'config.history': history }) => ({
  'config.get': get,
  'config.apply': apply,
  'config.confirm': confirm,
  'config.history': history,
}))(AGENT_METHODS);

interface Agent {
  server: RpcServer;
  service: ReturnType<typeof makeService>['service'];
}

async function startAgent(dir: string, name: string, group: string): Promise<Agent> {
  const made = makeService();
  const all = configHandlers(made.service, made.revisions, () => new Date());
  const dispatcher = Dispatcher.create(CONFIG_METHODS, {
    'config.get': all['config.get'],
    'config.apply': all['config.apply'],
    'config.confirm': all['config.confirm'],
    'config.history': all['config.history'],
  });
  const server = await startRpcServer({ path: join(dir, `${name}.sock`), role: 'admin', dispatcher, agent: { version: '9.9.9-test', hostname: name }, group });
  return { server, service: made.service };
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 1));
    });
  });
}

describe('host core over real sshd to a real agent', () => {
  let sshd: TestSshd;
  let dir: string;
  let host: Host;
  let agentA: Agent;
  let agentB: Agent;
  const events: { event: HostEventName; payload: unknown }[] = [];

  const call = hostCall(() => host);
  const states = (serverId: string) =>
    events.filter((e) => e.event === 'connection.state' && (e.payload as { serverId: string }).serverId === serverId).map((e) => (e.payload as { state: string }).state);

  beforeAll(async () => {
    sshd = await TestSshd.start();
    dir = await mkdtemp(join(tmpdir(), 'sd-host-agent-'));
    await chmod(dir, 0o755); // the test user must reach the sockets inside
    agentA = await startAgent(dir, 'a', sshd.user.name);
    agentB = await startAgent(dir, 'b', sshd.user.name);
    host = createHost({ dataDir: join(dir, 'host-data'), knownHostsReadOnlyFiles: [], warn: () => {}, tuning: { sshTimeoutMs: 10_000, agentBackoff: { initialMs: 50, maxMs: 500 } } });
    host.onEvent((event, payload) => events.push({ event, payload }));
  });
  afterAll(async () => {
    await host?.close();
    await agentA?.server.close();
    await agentB?.server.close();
    await sshd?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  let idA = '';
  let idB = '';
  let idDown = '';

  it('connect: host key prompt → accept-save → password prompt → connected; agent.call config.apply', async () => {
    const { server } = await call('servers.add', {
      server: { name: 'A', host: sshd.host, port: sshd.port, username: sshd.user.name, auth: { kind: 'password' }, agentSocketPath: agentA.server.path },
    });
    idA = server.id;
    const first = await call('servers.connect', { id: idA });
    expect(first.status).toBe('hostKeyPrompt');
    if (first.status !== 'hostKeyPrompt') return;
    expect(first.hostKeyPrompt).toMatchObject({ host: sshd.host, port: sshd.port, kind: 'unknown' });
    expect([await sshd.fingerprint('ed25519'), await sshd.fingerprint('rsa')]).toContain(first.hostKeyPrompt.fingerprintSha256);
    // A window that reloads now asks the host which questions are still open and shows them again.
    expect(await call('servers.pendingPrompts', {})).toEqual({ prompts: [{ serverId: idA, outcome: first }] });

    const second = await call('hostKeys.decide', { promptId: first.hostKeyPrompt.promptId, decision: 'accept-save' });
    expect(second.status).toBe('credentialsPrompt');
    if (second.status !== 'credentialsPrompt') return;
    expect(second.credentialsPrompt).toMatchObject({ kind: 'password', retry: false });
    expect(await call('servers.pendingPrompts', {})).toEqual({ prompts: [{ serverId: idA, outcome: second }] });
    // No keychain in this host: "remember" is refused and the prompt stays open.
    expect(await host.call('credentials.answer', { promptId: second.credentialsPrompt.promptId, answers: [sshd.user.password], remember: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS' },
    });
    const third = await call('credentials.answer', { promptId: second.credentialsPrompt.promptId, answers: [sshd.user.password], remember: false });
    expect(third).toEqual({ status: 'connected', agentVersion: '9.9.9-test', role: 'admin' });
    expect(await call('servers.pendingPrompts', {})).toEqual({ prompts: [] });
    expect(states(idA)).toEqual(['connecting', 'awaiting-host-key', 'connecting', 'awaiting-credentials', 'connecting', 'connected']);

    const got = await call('agent.call', { serverId: idA, method: 'config.get', params: {} });
    expect((got.result as { snapshot: { revision: number } }).snapshot.revision).toBe(0);
    const bad = await host.call('agent.call', { serverId: idA, method: 'config.apply', params: { baseRevision: 0, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE' }] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    if (!bad.ok) expect(bad.error.message).toContain('params.ops[0]');
    const applied = await call('agent.call', { serverId: idA, method: 'config.apply', params: { baseRevision: 0, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 20 }] } });
    expect(applied.result).toMatchObject({ revision: 1, dryRun: false });
    expect(agentA.service.current().params).toMatchObject({ SS_SIP_TIMEOUT_INVITE: 20 });
  });

  it('reconnects after a disconnect without any prompt (known host key, password kept for this run)', async () => {
    await call('servers.disconnect', { id: idA });
    expect(states(idA).at(-1)).toBe('disconnected');
    expect(await host.call('agent.call', { serverId: idA, method: 'config.get', params: {} })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('servers.connect', { id: idA })).toEqual({ status: 'connected', agentVersion: '9.9.9-test', role: 'admin' });
    expect((await call('servers.states', {})).states.find((s) => s.serverId === idA)).toMatchObject({ state: 'connected' });
    const history = await call('agent.call', { serverId: idA, method: 'config.history', params: {} });
    expect((history.result as { revisions: unknown[] }).revisions).toHaveLength(1);
    await call('servers.disconnect', { id: idA });
  });

  it('drafts: created offline, a push to an unreachable server fails, the reachable one is pushed later', async () => {
    const down = await call('servers.add', { server: { name: 'Down', host: '127.0.0.1', port: await closedPort(), username: 'nobody', auth: { kind: 'password' } } });
    idDown = down.server.id;
    const offline = await call('drafts.create', { serverId: idDown, title: 'offline' });
    expect(offline.draft).toMatchObject({ baseRevision: 0, version: 0 });
    await call('drafts.update', { id: offline.draft.id, expectedVersion: 0, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_RINGING', value: 90 }] });
    const failed = await call('drafts.push', { id: offline.draft.id });
    expect(failed).toMatchObject({ serverId: idDown, outcome: 'failed', code: 'connection-refused' });

    // Never reached: nothing cached. A was read while connected: its revision 1 is cached.
    expect(await call('servers.cachedConfig', { id: idDown })).toEqual({ snapshot: null, cachedAt: null });
    const cached = await call('servers.cachedConfig', { id: idA });
    expect(cached.snapshot).toMatchObject({ revision: 1, params: { SS_SIP_TIMEOUT_INVITE: 20 } });
    expect(Date.parse(cached.cachedAt ?? '')).not.toBeNaN();
    // servers.states answers for every saved server, including one that never had a connection.
    const { states: now } = await call('servers.states', {});
    expect(Object.fromEntries(now.map((s) => [s.serverId, s.state]))).toEqual({ [idA]: 'disconnected', [idDown]: 'disconnected' });

    // A is disconnected: its draft starts on the configuration cached at the last read (revision 1).
    const draft = await call('drafts.create', { serverId: idA, title: 'later' });
    expect(draft.draft.baseRevision).toBe(1);
    const updated = await call('drafts.update', { id: draft.draft.id, expectedVersion: 0, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_RINGING', value: 90 }] });
    expect(updated.errors).toEqual([]);
    expect((await call('drafts.diff', { id: draft.draft.id })).changes).toHaveLength(1);
    const pushed = await call('drafts.push', { id: draft.draft.id, confirmWithinSec: 60, comment: 'from an offline draft' });
    expect(pushed).toMatchObject({ serverId: idA, outcome: 'applied', revision: 2 });
    expect((await call('drafts.list', { serverId: idA })).drafts.find((d) => d.id === draft.draft.id)?.pushed).toMatchObject({ revision: 2 });
    // Confirmed by the host over a fresh connection: nothing is left pending on the agent.
    expect(pushed.outcome === 'applied' && pushed.pendingConfirmUntil).toBeFalsy();
    expect(agentA.service.current().params).toMatchObject({ SS_SIP_TIMEOUT_RINGING: 90 });
    expect(agentA.service.pending()).toBeUndefined();
  });

  it('fleetPush: each reachable server applied on its own revision, the unreachable one failed', async () => {
    const b = await call('servers.add', {
      server: { name: 'B', host: sshd.host, port: sshd.port, username: sshd.user.name, auth: { kind: 'key', keyPath: sshd.userKeyPath }, agentSocketPath: agentB.server.path },
    });
    idB = b.server.id;
    const draft = await call('drafts.create', { serverId: idA, title: 'fleet' });
    // A field neither server has changed since the draft's base, so each one rebases cleanly.
    await call('drafts.update', { id: draft.draft.id, expectedVersion: 0, ops: [{ op: 'param.set', name: 'SS_MAX_CALL_DURATION', value: 3600 }] });
    const { results } = await call('drafts.fleetPush', { id: draft.draft.id, serverIds: [idA, idB, idDown] });
    expect(results.map((r) => [r.serverId, r.outcome])).toEqual([
      [idA, 'applied'],
      [idB, 'applied'],
      [idDown, 'failed'],
    ]);
    expect(results[0]).toMatchObject({ revision: 3 });
    expect(results[1]).toMatchObject({ revision: 1 });
    expect(agentB.service.current().params).toMatchObject({ SS_MAX_CALL_DURATION: 3600 });
    expect(agentA.service.current().params).toMatchObject({ SS_MAX_CALL_DURATION: 3600, SS_SIP_TIMEOUT_INVITE: 20 });
    expect(results[2]).toMatchObject({ code: 'connection-refused' });
  });

  it('terminal: a shell over the shared session echoes input and reports its exit', async () => {
    expect(await call('servers.connect', { id: idA })).toMatchObject({ status: 'connected' });
    const { terminalId } = await call('terminal.open', { serverId: idA, cols: 80, rows: 24 });
    const output = () =>
      events
        .filter((e) => e.event === 'terminal.data' && (e.payload as { terminalId: string }).terminalId === terminalId)
        .map((e) => (e.payload as { data: string }).data)
        .join('');
    await call('terminal.write', { terminalId, data: 'echo typed-$((6*7))\n' });
    await expect.poll(output, { timeout: 10_000 }).toMatch(/typed-42/);
    await call('terminal.write', { terminalId, data: 'exit 3\n' });
    await expect
      .poll(() => events.find((e) => e.event === 'terminal.exit' && (e.payload as { terminalId: string }).terminalId === terminalId)?.payload, { timeout: 10_000 })
      .toEqual({ terminalId, code: 3, signal: null });
    expect(await host.call('terminal.write', { terminalId, data: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('an unreachable server fails to connect with a reason and a failed state', async () => {
    const out = await host.call('servers.connect', { id: idDown });
    expect(out).toMatchObject({ ok: false, error: { code: 'TIMEOUT', data: { reason: 'connection-refused' } } });
    expect(states(idDown).at(-1)).toBe('failed');
  });

  it('a changed host key is a hard stop: no prompt, PERMISSION_DENIED naming it', async () => {
    await call('servers.disconnect', { id: idA });
    await sshd.changeHostKey();
    const out = await host.call('servers.connect', { id: idA });
    expect(out).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', data: { reason: 'host-key-changed' } } });
    if (!out.ok) expect(out.error.message).toMatch(/CHANGED/);
    const last = events.filter((e) => e.event === 'connection.state').at(-1)?.payload;
    expect(last).toMatchObject({ serverId: idA, state: 'failed', error: { code: 'host-key-changed' } });
  });
});

describe('host core where sshd forbids streamlocal', () => {
  let sshd: TestSshd;
  let dir: string;
  let host: Host;

  beforeAll(async () => {
    sshd = await TestSshd.start({ allowStreamLocal: false });
    dir = await mkdtemp(join(tmpdir(), 'sd-host-nostream-'));
    host = createHost({ dataDir: join(dir, 'host-data'), knownHostsReadOnlyFiles: [], warn: () => {}, tuning: { sshTimeoutMs: 10_000 } });
  });
  afterAll(async () => {
    await host?.close();
    await sshd?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('falls back to `switch-agent connect` over exec and reports both failures when that is missing too', async () => {
    const added = await host.call('servers.add', {
      server: { name: 'NoStream', host: sshd.host, port: sshd.port, username: sshd.user.name, auth: { kind: 'key', keyPath: sshd.userKeyPath }, agentSocketPath: '/run/none/admin.sock' },
    });
    if (!added.ok) throw new Error(added.error.message);
    const id = (added.result as { server: { id: string } }).server.id;
    const prompt = await host.call('servers.connect', { id });
    if (!prompt.ok || (prompt.result as { status: string }).status !== 'hostKeyPrompt') throw new Error(`expected a host key prompt: ${JSON.stringify(prompt)}`);
    const promptId = (prompt.result as { hostKeyPrompt: { promptId: string } }).hostKeyPrompt.promptId;
    const out = await host.call('hostKeys.decide', { promptId, decision: 'accept-once' });
    expect(out).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', data: { reason: 'channel-refused' } } });
    if (!out.ok) {
      expect(out.error.message).toContain('/run/none/admin.sock');
      // Missing, or (while a packaging test has /usr/bin/switch-agent installed) present but
      // finding no agent at that socket: either way the fallback's own failure is reported.
      expect(out.error.message).toMatch(/fallback `switch-agent connect` failed: .*(not found|No such file|is not running)/);
    }
  });
});
