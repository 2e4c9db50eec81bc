// The `logs` topic through a real RpcConnection over an in-memory transport: backlog, live lines,
// filters, credit, unsubscribe and disconnect, and the agent's own (teed) logger as a producer.
import { describe, expect, it } from 'vitest';
import { RpcConnection } from '../rpc/connection';
import { Dispatcher } from '../rpc/dispatcher';
import { silentLogger, type RpcLogger } from '../rpc/log';
import { FakeTransport, clientHello, settle } from '../rpc/testkit';
import type { LogEntry } from './logFilter';
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
    const ring = new LogRing(10);
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
    const c = await open(new LogRing(4));
    const res = await c.request('subscribe', { topic: 'logs', filter: { minLevel: 'loud' }, credit: 10 });
    expect(res.error).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(JSON.stringify(res.error)).toContain('filter.minLevel');
    const extra = await c.request('subscribe', { topic: 'logs', filter: { sources: ['sshd'] }, credit: 10 });
    expect(JSON.stringify(extra.error)).toContain('filter.sources');
  });

  it('respects credit: the backlog waits for credit and overflow drops the oldest with a marker', async () => {
    const ring = new LogRing(5);
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
    const ring = new LogRing(4);
    const c = await open(ring);
    const res = await c.request('subscribe', { topic: 'logs', credit: 10 });
    const subId = (res.result as { subId: string }).subId;
    await c.request('subscribe', { topic: 'logs', credit: 10 });
    expect(ring.listenerCount).toBe(2);
    const un = await c.request('unsubscribe', { subId });
    expect(un.result).toMatchObject({ subId, delivered: 0, dropped: 0 });
    expect(ring.listenerCount).toBe(1);
    ring.append(line(1, 'error', 'agent'));
    await settle();
    expect(c.data(subId)).toEqual([]);
    c.transport.peerClose();
    await settle();
    expect(ring.listenerCount).toBe(0);
  });

  it("carries the agent's own log lines, including the connection's, without feeding back on itself", async () => {
    const ring = new LogRing(50);
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
