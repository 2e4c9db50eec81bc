// Limits across connections (PROTOCOL.md §9): connection caps, the shared pools for unfinished
// frames, subscription buffers and queued output, and the idle timeout.
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { MIN_MAX_FRAME_BYTES } from '@shared/rpc/protocol';
import { ByteBudget, RpcBudget } from './budget';
import type { ConnectionLimits } from './connection';
import { LineFramer } from '@shared/rpc/lineFramer';
import { Subscription } from './subscription';
import { createFixture, openFixture, type Fixture } from '../../../test/doubles/agent/rpcFixture';
import { clientHello } from '../../../test/doubles/agent/rpcTestkit';

afterEach(() => {
  vi.useRealTimers();
});

async function subscribe(fx: Fixture, credit: number, id = 'sub'): Promise<string> {
  fx.transport.send({ type: 'req', id, method: 'subscribe', params: { topic: 'ticks', credit } });
  const res = await fx.transport.response(id);
  return (res.result as { subId: string }).subId;
}

describe('connection caps', () => {
  it('refuses past the per-socket cap with TOO_MANY_REQUESTS naming the socket, and admits again after a release', () => {
    const budget = new RpcBudget({ maxConnectionsPerSocket: 2, maxConnectionsTotal: 10 });
    const a = budget.admit('view', 'view.sock', () => 0);
    const b = budget.admit('view', 'view.sock', () => 0);
    const refused = budget.admit('view', 'view.sock', () => 0);
    expect(a.ok && b.ok).toBe(true);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('TOO_MANY_REQUESTS');
      expect(refused.error.message).toBe('2 connections are already open on view.sock (the limit); close one or try again later');
      expect(refused.error.data).toEqual({ limit: 2, socket: 'view.sock' });
    }
    // The other socket has its own count: view clients cannot lock admins out.
    expect(budget.admit('admin', 'admin.sock', () => 0).ok).toBe(true);
    if (a.ok) a.release();
    expect(budget.admit('view', 'view.sock', () => 0).ok).toBe(true);
  });

  it('refuses past the total across both sockets', () => {
    const budget = new RpcBudget({ maxConnectionsPerSocket: 5, maxConnectionsTotal: 3 });
    for (const role of ['admin', 'view', 'view'] as const) expect(budget.admit(role, `${role}.sock`, () => 0).ok).toBe(true);
    const refused = budget.admit('admin', 'admin.sock', () => 0);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toBe('3 connections are already open on this agent (the limit); close one or try again later');
  });
});

describe('unfinished frames: a total across connections', () => {
  it('a decoder draws only what it holds beyond its free allowance, and gives it back', () => {
    const pool = new ByteBudget(100);
    const d = new LineFramer(1000, { pool, freeBytes: 50 });
    d.push(Buffer.alloc(40, 0x61));
    expect(pool.used).toBe(0);
    d.push(Buffer.alloc(40, 0x61));
    expect(pool.used).toBe(30);
    expect(d.push(Buffer.from('\n'))).toEqual([{ kind: 'line', text: 'a'.repeat(80) }]);
    expect(pool.used).toBe(0);
  });

  it('a line that does not fit the pool is skipped to its newline; the next line is decoded', () => {
    const pool = new ByteBudget(100);
    const other = new LineFramer(1000, { pool, freeBytes: 0 });
    other.push(Buffer.alloc(90, 0x61));
    const d = new LineFramer(1000, { pool, freeBytes: 0 });
    expect(d.push(Buffer.alloc(20, 0x61))).toEqual([{ kind: 'overBudget', receivedBytes: 20, limit: 100 }]);
    expect(d.bufferedBytes).toBe(0);
    expect(d.push(Buffer.alloc(500, 0x61))).toEqual([]);
    expect(d.push(Buffer.from('tail\n{"ok":1}\n'))).toEqual([{ kind: 'line', text: '{"ok":1}' }]);
    expect(pool.used).toBe(90);
    other.end();
    expect(pool.used).toBe(0);
  });

  it('many connections holding half-frames: the one past the total gets FRAME_TOO_LARGE and keeps its connection', async () => {
    const free = MIN_MAX_FRAME_BYTES;
    const budget = new RpcBudget({ maxHeldFrameBytesTotal: 3.5 * free });
    const half = `{"type":"req","id":1,"method":"echo.get","params":{"text":"${'x'.repeat(2 * free - 60)}`;
    const fixtures: Fixture[] = [];
    for (let i = 0; i < 4; i++) fixtures.push(await openFixture({ budget, id: `c${i}` }));
    for (const fx of fixtures.slice(0, 3)) fx.transport.sendRaw(half);
    expect(budget.heldFrames.used).toBe(3 * (Buffer.byteLength(half) - free));
    const last = fixtures[3]!;
    last.transport.sendRaw(half);
    const error = await last.transport.waitFor((f) => f.type === 'error');
    expect(error).toMatchObject({ fatal: false, error: { code: 'FRAME_TOO_LARGE', data: { heldTotalLimit: 3.5 * free } } });
    expect((error.error as { message: string }).message).toContain('unfinished frames from all clients');
    // The rest of the discarded frame ends at its newline; the next frame is served.
    last.transport.sendRaw('"}}\n');
    last.transport.send({ type: 'req', id: 2, method: 'echo.get', params: { text: 'still here' } });
    expect(await last.transport.response(2)).toMatchObject({ result: { text: 'still here' } });
    // A connection that goes away gives its share back.
    fixtures[0]!.transport.peerClose();
    expect(budget.heldFrames.used).toBe(2 * (Buffer.byteLength(half) - free));
  });
});

