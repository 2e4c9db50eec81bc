// The `logs` topic through a real RpcConnection over an in-memory transport: backlog, live lines,
// filters, credit, unsubscribe and disconnect, and the agent's own (teed) logger as a producer.
import { describe, expect, it } from 'vitest';
import { RpcConnection } from '../rpc/connection';
import { AGENT_TOPICS } from '@shared/rpc/events';
import { Dispatcher, type CallContext, type SubscriptionSink, type TopicSpec } from '../rpc/dispatcher';
import { silentLogger, type RpcLogger } from '../rpc/log';
import { FakeTransport, clientHello, settle } from '../../../test/doubles/agent/rpcTestkit';
import type { LogEntry, LogFilter } from './logFilter';
import { LogRing } from './logRing';
import { logsTopic } from './logsTopic';
import { teeLogger } from './teeLogger';

const line = (t: number, level: LogEntry['level'], source: string): LogEntry => ({ t, level, source, text: `${source} ${level} ${t}` });

async function open(ring: LogRing, logger: RpcLogger = silentLogger, role: 'admin' | 'view' = 'view') {
  const dispatcher = Dispatcher.create({}, {}, { logs: logsTopic(ring) }, logger);
  const transport = new FakeTransport();
  new RpcConnection(transport, { id: 'c1', role, socket: `${role}.sock`, dispatcher, agent: { version: '0.1.0', hostname: 'sw1' }, logger });
  transport.send(clientHello());
  const hello = await transport.waitFor((f) => f.type === 'hello');
  let nextId = 1;
  const request = async (method: string, params: unknown) => {
    const id = nextId++;
    const from = transport.frames().length;
    transport.send({ type: 'req', id, method, params });
    return transport.response(id, from);
  };
  const data = (subId: string) => transport.frames().filter((f) => f.type === 'data' && f.subId === subId);
  const items = (subId: string) => data(subId).flatMap((f) => (f.items as LogEntry[] | undefined) ?? []);
  return { transport, hello, request, data, items };
}

describe('logs topic over the protocol', () => {
  it('is announced, replays the matching backlog, then streams matching live lines', async () => {
    const ring = new LogRing({ agent: 10, engine: 10 });
    [line(1, 'info', 'agent'), line(2, 'error', 'kamailio'), line(3, 'debug', 'kamailio'), line(4, 'warn', 'rtpengine')].forEach((e) => ring.append(e));
    const c = await open(ring);
    expect(c.hello.capabilities).toContain('topic:logs');

    const res = await c.request('subscribe', { topic: 'logs', filter: { minLevel: 'warn', sources: ['kamailio', 'rtpengine'] }, credit: 100 });
    const subId = (res.result as { subId: string }).subId;
    await settle();
    expect(c.data(subId)).toEqual([{ type: 'data', subId, seq: 0, items: [line(2, 'error', 'kamailio'), line(4, 'warn', 'rtpengine')] }]);

    ring.append(line(5, 'error', 'agent'));
    ring.append(line(6, 'warn', 'kamailio'));
    ring.append(line(7, 'info', 'kamailio'));
    ring.append(line(8, 'error', 'rtpengine'));
    await settle();
    // One live batch per tick: both matching lines in one frame, numbered after the backlog.
    expect(c.data(subId).slice(1)).toEqual([{ type: 'data', subId, seq: 2, items: [line(6, 'warn', 'kamailio'), line(8, 'error', 'rtpengine')] }]);
  });

  it('rejects a bad filter naming the field', async () => {
    const c = await open(new LogRing({ agent: 4, engine: 4 }));
    const res = await c.request('subscribe', { topic: 'logs', filter: { minLevel: 'loud' }, credit: 10 });
    expect(res.error).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(JSON.stringify(res.error)).toContain('filter.minLevel');
    const extra = await c.request('subscribe', { topic: 'logs', filter: { sources: ['sshd'] }, credit: 10 });
    expect(JSON.stringify(extra.error)).toContain('filter.sources');
  });

  it('respects credit: the backlog waits for credit and overflow drops the oldest with a marker', async () => {
    const ring = new LogRing({ agent: 5, engine: 5 });
    for (let t = 1; t <= 5; t++) ring.append(line(t, 'info', 'agent'));
    const c = await open(ring);
    const res = await c.request('subscribe', { topic: 'logs', credit: 2 });
    const subId = (res.result as { subId: string }).subId;
    await settle();
    expect(c.items(subId).map((e) => e.t)).toEqual([1, 2]);
    // The buffer holds a ring's worth (5): three waiting, then three more live lines push out the oldest one.
    for (let t = 6; t <= 8; t++) ring.append(line(t, 'info', 'agent'));
    await settle();
    c.transport.send({ type: 'credit', subId, credit: 100 });
    await settle();
    const frames = c.data(subId);
    expect(frames.find((f) => f.dropped !== undefined)).toMatchObject({ seq: 2, dropped: 1 });
    expect(c.items(subId).map((e) => e.t)).toEqual([1, 2, 4, 5, 6, 7, 8]);
  });

  it('unsubscribe and disconnect stop the producer (no listener stays on the ring)', async () => {
    const ring = new LogRing({ agent: 4, engine: 4 });
    const c = await open(ring);
    const res = await c.request('subscribe', { topic: 'logs', credit: 10 });
    const subId = (res.result as { subId: string }).subId;
    await c.request('subscribe', { topic: 'logs', credit: 10 });
    expect(ring.readerCount).toBe(2);
    const un = await c.request('unsubscribe', { subId });
    expect(un.result).toMatchObject({ subId, delivered: 0, dropped: 0 });
    expect(ring.readerCount).toBe(1);
    ring.append(line(1, 'error', 'agent'));
    await settle();
    expect(c.data(subId)).toEqual([]);
    c.transport.peerClose();
    await settle();
    expect(ring.readerCount).toBe(0);
  });

  it("carries the agent's own log lines, including the connection's, without feeding back on itself", async () => {
    const ring = new LogRing({ agent: 50, engine: 50 });
    const log = teeLogger(silentLogger, ring, () => 1000);
    const c = await open(ring, log, 'admin');
    const res = await c.request('subscribe', { topic: 'logs', filter: { sources: ['agent'] }, credit: 100 });
    const subId = (res.result as { subId: string }).subId;
    log.warn('engine did not start', { error: 'kamailio: bind failed' });
    await settle();
    const texts = c.items(subId).map((e) => `${e.level} ${e.text}`);
    expect(texts[0]).toMatch(/^info rpc client connected/);
    expect(texts.at(-1)).toBe('warn engine did not start {"error":"kamailio: bind failed"}');
    expect(texts).toHaveLength(2);
  });
});

