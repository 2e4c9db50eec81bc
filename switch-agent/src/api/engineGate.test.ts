import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/rpc/errors';
import { FakeClock } from '../../../test/doubles/agent/fakeClock';
import type { EngineDriver, EngineStatus, ProcessStatus } from '../engine/types';
import { gateOnEngine, retryAfterMs, waitForEngine } from './engineGate';

const proc = (p: Partial<ProcessStatus>): ProcessStatus => ({
  state: 'running', pid: 1, version: null, since: 0, restarts: 0, lastError: null, nextAttemptAt: null, ...p,
});

/** An engine whose state the test sets; listeners hear every change. */
function fakeEngine(initial: EngineStatus) {
  let s = initial;
  const cbs = new Set<(s: EngineStatus) => void>();
  const engine = {
    status: () => s,
    on: (_e: 'state', cb: (s: EngineStatus) => void) => {
      cbs.add(cb);
      return () => cbs.delete(cb);
    },
  } as unknown as EngineDriver;
  return { engine, set: (next: EngineStatus) => ((s = next), cbs.forEach((cb) => cb(s))), listeners: () => cbs.size };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('waitForEngine', () => {
  it('lets a change through at once when the engine runs (or is stopped or failed)', async () => {
    const clock = new FakeClock();
    for (const state of ['running', 'stopped', 'failed'] as const) {
      const { engine } = fakeEngine({ kamailio: proc({ state }), rtpengine: proc({}) });
      await expect(waitForEngine(engine, { clock })).resolves.toBeUndefined();
    }
  });

  it('waits while the engine starts and goes ahead when it runs', async () => {
    const clock = new FakeClock();
    const f = fakeEngine({ kamailio: proc({ state: 'starting' }), rtpengine: proc({}) });
    let done = false;
    const p = waitForEngine(f.engine, { clock, waitMs: 10_000 }).then(() => (done = true));
    clock.advance(5000);
    await flush();
    expect(done).toBe(false);
    f.set({ kamailio: proc({}), rtpengine: proc({}) });
    await p;
    expect(f.listeners()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('answers BUSY with a retry hint and the states when the engine is still restarting after the bound', async () => {
    const clock = new FakeClock(1_000_000);
    const f = fakeEngine({
      kamailio: proc({ state: 'backoff', pid: null, lastError: 'kamailio exited (code 255); restarting in 4000 ms', nextAttemptAt: 1_004_000 }),
      rtpengine: proc({}),
    });
    const p = waitForEngine(f.engine, { clock, waitMs: 2000 });
    clock.advance(2000);
    const e = await p.then(() => null, (x: unknown) => x);
    expect(RpcError.is(e, 'BUSY')).toBe(true);
    const err = e as RpcError;
    expect(err.message).toBe('the engine is not ready: kamailio is restarting (kamailio exited (code 255); restarting in 4000 ms). Nothing was changed; try again in 3 s');
    expect(err.data).toMatchObject({ retryAfterMs: 3000, engines: [{ name: 'kamailio', state: 'restarting' }, { name: 'rtpengine', state: 'running' }] });
    expect(f.listeners()).toBe(0);
  });
});

describe('retryAfterMs', () => {
  it('is the last scheduled attempt plus a margin, or the margin alone while starting', () => {
    expect(retryAfterMs({ kamailio: proc({ state: 'starting' }), rtpengine: proc({}) }, 50)).toBe(1000);
    expect(retryAfterMs({ kamailio: proc({ state: 'backoff', nextAttemptAt: 550 }), rtpengine: proc({ state: 'backoff', nextAttemptAt: 2050 }) }, 50)).toBe(3000);
  });
});

describe('gateOnEngine', () => {
  it('gates only the named methods, and never a dry run', async () => {
    const clock = new FakeClock();
    const f = fakeEngine({ kamailio: proc({ state: 'starting' }), rtpengine: proc({}) });
    const calls: string[] = [];
    const h = gateOnEngine(
      {
        'config.apply': (p: { dryRun?: boolean }) => void calls.push(`apply dry=${String(p.dryRun)}`),
        'config.get': () => void calls.push('get'),
      } as never,
      ['config.apply'] as never,
      f.engine,
      { clock, waitMs: 1000 },
    ) as unknown as Record<string, (p: object, ctx: object) => Promise<void> | void>;
    await h['config.get']!({}, {});
    await h['config.apply']!({ dryRun: true }, {});
    const real = h['config.apply']!({}, {});
    await flush();
    expect(calls).toEqual(['get', 'apply dry=true']);
    f.set({ kamailio: proc({}), rtpengine: proc({}) });
    await real;
    expect(calls).toEqual(['get', 'apply dry=true', 'apply dry=undefined']);
  });
});
