import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { AgentFrameSchema } from '@shared/rpc/frames';
import { RpcError } from '@shared/rpc/errors';
import { Subscription } from './subscription';
import { openFixture, type Fixture } from '../../../test/doubles/agent/rpcFixture';
import { settle } from '../../../test/doubles/agent/rpcTestkit';

type Frame = Record<string, unknown>;

async function subscribe(fx: Fixture, params: Record<string, unknown>, id: string | number = 'sub'): Promise<string> {
  fx.transport.send({ type: 'req', id, method: 'subscribe', params });
  const res = await fx.transport.response(id);
  if (!res.result) throw new Error(`subscribe failed: ${JSON.stringify(res.error)}`);
  return (res.result as { subId: string }).subId;
}

const dataFrames = (fx: Fixture, subId: string): Frame[] =>
  fx.transport.frames().filter((f) => (f.type === 'data' || f.type === 'end') && f.subId === subId);

describe('subscriptions through a connection', () => {
  it('delivers up to credit, buffers the rest, and resumes in order when credit arrives', async () => {
    const fx = await openFixture();
    const subId = await subscribe(fx, { topic: 'ticks', credit: 3 });
    fx.sinks[0]?.push([0, 1, 2, 3, 4].map((n) => ({ n })));
    expect(dataFrames(fx, subId)).toEqual([{ type: 'data', subId, seq: 0, items: [{ n: 0 }, { n: 1 }, { n: 2 }] }]);
    expect(fx.sinks[0]?.demand).toBe(0);
    fx.transport.send({ type: 'credit', subId, credit: 10 });
    expect(dataFrames(fx, subId)[1]).toEqual({ type: 'data', subId, seq: 3, items: [{ n: 3 }, { n: 4 }] });
    expect(fx.sinks[0]?.demand).toBe(8);
  });

  it('a pull producer hears of activation and credit, and its skipped items become a numbered drop marker', async () => {
    const fx = await openFixture();
    const subId = await subscribe(fx, { topic: 'ticks', credit: 0 });
    const sink = fx.sinks[0];
    const demands: number[] = [];
    sink?.onDemand(() => demands.push(sink.demand));
    sink?.skip(3);
    fx.transport.send({ type: 'credit', subId, credit: 2 });
    expect(demands).toEqual([2]);
    sink?.push([{ n: 3 }, { n: 4 }]);
    expect(dataFrames(fx, subId)).toEqual([
      { type: 'data', subId, seq: 0, dropped: 3 },
      { type: 'data', subId, seq: 3, items: [{ n: 3 }, { n: 4 }] },
    ]);
  });

  it('a pull producer has no demand before the subscribe response, then hears of the whole credit', () => {
    const lines: string[] = [];
    const sub = new Subscription({ subId: 's', credit: 8, bufferItems: 2, maxFrameBytes: 65536, send: (l) => lines.push(l) });
    const demands: number[] = [];
    sub.onDemand(() => demands.push(sub.demand));
    // The calls topic pushes its first full set as far as demand allows: before activation, nothing.
    expect(sub.demand).toBe(0);
    sub.activate();
    expect(demands).toEqual([8]);
    sub.pushSerialized([0, 1, 2, 3, 4, 5].map((n) => ({ json: JSON.stringify({ n }), bytes: 8 })));
    expect(lines.map((l) => (JSON.parse(l) as { items?: unknown[] }).items)).toEqual([[0, 1, 2, 3, 4, 5].map((n) => ({ n }))]);
  });

  it('credit exhaustion → bounded buffer → drop marker with count, then the newest items in order', async () => {
    const fx = await openFixture({ limits: { subscriptionBufferItems: 4 } });
    const subId = await subscribe(fx, { topic: 'ticks', credit: 2 });
    fx.sinks[0]?.push(Array.from({ length: 10 }, (_, n) => ({ n })));
    expect(dataFrames(fx, subId)).toHaveLength(1);
    fx.transport.send({ type: 'credit', subId, credit: 100 });
    fx.sinks[0]?.push([{ n: 10 }]);
    expect(dataFrames(fx, subId)).toEqual([
      { type: 'data', subId, seq: 0, items: [{ n: 0 }, { n: 1 }] },
      { type: 'data', subId, seq: 2, dropped: 4 },
      { type: 'data', subId, seq: 6, items: [{ n: 6 }, { n: 7 }, { n: 8 }, { n: 9 }] },
      { type: 'data', subId, seq: 10, items: [{ n: 10 }] },
    ]);
    for (const f of dataFrames(fx, subId)) expect(AgentFrameSchema.safeParse(f).success).toBe(true);
    fx.transport.send({ type: 'req', id: 'u', method: 'unsubscribe', params: { subId } });
    expect(await fx.transport.response('u')).toMatchObject({ result: { subId, delivered: 7, dropped: 4 } });
  });

  it('sends the subscribe response before any item a producer pushes while opening, then end', async () => {
    const fx = await openFixture();
    fx.transport.send({ type: 'req', id: 'b', method: 'subscribe', params: { topic: 'burst', filter: { count: 3 }, credit: 2 } });
    await fx.transport.response('b');
    const frames = fx.transport.frames().slice(1);
    expect(frames[0]).toMatchObject({ type: 'res', id: 'b', result: { subId: 's1' } });
    expect(frames[1]).toEqual({ type: 'data', subId: 's1', seq: 0, items: [{ n: 0 }, { n: 1 }] });
    expect(frames).toHaveLength(2);
    // `end` waits behind the buffered item, which waits for credit.
    fx.transport.send({ type: 'credit', subId: 's1', credit: 5 });
    expect(fx.transport.frames().slice(3)).toEqual([
      { type: 'data', subId: 's1', seq: 2, items: [{ n: 2 }] },
      { type: 'end', subId: 's1', seq: 3 },
    ]);
    // After end the subscription is gone: unsubscribe finds nothing.
    fx.transport.send({ type: 'req', id: 'u', method: 'unsubscribe', params: { subId: 's1' } });
    expect(await fx.transport.response('u')).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('a producer ending with an error sends end with that error', async () => {
    const fx = await openFixture();
    const subId = await subscribe(fx, { topic: 'ticks', credit: 5 });
    fx.sinks[0]?.end(new RpcError('ENGINE_FAILED', 'kamailio stopped answering'));
    expect(dataFrames(fx, subId)).toEqual([
      { type: 'end', subId, seq: 0, error: { code: 'ENGINE_FAILED', message: 'kamailio stopped answering' } },
    ]);
  });

  it('unsubscribe stops the producer and nothing more is sent', async () => {
    const fx = await openFixture();
    const subId = await subscribe(fx, { topic: 'ticks', credit: 0 });
    const sink = fx.sinks[0];
    sink?.push([{ n: 1 }]);
    fx.transport.send({ type: 'req', id: 'u', method: 'unsubscribe', params: { subId } });
    expect(await fx.transport.response('u')).toMatchObject({ result: { subId, delivered: 0, dropped: 0 } });
    expect(fx.stopped).toEqual([0]);
    expect(sink?.signal.aborted).toBe(true);
    sink?.push([{ n: 2 }]);
    fx.transport.send({ type: 'credit', subId, credit: 5 });
    expect(dataFrames(fx, subId)).toEqual([]);
    expect(fx.transport.frames().filter((f) => f.type === 'error')).toEqual([]);
  });

  it('checks topic, role and filter, naming the filter field', async () => {
    const view = await openFixture({ role: 'view' });
    view.transport.send({ type: 'req', id: 1, method: 'subscribe', params: { topic: 'secrets', credit: 1 } });
    view.transport.send({ type: 'req', id: 2, method: 'subscribe', params: { topic: 'nope', credit: 1 } });
    view.transport.send({ type: 'req', id: 3, method: 'subscribe', params: { topic: 'ticks', filter: { every: 0 }, credit: 1 } });
    view.transport.send({ type: 'req', id: 4, method: 'subscribe', params: { topic: 'ticks' } });
    expect(await view.transport.response(1)).toMatchObject({ error: { code: 'PERMISSION_DENIED' } });
    expect(await view.transport.response(2)).toMatchObject({ error: { code: 'NOT_FOUND', data: { topic: 'nope' } } });
    const bad = (await view.transport.response(3)).error as { code: string; message: string };
    expect(bad.code).toBe('INVALID_PARAMS');
    expect(bad.message).toContain('filter.every');
    expect(await view.transport.response(4)).toMatchObject({ error: { code: 'INVALID_PARAMS', message: expect.stringContaining('credit') } });
    // The view role may subscribe to ordinary topics.
    expect(await subscribe(view, { topic: 'ticks', credit: 1 }, 5)).toBe('s1');
  });

  it('limits open subscriptions per connection', async () => {
    const fx = await openFixture({ limits: { maxSubscriptions: 2 } });
    await subscribe(fx, { topic: 'ticks', credit: 0 }, 1);
    await subscribe(fx, { topic: 'ticks', credit: 0 }, 2);
    fx.transport.send({ type: 'req', id: 3, method: 'subscribe', params: { topic: 'ticks', credit: 0 } });
    expect(await fx.transport.response(3)).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS' } });
  });

  it('drops items that fail the topic item schema and logs them', async () => {
    const fx = await openFixture();
    const subId = await subscribe(fx, { topic: 'ticks', credit: 5 });
    fx.sinks[0]?.push([{ n: 1 }, { n: 'two' } as unknown as { n: number }, { n: 3 }]);
    expect(dataFrames(fx, subId)).toEqual([{ type: 'data', subId, seq: 0, items: [{ n: 1 }, { n: 3 }] }]);
    expect(fx.logs.some((l) => l.level === 'error' && l.message.includes('invalid item'))).toBe(true);
  });

  it('disconnect stops every producer', async () => {
    const fx = await openFixture();
    await subscribe(fx, { topic: 'ticks', credit: 0 }, 1);
    await subscribe(fx, { topic: 'ticks', credit: 0 }, 2);
    fx.transport.peerClose();
    expect(fx.stopped.sort()).toEqual([0, 1]);
    expect(fx.sinks.every((s) => s.signal.aborted)).toBe(true);
    expect(() => fx.sinks[0]?.push([{ n: 1 }])).not.toThrow();
  });

  it('a subscribe cancelled while the producer opens leaves nothing behind', async () => {
    const fx = await openFixture();
    fx.transport.send({ type: 'req', id: 'x', method: 'subscribe', params: { topic: 'ticks', credit: 1 } });
    fx.transport.send({ type: 'cancel', id: 'x' });
    expect(await fx.transport.response('x')).toMatchObject({ error: { code: 'CANCELLED' } });
    await settle();
    expect(fx.connection.stats.subscriptions).toBe(0);
    expect(fx.stopped).toEqual([0]);
  });
});

describe('Subscription (unit)', () => {
  const make = (credit: number, bufferItems: number, lines: string[], maxFrameBytes = 4096, maxItemsPerFrame = 1000) =>
    new Subscription({ subId: 's', credit, bufferItems, maxFrameBytes, maxItemsPerFrame, send: (l) => lines.push(l) });
  const push = (sub: Subscription, n: number) => {
    const json = JSON.stringify({ n });
    sub.pushSerialized([{ json, bytes: json.length }]);
  };

  it('holds no more than the bound however much is pushed without credit', () => {
    const lines: string[] = [];
    const sub = make(0, 100, lines);
    sub.activate();
    for (let n = 0; n < 100_000; n++) push(sub, n);
    expect(sub.buffered).toBe(100);
    expect(lines).toEqual([]);
    sub.grant(1);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { type: 'data', subId: 's', seq: 0, dropped: 99_900 },
      { type: 'data', subId: 's', seq: 99_900, items: [{ n: 99_900 }] },
    ]);
  });

  it('splits batches by item count and by frame bytes', () => {
    const lines: string[] = [];
    const sub = make(0, 1000, lines, 1024, 3);
    for (let n = 0; n < 10; n++) push(sub, n);
    sub.activate();
    sub.grant(10);
    expect(lines.map((l) => (JSON.parse(l) as { items: unknown[] }).items.length)).toEqual([3, 3, 3, 1]);
    const big: string[] = [];
    const sub2 = make(100, 1000, big, 1024);
    sub2.activate();
    const item = JSON.stringify('z'.repeat(300));
    sub2.pushSerialized(Array.from({ length: 6 }, () => ({ json: item, bytes: item.length })));
    for (const l of big) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(1024);
    expect(big.map((l) => (JSON.parse(l) as { items: unknown[] }).items.length)).toEqual([2, 2, 2]);
  });

  it('property: seq is contiguous, items arrive in push order, never beyond credit, memory bounded', () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ grant: fc.integer({ min: 1, max: 30 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 20 }), fc.array(op, { maxLength: 60 }), (credit0, bound, ops) => {
        const lines: string[] = [];
        const sub = make(credit0, bound, lines, 4096, 7);
        sub.activate();
        let pushed = 0;
        let granted = credit0;
        for (const o of ops) {
          if ('push' in o) for (let i = 0; i < o.push; i++) push(sub, pushed++);
          else {
            sub.grant(o.grant);
            granted += o.grant;
          }
          expect(sub.buffered).toBeLessThanOrEqual(bound);
        }
        let seq = 0;
        let lastN = -1;
        let delivered = 0;
        for (const line of lines) {
          const f = JSON.parse(line) as { seq: number; items?: Array<{ n: number }>; dropped?: number };
          expect(f.seq).toBe(seq);
          if (f.items) {
            for (const [i, it] of f.items.entries()) {
              expect(it.n).toBe(seq + i);
              expect(it.n).toBeGreaterThan(lastN);
              lastN = it.n;
            }
            seq += f.items.length;
            delivered += f.items.length;
          } else seq += f.dropped ?? 0;
        }
        expect(delivered).toBeLessThanOrEqual(granted);
        expect(sub.totals.delivered + sub.totals.dropped + sub.buffered).toBe(pushed);
      }),
      { numRuns: 300 },
    );
  });
});
