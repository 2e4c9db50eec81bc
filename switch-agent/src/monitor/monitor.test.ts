import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/doubles/agent/fakeClock';
import { runMigrations } from '../store/migrate';
import { DEFAULT_MAX_FRAME_BYTES } from '@shared/rpc/protocol';
import { MONITOR_MIGRATIONS } from './migrations';
import { Monitor } from './monitor';
import { RollupStore } from './rollupStore';
import type { Sampler } from './types';

const MIN = 60_000;

/** A sampler whose values are a function of time, so expected rollups are computable. */
const counting = (fn: (t: number) => Record<string, number>): Sampler => ({ name: 'test', sample: (t) => fn(t) });

function setup(opts: { ringSize: number; minuteRetentionMs?: number }, fn: (t: number) => Record<string, number>) {
  const db = new Database(':memory:');
  runMigrations(db, MONITOR_MIGRATIONS);
  const clock = new FakeClock(0);
  const warnings: string[] = [];
  const monitor = new Monitor({
    samplers: [counting(fn)], clock, store: new RollupStore(db), log: { warn: (m) => void warnings.push(m) },
    ringSize: opts.ringSize, minuteRetentionMs: opts.minuteRetentionMs,
  });
  /** Runs `seconds` sampling rounds, one per simulated second. */
  const run = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      await monitor.tick();
      clock.advance(1000);
    }
  };
  return { db, clock, monitor, run, warnings };
}

