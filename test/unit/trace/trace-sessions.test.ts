// The session manager with a fake clock and a recorded capture switch: filters, caps, duration,
// ownership, grouping into dialogs and transactions, and when siptrace is switched.
import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/rpc/errors';
import { AGENT_METHODS } from '@shared/rpc/agentApi';
import { FakeClock } from '../../doubles/agent/fakeClock';
import { traceMessage } from '../../support/traceMessages';
import { TraceSessions } from '../../../switch-agent/src/trace/sessions';
import { SessionStore } from '../../../switch-agent/src/trace/sessionStore';

function rig(o: { failCapture?: boolean; sessionBytes?: number } = {}) {
  const clock = new FakeClock(1_000_000);
  const switched: boolean[] = [];
  const sessions = new TraceSessions({
    clock,
    capture: async (on) => {
      if (o.failCapture) throw new Error('kamailio rpc: engine not started');
      switched.push(on);
    },
    resolveGateway: (name) => (name === 'gw1' ? [{ ip: '127.0.0.3', port: 5090 }] : undefined),
    ...(o.sessionBytes !== undefined && { limits: { sessionBytes: o.sessionBytes } }),
  });
  const start = (owner: string, params: object = {}) => sessions.start(owner, AGENT_METHODS['trace.start'].params.parse(params));
  return { clock, switched, sessions, start };
}

const caught = async (p: Promise<unknown> | (() => unknown)): Promise<RpcError> => {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof RpcError) return e;
    throw e;
  }
  throw new Error('expected an RpcError');
};

describe('trace sessions', () => {
  it('switches capture on for the first session and off after the last, and costs nothing without sessions', async () => {
    const r = rig();
    r.sessions.offer(traceMessage({ method: 'INVITE' }));
    const a = await r.start('c1');
    expect(r.switched).toEqual([true]);
    const b = await r.start('c2');
    expect(r.switched).toEqual([true]);
    r.sessions.stop('c1', a.sessionId, false);
    await Promise.resolve();
    expect(r.switched).toEqual([true]);
    r.sessions.stop('c2', b.sessionId, false);
    await r.sessions.close();
    expect(r.switched).toEqual([true, false]);
    expect(r.sessions.capturing).toBe(false);
  });

  it('keeps only matching messages per session, several sessions at once', async () => {
    const r = rig();
    const a = await r.start('c1', { filter: { callId: 'c-1' } });
    const b = await r.start('c2', { filter: { methods: ['OPTIONS'] } });
    r.sessions.offer(traceMessage({ method: 'INVITE', callId: 'c-1' }));
    r.sessions.offer(traceMessage({ method: 'OPTIONS', callId: 'c-2' }));
    r.sessions.offer(traceMessage({ status: 200, callId: 'c-1' }));
    expect(r.sessions.get(a.sessionId)!.store.range(0, 10).map((h) => h.method ?? h.status)).toEqual(['INVITE', 200]);
    expect(r.sessions.get(b.sessionId)!.store.range(0, 10).map((h) => h.callId)).toEqual(['c-2']);
    expect(r.sessions.list('c1').map((s) => [s.sessionId, s.matched, s.mine])).toEqual([[a.sessionId, 2, true], [b.sessionId, 1, false]]);
  });

  it('stops by itself at its duration, on the injected clock', async () => {
    const r = rig();
    const s = await r.start('c1', { durationSec: 60 });
    expect(s.endsAt - s.startedAt).toBe(60_000);
    r.clock.advance(59_999);
    expect(r.sessions.get(s.sessionId)!.state).toBe('running');
    r.clock.advance(1);
    expect(r.sessions.list('c1')[0]).toMatchObject({ state: 'stopped', stopReason: 'duration' });
    r.sessions.offer(traceMessage({ method: 'INVITE' }));
    expect(r.sessions.list('c1')[0]!.matched).toBe(0);
    await r.sessions.close();
    expect(r.switched).toEqual([true, false]);
  });

  it('stops at its message cap', async () => {
    const r = rig();
    const s = await r.start('c1', { maxMessages: 3 });
    for (let i = 0; i < 5; i++) r.sessions.offer(traceMessage({ method: 'OPTIONS', callId: `c${i}` }));
    expect(r.sessions.list('c1')[0]).toMatchObject({ sessionId: s.sessionId, state: 'stopped', stopReason: 'max-messages', matched: 3 });
  });

  it('holds at most its byte cap, letting the oldest go and counting them', async () => {
    const r = rig({ sessionBytes: 1000 });
    const s = await r.start('c1');
    for (let i = 0; i < 10; i++) r.sessions.offer(traceMessage({ method: 'OPTIONS', callId: `c${i}` }));
    const store = r.sessions.get(s.sessionId)!.store;
    expect(store.bytes).toBeLessThanOrEqual(1000);
    expect(store.matched).toBe(10);
    expect(store.firstHeld).toBeGreaterThan(0);
    expect(store.range(store.firstHeld, 100).map((h) => h.n)).toEqual(Array.from({ length: 10 - store.firstHeld }, (_, i) => store.firstHeld + i));
    expect(store.range(0, 100)).toEqual([]);
  });

  it('belongs to its connection: others cannot stop it, closing the connection discards it', async () => {
    const r = rig();
    const s = await r.start('c1');
    expect((await caught(() => r.sessions.stop('c2', s.sessionId, false))).code).toBe('NOT_FOUND');
    r.sessions.closeOwner('c1');
    expect(r.sessions.list('c1')).toEqual([]);
    expect(r.sessions.get(s.sessionId)).toBeUndefined();
  });

  it('limits sessions per connection, making room by discarding a stopped one', async () => {
    const r = rig();
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await r.start('c1')).sessionId);
    expect((await caught(r.start('c1'))).code).toBe('TOO_MANY_REQUESTS');
    r.sessions.stop('c1', ids[1]!, false);
    await r.start('c1');
    expect(r.sessions.list('c1').map((s) => s.sessionId)).not.toContain(ids[1]);
  });

  it('refuses an unknown gateway naming the field, and a failed capture switch as ENGINE_FAILED without a session', async () => {
    const r = rig();
    const e = await caught(r.start('c1', { filter: { gateway: 'nope' } }));
    expect([e.code, e.message]).toEqual(['VALIDATION_FAILED', 'filter.gateway: there is no gateway named "nope"']);
    expect((await r.start('c1', { filter: { gateway: 'gw1' } })).filter).toEqual({ gateway: 'gw1' });
    const f = rig({ failCapture: true });
    const e2 = await caught(f.start('c1'));
    expect(e2.code).toBe('ENGINE_FAILED');
    expect(e2.message).toMatch(/did not switch on SIP mirroring \(kamailio rpc: engine not started\)/);
    expect(f.sessions.list('c1')).toEqual([]);
  });

  it('switches capture on again after the engine restarted while sessions run', async () => {
    const r = rig();
    await r.start('c1');
    r.sessions.engineStarted();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(r.switched).toEqual([true, true]);
    await r.sessions.close();
    expect(r.switched).toEqual([true, true, false]);
  });
});

