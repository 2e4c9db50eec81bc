// The `trace` topic through a real RpcConnection over an in-memory transport: held then live
// messages with their groups, credit, an exact drop marker for messages let go while the client
// had no credit, and the end once the session stopped.
import { describe, expect, it } from 'vitest';
import { AGENT_METHODS } from '@shared/rpc/agentApi';
import type { TraceItem } from '@shared/rpc/traceApi';
import { FakeClock } from '../../doubles/agent/fakeClock';
import { RpcConnection } from '../../../switch-agent/src/rpc/connection';
import { Dispatcher } from '../../../switch-agent/src/rpc/dispatcher';
import { silentLogger } from '../../../switch-agent/src/rpc/log';
import { FakeTransport, clientHello, settle } from '../../doubles/agent/rpcTestkit';
import { traceMessage } from '../../support/traceMessages';
import { TraceSessions } from '../../../switch-agent/src/trace/sessions';
import { traceTopic } from '../../../switch-agent/src/trace/traceTopic';

async function open(sessionBytes = 1 << 20, role: 'admin' | 'view' = 'admin') {
  const clock = new FakeClock(5_000);
  const sessions = new TraceSessions({ clock, capture: async () => {}, resolveGateway: () => undefined, limits: { sessionBytes } });
  const dispatcher = Dispatcher.create({}, {}, { trace: traceTopic(sessions) }, silentLogger);
  const transport = new FakeTransport();
  new RpcConnection(transport, { id: 'c1', role, socket: `${role}.sock`, dispatcher, agent: { version: '0.1.0', hostname: 'sw1' }, logger: silentLogger });
  transport.send(clientHello());
  const hello = await transport.waitFor((f) => f.type === 'hello');
  let nextId = 1;
  const request = async (method: string, params: unknown) => {
    const id = nextId++;
    const from = transport.frames().length;
    transport.send({ type: 'req', id, method, params });
    return transport.response(id, from);
  };
  const frames = (subId: string) => transport.frames().filter((f) => (f.type === 'data' || f.type === 'end') && f.subId === subId);
  const items = (subId: string) => frames(subId).flatMap((f) => (f.items as TraceItem[] | undefined) ?? []);
  const start = (params: object = {}) => sessions.start('c0', AGENT_METHODS['trace.start'].params.parse(params));
  const subscribe = async (filter: object, credit: number) => (await request('subscribe', { topic: 'trace', filter, credit })).result as { subId: string };
  return { clock, sessions, transport, hello, request, frames, items, start, subscribe };
}

describe('trace topic over the protocol', () => {
  it('sends held then live messages with dialog and transaction ids, and ends when the session stops', async () => {
    const c = await open();
    expect(c.hello.capabilities).toContain('topic:trace');
    const s = await c.start({ durationSec: 30 });
    c.sessions.offer(traceMessage({ method: 'INVITE', callId: 'x1' }, { t: 1_700_000_000_250 }));
    const { subId } = await c.subscribe({ sessionId: s.sessionId }, 100);
    await settle();
    c.sessions.offer(traceMessage({ status: 200, callId: 'x1', cseq: '1 INVITE' }, { src: '127.0.0.1', dst: '127.0.0.2', srcPort: 5060, dstPort: 5070 }));
    await settle();
    const items = c.items(subId);
    expect(items.map(({ raw, ...rest }) => ({ ...rest, firstLine: raw.split('\r\n')[0] }))).toEqual([
      { n: 0, t: 1_700_000_000_250, src: { ip: '127.0.0.2', port: 5070 }, dst: { ip: '127.0.0.1', port: 5060 }, proto: 'udp', dialog: 'd1', transaction: 't1', method: 'INVITE', callId: 'x1', cseq: '1 INVITE', caller: '1001', callee: '3005550100', firstLine: 'INVITE sip:3005550100@127.0.0.1 SIP/2.0' },
      { n: 1, t: 1_700_000_000_000, src: { ip: '127.0.0.1', port: 5060 }, dst: { ip: '127.0.0.2', port: 5070 }, proto: 'udp', dialog: 'd1', transaction: 't1', status: 200, reason: 'Reason', callId: 'x1', cseq: '1 INVITE', caller: '1001', callee: '3005550100', firstLine: 'SIP/2.0 200 Reason' },
    ]);
    c.clock.advance(30_000);
    await settle();
    expect(c.frames(subId).at(-1)).toEqual({ type: 'end', subId, seq: 2 });
  });

  it('gives a slow reader an exact drop marker for messages the byte cap let go, then the rest in order', async () => {
    const c = await open(3000);
    const s = await c.start({ maxMessages: 20 });
    const { subId } = await c.subscribe({ sessionId: s.sessionId }, 2);
    const offer = (i: number) => c.sessions.offer(traceMessage({ method: 'OPTIONS', callId: `m${i}` }));
    offer(0);
    offer(1);
    await settle();
    expect(c.items(subId).map((i) => i.n)).toEqual([0, 1]);
    // Out of credit while 18 more arrive: the store keeps 3000 bytes, so the oldest go.
    for (let i = 2; i < 20; i++) offer(i);
    await settle();
    const store = c.sessions.get(s.sessionId)!.store;
    const first = store.firstHeld;
    expect(first).toBeGreaterThan(2);
    c.transport.send({ type: 'credit', subId, credit: 100 });
    await settle();
    const frames = c.frames(subId);
    expect(frames.find((f) => f.dropped !== undefined)).toEqual({ type: 'data', subId, seq: 2, dropped: first - 2 });
    expect(c.items(subId).map((i) => i.n)).toEqual([0, 1, ...Array.from({ length: 20 - first }, (_, i) => first + i)]);
    // Stopped at its cap; every number is accounted for.
    expect(frames.at(-1)).toEqual({ type: 'end', subId, seq: 20 });
  });

  it('from "now" skips what the session holds; a discarded session ends its readers', async () => {
    const c = await open();
    const s = await c.start();
    c.sessions.offer(traceMessage({ method: 'INVITE', callId: 'old' }));
    const { subId } = await c.subscribe({ sessionId: s.sessionId, from: 'now' }, 10);
    c.sessions.offer(traceMessage({ method: 'INVITE', callId: 'new' }));
    await settle();
    expect(c.items(subId).map((i) => [i.n, i.callId])).toEqual([[1, 'new']]);
    c.sessions.closeOwner('c0');
    await settle();
    expect(c.frames(subId).at(-1)).toMatchObject({ type: 'end', subId });
  });

  it('refuses an unknown session and the view socket', async () => {
    const c = await open();
    const res = await c.request('subscribe', { topic: 'trace', filter: { sessionId: 'tr-99' }, credit: 1 });
    expect(res.error).toMatchObject({ code: 'NOT_FOUND', message: 'trace session tr-99 does not exist' });
    const bad = await c.request('subscribe', { topic: 'trace', filter: { sessionId: 'x' }, credit: 1 });
    expect(JSON.stringify(bad.error)).toContain('filter.sessionId');
    const v = await open(1 << 20, 'view');
    const s = await v.start();
    expect((await v.request('subscribe', { topic: 'trace', filter: { sessionId: s.sessionId }, credit: 1 })).error).toMatchObject({ code: 'PERMISSION_DENIED' });
  });
});