describe('subscription buffers: a total across connections', () => {
  it('once the pool is full, a subscription without credit drops its oldest items and reports them as a drop marker', async () => {
    const item = Buffer.byteLength(JSON.stringify({ n: 0 }));
    const budget = new RpcBudget({ maxSubscriptionBufferBytesTotal: 10 * item });
    const a = await openFixture({ budget, id: 'a' });
    const b = await openFixture({ budget, id: 'b' });
    const subA = await subscribe(a, 0);
    const subB = await subscribe(b, 0);
    a.sinks[0]?.push(Array.from({ length: 8 }, (_, n) => ({ n })));
    expect(budget.subscriptionBuffers.used).toBe(8 * item);
    b.sinks[0]?.push(Array.from({ length: 5 }, (_, n) => ({ n })));
    // Only 2 items' worth was left: b keeps its 2 newest and counts 3 as dropped.
    expect(budget.subscriptionBuffers.used).toBe(10 * item);
    b.transport.send({ type: 'credit', subId: subB, credit: 10 });
    expect(b.transport.frames().filter((f) => f.type === 'data')).toEqual([
      { type: 'data', subId: subB, seq: 0, dropped: 3 },
      { type: 'data', subId: subB, seq: 3, items: [{ n: 3 }, { n: 4 }] },
    ]);
    expect(budget.subscriptionBuffers.used).toBe(8 * item);
    a.transport.send({ type: 'req', id: 'u', method: 'unsubscribe', params: { subId: subA } });
    await a.transport.response('u');
    expect(budget.subscriptionBuffers.used).toBe(0);
  });
});

describe('queued output: a total across connections', () => {
  it('past the total, a connection with a frame’s worth unread is closed; one that reads is kept', async () => {
    const budget = new RpcBudget({ maxOutboundBytesTotal: 4 * 1024 * 1024 });
    const slow = await openFixture({ budget, id: 'slow' });
    const reader = await openFixture({ budget, id: 'reader' });
    budget.admit('admin', 'admin.sock', () => slow.transport.buffered);
    budget.admit('admin', 'admin.sock', () => reader.transport.buffered);
    slow.transport.buffered = 5 * 1024 * 1024; // under the per-connection 16 MiB, over the total
    reader.transport.buffered = 100;
    reader.transport.send({ type: 'req', id: 1, method: 'echo.get', params: { text: 'hi' } });
    await reader.transport.response(1);
    expect(reader.connection.state).toBe('open');
    slow.transport.send({ type: 'req', id: 1, method: 'echo.get', params: { text: 'hi' } });
    await vi.waitFor(() => expect(slow.connection.state).toBe('closed'));
    expect(slow.logs.some((l) => l.message.includes('outbound total is used up'))).toBe(true);
  });
});