describe('grouping into dialogs and transactions', () => {
  it('groups by Call-ID, and by CSeq and top Via branch; a failure ACK joins its INVITE, a 2xx ACK stands alone', () => {
    const store = new SessionStore(1 << 20);
    const msgs = [
      { method: 'INVITE', callId: 'a', branch: 'z9hG4bK-i1' },
      { status: 100, callId: 'a', cseq: '1 INVITE', branch: 'z9hG4bK-i1' },
      { method: 'INVITE', callId: 'a', branch: 'z9hG4bK-i2' }, // the proxy's leg
      { status: 200, callId: 'a', cseq: '1 INVITE', branch: 'z9hG4bK-i1' },
      { method: 'ACK', callId: 'a', cseq: '1 ACK', branch: 'z9hG4bK-a1' },
      { method: 'INVITE', callId: 'b', branch: 'z9hG4bK-j1' },
      { status: 486, callId: 'b', cseq: '1 INVITE', branch: 'z9hG4bK-j1' },
      { method: 'ACK', callId: 'b', cseq: '1 ACK', branch: 'z9hG4bK-j1' },
      { method: 'BYE', callId: 'a', cseq: '2 BYE', branch: 'z9hG4bK-b1' },
    ];
    const got = msgs.map((m) => store.append(traceMessage(m))).map((h) => `${h.dialog}/${h.transaction}`);
    expect(got).toEqual(['d1/t1', 'd1/t1', 'd1/t2', 'd1/t1', 'd1/t3', 'd2/t4', 'd2/t4', 'd2/t4', 'd1/t5']);
    expect(store.append(traceMessage('not sip at all\r\n')).dialog).toBe('d0');
  });
});