describe('logs topic backlog is shared', () => {
  // A sink standing in for a subscription: records what the producer hands over.
  function fakeSink(credit: number) {
    const abort = new AbortController();
    const got = { pushed: [] as LogEntry[], skipped: 0, demand: credit, onDemand: undefined as (() => void) | undefined };
    const sink: SubscriptionSink<LogEntry> = {
      push: (items) => {
        got.pushed.push(...items);
        got.demand -= items.length;
      },
      skip: (n) => (got.skipped += n),
      end: () => {},
      signal: abort.signal,
      get demand() {
        return got.demand;
      },
      onDemand: (listener) => (got.onDemand = listener),
    };
    return { sink, got, abort };
  }
  const openTopic = (ring: LogRing, sink: SubscriptionSink<LogEntry>, filter: unknown = {}) =>
    (logsTopic(ring) as unknown as TopicSpec<LogFilter, LogEntry>).open(AGENT_TOPICS.logs.params.parse(filter), sink, {} as CallContext);

  it('a subscription without credit takes no copy of the backlog or of live lines', async () => {
    const ring = new LogRing({ agent: 2000, engine: 2000 });
    for (let t = 1; t < 2000; t++) ring.append(line(t, 'info', 'kamailio'));
    const subs = Array.from({ length: 32 }, () => fakeSink(0));
    for (const s of subs) await openTopic(ring, s.sink);
    ring.append(line(2000, 'error', 'kamailio'));
    await settle();
    expect(subs.map((s) => s.got.pushed.length)).toEqual(subs.map(() => 0));
    // Credit arrives: the producer takes exactly that much from its cursor.
    const first = subs[0]!;
    first.got.demand = 3;
    first.got.onDemand?.();
    expect(first.got.pushed.map((e) => e.t)).toEqual([1, 2, 3]);
  });

  it('a subscriber that falls behind the ring is told how many matching lines it lost', async () => {
    const ring = new LogRing({ agent: 4, engine: 4 });
    const s = fakeSink(0);
    await openTopic(ring, s.sink, { minLevel: 'warn' });
    // 10 lines, every other one a warning: the 4 newest stay, 3 lost warnings (t = 2, 4, 6).
    for (let t = 1; t <= 10; t++) ring.append(line(t, t % 2 === 0 ? 'warn' : 'info', 'rtpengine'));
    s.got.demand = 100;
    s.got.onDemand?.();
    expect(s.got.skipped).toBe(3);
    expect(s.got.pushed.map((e) => e.t)).toEqual([8, 10]);
    s.abort.abort();
    expect(ring.readerCount).toBe(0);
  });
});