describe('Monitor', () => {
  it('serves the ring at 1 s while it covers the range, also in a minute that has closed', async () => {
    const { clock, monitor, run } = setup({ ringSize: 120 }, (t) => ({ 'sys.cpu.total': t / 1000 }));
    clock.advance(30_000);
    await run(70);
    const [first] = monitor.history(['sys.cpu.total'], 30_000, 40_000, 100);
    expect(first?.stepMs).toBe(1000);
    expect(first?.points[0]).toEqual([30_000, 30, 30, 30, 1000]);
    await run(30);
    expect(monitor.latest()).toEqual({ t: 129_000, step: 1, values: { 'sys.cpu.total': 129 } });
    const [h] = monitor.history(['sys.cpu.total'], 50_000, 60_000, 100);
    expect(h?.stepMs).toBe(1000);
    expect(h?.points).toHaveLength(10);
    expect(h?.points[0]).toEqual([50_000, 50, 50, 50, 1000]);
  });

  it('answers from minute rollups once the ring has moved on (small ring, injected clock)', async () => {
    const { monitor, run } = setup({ ringSize: 90 }, (t) => ({ 'sys.cpu.total': (t / 1000) % 60 }));
    await run(10 * 60);
    // The ring holds the last 90 s only; the first minutes come from SQLite.
    const [h] = monitor.history(['sys.cpu.total'], 0, 5 * MIN, 1000);
    expect(h?.stepMs).toBe(MIN);
    expect(h?.points).toEqual([0, 1, 2, 3, 4].map((m) => [m * MIN, 0, 29.5, 59, MIN]));
    // A range starting inside a minute gets that minute's bucket.
    const [mid] = monitor.history(['sys.cpu.total'], 30_000, 90_000, 1000);
    expect(mid?.points.map((p) => p[0])).toEqual([0, MIN]);
    // A range spanning rollups and ring: minute points up to the ring's first whole minute, then
    // the ring's seconds at their own width (1000 points over 10 minutes leave room for them).
    const [all] = monitor.history(['sys.cpu.total'], 0, 10 * MIN, 1000);
    expect(all?.stepMs).toBe(MIN);
    const minutes = all?.points.filter((p) => p[4] === MIN) ?? [];
    expect(minutes.map((p) => p[0])).toEqual(Array.from({ length: 9 }, (_, i) => i * MIN));
    for (const p of minutes) expect([p[1], p[3]]).toEqual([0, 59]);
    expect(all?.points.slice(9).map((p) => [p[0], p[2], p[4]])).toEqual(Array.from({ length: 60 }, (_, i) => [9 * MIN + i * 1000, i, 1000]));
  });

  it('uses hour rollups beyond the minute retention, and downsamples to maxPoints', async () => {
    const { monitor, run } = setup({ ringSize: 60, minuteRetentionMs: 2 * 3_600_000 }, () => ({ 'engine.calls.active': 7 }));
    await run(4 * 3600 + 5);
    const [h] = monitor.history(['engine.calls.active'], 0, 4 * 3_600_000, 1000);
    expect(h?.points[0]).toEqual([0, 7, 7, 7, 3_600_000]);
    expect(h?.stepMs).toBe(3_600_000);
    const [thin] = monitor.history(['engine.calls.active'], 0, 4 * 3_600_000, 3);
    expect(thin?.points.length).toBeLessThanOrEqual(3);
  });

  it('an hour on an agent up for longer than the ring comes back at seconds where the ring holds it', async () => {
    const { clock, monitor, run } = setup({ ringSize: 3600 }, (t) => ({ 'sys.cpu.total': (t / 1000) % 7 }));
    await run(2 * 3600 + 30);
    const now = clock.now();
    const [h] = monitor.history(['sys.cpu.total'], now - 3_600_000, now, 720);
    const points = h?.points ?? [];
    expect(points.length).toBeLessThanOrEqual(720);
    // The ring holds the last 3600 s; at most its first partial minute comes from a rollup.
    const fine = points.filter((p) => p[4] <= 5000);
    const fineSpan = fine.reduce((s, p) => s + p[4], 0);
    expect(fineSpan).toBeGreaterThanOrEqual(3_600_000 - 2 * MIN);
    // Points tile the range without overlap, each covering [t, t + width).
    for (let i = 1; i < points.length; i++) expect(points[i]![0]).toBeGreaterThanOrEqual(points[i - 1]![0] + points[i - 1]![4]);
    expect(h?.stepMs).toBe(Math.max(...points.map((p) => p[4])));
  });

  it('keeps per-gateway series out of the ring but answers them from rollups and the open minute', async () => {
    const { monitor, run } = setup({ ringSize: 3600 }, () => ({ 'gw.routing.gw-a.asr': 50 }));
    await run(90);
    const [h] = monitor.history(['gw.routing.gw-a.asr'], 0, 90_000, 100);
    expect(h?.stepMs).toBe(MIN);
    expect(h?.points).toEqual([[0, 50, 50, 50, MIN], [MIN, 50, 50, 50, MIN]]);
  });

  it('stores the open buckets on stop, so a restart loses no rollup data', async () => {
    const { db, monitor, run } = setup({ ringSize: 60 }, () => ({ 'sys.load.1m': 1 }));
    await run(30);
    monitor.stop();
    const rows = db.prepare('SELECT step, n FROM monitor_rollups ORDER BY step').all();
    expect(rows).toEqual([{ step: 60, n: 30 }, { step: 3600, n: 30 }]);
  });

  it('prunes minute rollups past their retention', async () => {
    const { db, run } = setup({ ringSize: 60, minuteRetentionMs: 3_600_000 }, () => ({ 'sys.load.1m': 1 }));
    await run(3 * 3600 + 1);
    const oldest = db.prepare('SELECT MIN(t) FROM monitor_rollups WHERE step = 60').pluck().get() as number;
    expect(oldest * 1000).toBeGreaterThanOrEqual(3 * 3_600_000 - 3_600_000);
  });

  it('stamps each timer round with the second it aimed at, also when the timer fires a moment before the wall clock gets there', async () => {
    const inner = new FakeClock(500);
    // The wall clock reads 1 ms behind while a timer callback runs (libuv's cached loop time and
    // the wall clock's wobble against the monotonic one, as measured on the CI machine).
    let lag = 0;
    const clock = {
      now: () => inner.now() - lag,
      setTimeout: (fn: () => void, ms: number) => inner.setTimeout(() => { lag = 1; fn(); lag = 0; }, ms),
      clearTimeout: (h: unknown) => inner.clearTimeout(h),
    };
    const stamps: number[] = [];
    const m = new Monitor({ samplers: [counting(() => ({ 'sys.load.1m': 1 }))], clock, store: null, log: { warn: () => {} } });
    m.listen((s) => void stamps.push(s.t));
    m.start();
    for (let i = 0; i < 5; i++) {
      inner.advance(1000);
      for (let k = 0; k < 5; k++) await Promise.resolve(); // the round's promise chain, then the next schedule()
    }
    m.stop();
    expect(stamps).toEqual([1000, 2000, 3000, 4000, 5000]);
  });

  it('a failing sampler is logged once and the others still count', async () => {
    const db = new Database(':memory:');
    runMigrations(db, MONITOR_MIGRATIONS);
    const warnings: string[] = [];
    const clock = new FakeClock(5000);
    const m = new Monitor({
      samplers: [{ name: 'bad', sample: () => Promise.reject(new Error('boom')) }, counting(() => ({ 'sys.load.1m': 2 }))],
      clock, store: new RollupStore(db), log: { warn: (w) => void warnings.push(w) },
    });
    await m.tick();
    await m.tick();
    expect(m.latest()?.values).toEqual({ 'sys.load.1m': 2 });
    expect(warnings).toEqual(['monitor: sampler bad']);
  });
});

describe('history answer size', () => {
  it('the largest answer (12 series × 1000 points of awkward values) leaves room in one frame', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `sys.net.interface-name-${i}.rx_bytes`);
    const { monitor, run } = setup({ ringSize: 3600 }, (t) => Object.fromEntries(ids.map((id, i) => [id, (t / 7) * (i + 1) + 1 / 3])));
    await run(2000);
    const result = { series: monitor.history(ids, 0, 2_000_000, 1000) };
    expect(result.series.every((s) => s.points.length === 1000)).toBe(true);
    const frame = JSON.stringify({ type: 'res', id: 'some-request-id', result });
    // Measured: ~505 KB with values cut to 9 significant digits, ~778 KB printed in full.
    expect(Buffer.byteLength(frame)).toBeLessThan(0.6 * DEFAULT_MAX_FRAME_BYTES);
  });
});
