/**
 * A subscription survives an SSH outage: createHost → real OpenSSH sshd (test/support/sshd) →
 * streamlocal channel → a real switch-agent (startAgent in-process, engine disabled) with its
 * `logs` topic. sshd is restarted under the open connection; the host reconnects by itself, the
 * subscription carries on under the same subscriptionId with the gap reported, and a config.apply
 * that was in flight during the restart fails as "may or may not have been applied" and is never
 * sent a second time.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentTopicItem } from '@shared/rpc/events';
import type { HostEventName } from '@shared/rpc/hostApi';
import { createHost, type Host } from '../../../electron/core';
import type { RunningAgent } from '../../../switch-agent/src/serve';
import type { TestSshd } from '../../support/sshd';
import { addTrustedServer, hostCall, startSshAgent, type SshAgentRig } from './hostRig';

type LogItem = AgentTopicItem<'logs'>;
interface Batch {
  subscriptionId: string;
  items: LogItem[];
  dropped: number;
}

describe('host subscriptions across an sshd restart', () => {
  let rig: SshAgentRig;
  let sshd: TestSshd;
  let agent: RunningAgent;
  let host: Host;
  let serverId = '';
  let subscriptionId = '';
  const events: { event: HostEventName; payload: unknown }[] = [];
  const call = hostCall(() => host);
  const payloads = <T>(event: HostEventName, from = 0) => events.slice(from).filter((e) => e.event === event).map((e) => e.payload as T);
  const batches = (from = 0) => payloads<Batch>('agent.items', from).filter((b) => b.subscriptionId === subscriptionId);
  const texts = (from = 0) => batches(from).flatMap((b) => b.items.map((i) => i.text));
  const states = (from = 0) => payloads<{ serverId: string; state: string }>('connection.state', from).filter((s) => s.serverId === serverId).map((s) => s.state);
  const currentSnapshot = async () => {
    const got = await call('agent.call', { serverId, method: 'config.get', params: {} });
    return (got.result as { snapshot: { revision: number; params: Record<string, unknown> } }).snapshot;
  };
  /** Resolves once the host has gone through connecting and is connected again. */
  const reconnected = (from: number) =>
    expect
      .poll(() => {
        const s = states(from);
        return s.includes('connecting') && s.at(-1) === 'connected';
      }, { timeout: 30_000, interval: 50 })
      .toBe(true);

  beforeAll(async () => {
    rig = await startSshAgent('sub-resume');
    ({ sshd, agent } = rig);
    host = createHost({
      dataDir: join(rig.dir, 'host-data'),
      knownHostsReadOnlyFiles: [],
      warn: () => {},
      tuning: {
        sshTimeoutMs: 10_000,
        sshReconnect: { baseDelayMs: 100, maxDelayMs: 500, maxAttempts: 40 },
        agentBackoff: { initialMs: 50, maxMs: 500 },
      },
    });
    host.onEvent((event, payload) => events.push({ event, payload }));
  });
  afterAll(async () => {
    await host?.close();
    await rig?.stop();
  });

  it('connects, subscribes to logs and sees the line a config.apply writes', async () => {
    const trusted = await addTrustedServer(call, rig, 'Resume');
    serverId = trusted.serverId;
    expect(trusted.decided).toMatchObject({ status: 'connected', role: 'admin' });

    ({ subscriptionId } = await call('agent.subscribe', { serverId, topic: 'logs', params: { sources: ['agent'] } }));
    // The backlog arrives first: the agent's start-up line is older than this subscription.
    await expect.poll(() => texts(), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/^switch-agent ready /));

    const applied = await call('agent.call', { serverId, method: 'config.apply', params: { baseRevision: 0, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 20 }], comment: 'before the outage' } });
    expect(applied.result).toMatchObject({ revision: 1 });
    await expect.poll(() => texts(), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/^revision 1 \(apply, confirmed\) by /));
    for (const b of batches()) expect(b.items.every((i) => i.source === 'agent' && i.level !== 'debug')).toBe(true);
  });

  it('after sshd restarts, the host reconnects and the same subscription carries on with the gap reported', async () => {
    const from = events.length;
    await sshd.restart();
    await reconnected(from);

    const applied = await call('agent.call', { serverId, method: 'config.apply', params: { baseRevision: 1, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_RINGING', value: 90 }], comment: 'after the outage' } });
    expect(applied.result).toMatchObject({ revision: 2 });
    await expect.poll(() => texts(from), { timeout: 15_000 }).toContainEqual(expect.stringMatching(/^revision 2 \(apply, confirmed\) by /));
    // The first batch after the outage says items may be missing (the size of the gap is unknown).
    expect(batches(from)[0]?.dropped).toBeGreaterThanOrEqual(1);
    // …and the resumed subscription asked only for newer lines: nothing seen before the outage comes again.
    const before = new Set(batches().slice(0, batches().length - batches(from).length).flatMap((b) => b.items.map((i) => `${i.t} ${i.text}`)));
    const repeated = batches(from).flatMap((b) => b.items.map((i) => `${i.t} ${i.text}`)).filter((k) => before.has(k));
    expect(repeated).toEqual([]);
    expect(payloads('agent.subscriptionEnded')).toEqual([]);
  });

  it('a config.apply in flight while sshd restarts fails as "may or may not have been applied" and is not applied twice', async () => {
    // Frozen sshd: the request leaves the host but cannot reach the agent before the restart.
    await sshd.freezeConnections();
    const from = events.length;
    const inFlight = host.call('agent.call', {
      serverId,
      method: 'config.apply',
      params: { baseRevision: 2, ops: [{ op: 'param.set', name: 'SS_MAX_CALL_DURATION', value: 3600 }], comment: 'in flight' },
    });
    await new Promise((r) => setTimeout(r, 300));
    await sshd.restart();
    const out = await inFlight;
    expect(out).toMatchObject({ ok: false, error: { code: 'TIMEOUT', data: { connectionLost: true, method: 'config.apply', mutating: true, outcome: 'unknown' } } });
    if (!out.ok) expect(out.error.message).toMatch(/connection to .+ lost while 'config\.apply' was in flight .*may or may not have been applied — check the history/);

    await reconnected(from);
    // Time for any (wrong) re-send to land before the history is read.
    await new Promise((r) => setTimeout(r, 500));
    const history = await call('agent.call', { serverId, method: 'config.history', params: {} });
    const revisions = (history.result as { revisions: { revision: number; comment: string }[] }).revisions;
    expect(revisions.filter((r) => r.comment === 'in flight').length).toBeLessThanOrEqual(1);
    expect(revisions.map((r) => r.revision)[0]).toBeLessThanOrEqual(3);
    expect(agent.service.current().revision).toBe(revisions[0]?.revision);
    const snapshot = await currentSnapshot();
    expect(snapshot.revision).toBe(revisions[0]?.revision);

    // The subscription is still the same one after the second outage.
    const applied = await call('agent.call', { serverId, method: 'config.apply', params: { baseRevision: snapshot.revision, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 25 }], comment: 'after the second outage' } });
    const revision = (applied.result as { revision: number }).revision;
    // Not anchored: the agent's log folds lines of the same shape within 10 s, and then prints this one
    // after "[1 more similar line in 10 s not shown; the last one:]" (seen in CI on a loaded machine).
    await expect.poll(() => texts(from), { timeout: 15_000 }).toContainEqual(expect.stringMatching(new RegExp(`revision ${revision} \\(apply, confirmed\\) by `)));
    expect(payloads('agent.subscriptionEnded')).toEqual([]);
  });
});