describe('idle timeout after hello', () => {
  it('closes a connection that sent nothing for the timeout and has nothing open, with a TIMEOUT error frame', async () => {
    vi.useFakeTimers();
    const fx = await openFixtureWithFakeTimers({ idleTimeoutMs: 60_000 });
    vi.advanceTimersByTime(59_000);
    expect(fx.connection.state).toBe('open');
    vi.advanceTimersByTime(2_000);
    expect(fx.connection.state).toBe('closed');
    expect(fx.transport.frames().at(-1)).toMatchObject({
      type: 'error',
      fatal: true,
      error: { code: 'TIMEOUT', message: 'no frame received for 1 min and nothing open on this connection; the agent closes idle connections' },
    });
  });

  it('any frame restarts the clock', async () => {
    vi.useFakeTimers();
    const fx = await openFixtureWithFakeTimers({ idleTimeoutMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(50_000);
      fx.transport.send({ type: 'credit', subId: 'none', credit: 1 });
    }
    expect(fx.connection.state).toBe('open');
  });

  it('a subscribed client that sends nothing is never idle', async () => {
    vi.useFakeTimers();
    const fx = await openFixtureWithFakeTimers({ idleTimeoutMs: 60_000 });
    fx.transport.send({ type: 'req', id: 's', method: 'subscribe', params: { topic: 'ticks', credit: 10 } });
    await vi.advanceTimersByTimeAsync(0);
    const subId = ((await fx.transport.response('s')).result as { subId: string }).subId;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fx.connection.state).toBe('open');
    fx.transport.send({ type: 'req', id: 'u', method: 'unsubscribe', params: { subId } });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(fx.connection.state).toBe('closed');
  });

  it('a client waiting on a long request is never idle', async () => {
    vi.useFakeTimers();
    const fx = await openFixtureWithFakeTimers({ idleTimeoutMs: 60_000, requestTimeoutMs: 10 * 60_000 });
    fx.transport.send({ type: 'req', id: 1, method: 'slow.wait', params: { tag: 'a' } });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(fx.connection.state).toBe('open');
  });
});

/** openFixture waits for the hello with real-time polling; under fake timers the hello is synchronous. */
async function openFixtureWithFakeTimers(limits: Partial<ConnectionLimits>): Promise<Fixture> {
  const fx = createFixture({ limits });
  fx.transport.send(clientHello());
  expect(fx.transport.frames()[0]).toMatchObject({ type: 'hello' });
  return fx;
}

describe('flooding a full subscription costs counting, not serializing', () => {
  const serialized = (n: number) => {
    const json = JSON.stringify({ n, pad: 'p'.repeat(n % 7) });
    return { json, bytes: json.length };
  };

  it('serializes only what it sends or keeps: 1000 items into a 4-item buffer without credit serialize 5', () => {
    const lines: string[] = [];
    const sub = new Subscription({ subId: 's', credit: 0, bufferItems: 4, maxFrameBytes: 65536, send: (l) => lines.push(l) });
    sub.activate();
    let calls = 0;
    sub.pushLazy(1000, (i) => {
      calls++;
      return serialized(i);
    });
    expect(calls).toBe(5);
    sub.grant(10);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { type: 'data', subId: 's', seq: 0, dropped: 996 },
      { type: 'data', subId: 's', seq: 996, items: [996, 997, 998, 999].map((n) => JSON.parse(serialized(n).json) as unknown) },
    ]);
  });

  it('property: the lazy push sends, numbers and drops exactly like serializing everything first', () => {
    const op = fc.oneof(fc.record({ push: fc.integer({ min: 1, max: 40 }) }), fc.record({ grant: fc.integer({ min: 1, max: 30 }) }));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 600 }),
        fc.array(op, { maxLength: 40 }),
        (credit, bufferItems, poolBytes, ops) => {
          const run = (lazy: boolean) => {
            const lines: string[] = [];
            const pool = new ByteBudget(poolBytes);
            const sub = new Subscription({ subId: 's', credit, bufferItems, bufferBytes: 300, maxFrameBytes: 65536, maxItemsPerFrame: 7, sharedBuffer: pool, send: (l) => lines.push(l) });
            sub.activate();
            let n = 0;
            for (const o of ops) {
              if ('grant' in o) sub.grant(o.grant);
              else if (lazy) {
                const base = n;
                sub.pushLazy(o.push, (i) => serialized(base + i));
                n += o.push;
              } else sub.pushSerialized(Array.from({ length: o.push }, () => serialized(n++)));
              expect(pool.used).toBeLessThanOrEqual(poolBytes);
            }
            return { lines, totals: sub.totals, buffered: sub.buffered, pool: pool.used };
          };
          expect(run(true)).toEqual(run(false));
        },
      ),
      { numRuns: 300 },
    );
  });
});
