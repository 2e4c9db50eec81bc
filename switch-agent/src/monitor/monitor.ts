/**
 * The monitor: asks every sampler once a second, keeps the last hour in the ring, accumulates
 * 1-minute and 1-hour rollups into SQLite, and hands each sample to listeners (the topic).
 * A history query stitches the three tiers together: hour rollups where minute rollups no
 * longer reach, minute rollups where the ring does not, the ring for the rest; each tier is
 * thinned at its own resolution and every point says how long a stretch it covers.
 */
import type { HistoryPoint, HistorySeries, MonitorSample } from '@shared/rpc/agentApi';
import { describeSeries, selectsSeries } from '@shared/monitor/series';
import type { Clock } from '../engine/clock';
import { aggOf, bucketStart, compact, downsampleTiers, RollupAccumulator, type Agg, type TierPoints } from './buckets';
import type { RollupStore } from './rollupStore';
import { SampleRing } from './sampleRing';
import type { Sampler, SeriesValues } from './types';

export interface MonitorLog {
  warn(msg: string, data?: Record<string, unknown>): void;
}

export interface MonitorOptions {
  samplers: readonly Sampler[];
  clock: Clock;
  /** Null: no rollups (history is the ring only). */
  store: RollupStore | null;
  log: MonitorLog;
  intervalMs?: number;
  /** One-second samples kept in memory (default 3600: one hour). */
  ringSize?: number;
  /** Series kept in the ring (default 600). */
  ringMaxSeries?: number;
  minuteRetentionMs?: number;
  hourRetentionMs?: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Rollup-only series (per gateway) stay out of the ring: see SeriesSpec.history. */
const inRing = (id: string) => describeSeries(id)?.history !== 'rollup';

export class Monitor {
  private readonly ring: SampleRing;
  private readonly minutes = new RollupAccumulator(MINUTE);
  private readonly hours = new RollupAccumulator(HOUR);
  private readonly listeners = new Set<(s: MonitorSample) => void>();
  private readonly intervalMs: number;
  private readonly minuteRetentionMs: number;
  private readonly hourRetentionMs: number;
  private last: MonitorSample | null = null;
  private timer: unknown = null;
  private running = false;
  private ticking = false;
  /** The second the last round was stamped with: no two rounds share one. */
  private lastT = -Infinity;
  private readonly warned = new Set<string>();

  constructor(private readonly o: MonitorOptions) {
    this.intervalMs = o.intervalMs ?? 1000;
    this.ring = new SampleRing(o.ringSize ?? 3600, o.ringMaxSeries ?? 600);
    this.minuteRetentionMs = o.minuteRetentionMs ?? 8 * DAY;
    this.hourRetentionMs = o.hourRetentionMs ?? 400 * DAY;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  /** Stops sampling and stores the open buckets, so a restart loses no rollup data. */
  stop(): void {
    this.running = false;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    this.store(MINUTE, this.minutes.drain());
    this.store(HOUR, this.hours.drain());
  }

  latest(): MonitorSample | null {
    return this.last;
  }

  listen(cb: (s: MonitorSample) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  seriesIds(selectors?: readonly string[]): string[] {
    return Object.keys(this.last?.values ?? {}).filter((id) => selectsSeries(selectors, id)).sort();
  }

  /**
   * One sampling round, stamped `at` (the second the timer aimed at) or, called directly by tests
   * with a fake clock, the current second. The timer passes its target because it can fire a
   * fraction of a millisecond before the wall clock reaches it (libuv measures the delay from its
   * cached loop time, and the wall clock wobbles against the monotonic one): the current second
   * would then be the previous one again, two rounds would share a stamp and the next second
   * would be missing (seen as half-counted rates in monitor.test.ts).
   */
  async tick(at?: number): Promise<void> {
    if (this.ticking) return; // A slow sampler must not make rounds pile up.
    this.ticking = true;
    try {
      const t = at ?? Math.floor(this.o.clock.now() / this.intervalMs) * this.intervalMs;
      if (t <= this.lastT) return;
      this.lastT = t;
      const parts = await Promise.all(this.o.samplers.map(async (s) => {
        try {
          return await s.sample(t);
        } catch (e) {
          this.warnOnce(`sampler ${s.name}`, { error: (e as Error).message });
          return {};
        }
      }));
      const values: SeriesValues = Object.assign({}, ...parts) as SeriesValues;
      this.record(t, values);
    } finally {
      this.ticking = false;
    }
  }

  history(ids: readonly string[], from: number, to: number, maxPoints: number): HistorySeries[] {
    return ids.map((id) => {
      const points = downsampleTiers(this.tiers(id, from, to), from, to, maxPoints);
      return {
        id,
        stepMs: Math.max(this.intervalMs, ...points.map((p) => p.width)),
        points: points.map((a) => [a.t, compact(a.min), compact(a.sum / a.n), compact(a.max), a.width] as HistoryPoint),
      };
    });
  }

  /**
   * The points of [from, to) from each tier, oldest first. Seams are at bucket boundaries so no
   * second is counted twice: hour buckets that end before the minute retention starts, minute
   * buckets that end before the ring's first minute, then the ring. At a seam, the seconds of a
   * partly covered bucket that the finer tier no longer holds are left out.
   */
  private tiers(id: string, from: number, to: number): TierPoints[] {
    const now = this.o.clock.now();
    const inRingNow = this.ring.has(id);
    const ringSeam = inRingNow ? this.ringSeam(this.ring.oldest() ?? now, now) : Infinity;
    const hourSeam = Math.min(bucketStart(now - this.minuteRetentionMs, HOUR), ringSeam);
    const parts: TierPoints[] = [];
    const add = (stepMs: number, points: Agg[]) => {
      if (points.length > 0) parts.push({ stepMs, points });
    };
    if (this.o.store) {
      // A bucket that starts before `from` but reaches into the range belongs to it.
      if (from < hourSeam) add(HOUR, this.o.store.range(id, HOUR, bucketStart(from, HOUR), Math.min(to, hourSeam)));
      const mFrom = Math.max(bucketStart(from, MINUTE), hourSeam);
      const mTo = Math.min(to, ringSeam);
      if (mFrom < mTo) add(MINUTE, this.o.store.range(id, MINUTE, mFrom, mTo));
    }
    if (inRingNow) {
      add(this.intervalMs, this.ring.range(id, Math.max(from, ringSeam), to).map(([t, v]) => aggOf(t, v)));
    } else {
      // Series kept only as rollups: the minute still open is in memory.
      const open = this.minutes.peek(id);
      if (open && open.t + MINUTE > from && open.t < to) add(MINUTE, [{ ...open }]);
    }
    return parts;
  }

  /**
   * Where the ring takes over from minute rollups. Until the ring wraps it holds every second
   * since the agent started, so it serves its first minute too (at 1 s). Once it has
   * overwritten seconds, the minute it only partly holds comes from its rollup row, which is
   * complete, unless that minute is still open (no row yet).
   */
  private ringSeam(oldest: number, now: number): number {
    const start = bucketStart(oldest, MINUTE);
    if (!this.ring.wrapped || start === oldest || start + MINUTE > bucketStart(now, MINUTE)) return start;
    return start + MINUTE;
  }

  private record(t: number, values: SeriesValues): void {
    const sample: MonitorSample = { t, step: 1, values };
    this.last = sample;
    const refused = this.ring.push(t, values, inRing);
    if (refused.length > 0) this.warnOnce('ring full', { series: refused.slice(0, 5), more: refused.length });
    const minute = this.minutes.add(t, values);
    if (minute) this.store(MINUTE, minute);
    const hour = this.hours.add(t, values);
    if (hour) {
      this.store(HOUR, hour);
      this.prune(t);
    }
    for (const cb of this.listeners) cb(sample);
  }

  private store(stepMs: number, buckets: Map<string, Agg>): void {
    if (!this.o.store || buckets.size === 0) return;
    try {
      const refused = this.o.store.write(stepMs, buckets);
      if (refused > 0) this.warnOnce('rollup series cap', { refused });
    } catch (e) {
      this.warnOnce('rollup write', { error: (e as Error).message });
    }
  }

  private prune(now: number): void {
    try {
      this.o.store?.prune(MINUTE, now - this.minuteRetentionMs);
      this.o.store?.prune(HOUR, now - this.hourRetentionMs);
      this.ring.forgetEmpty();
    } catch (e) {
      this.warnOnce('rollup prune', { error: (e as Error).message });
    }
  }

  private schedule(): void {
    if (!this.running) return;
    // Aligned to whole seconds so every client's samples share timestamps.
    const now = this.o.clock.now();
    const target = Math.max(Math.floor(now / this.intervalMs) * this.intervalMs + this.intervalMs, this.lastT + this.intervalMs);
    this.timer = this.o.clock.setTimeout(() => {
      void this.tick(target).finally(() => this.schedule());
    }, target - now);
  }

  private warnOnce(what: string, data: Record<string, unknown>): void {
    if (this.warned.has(what)) return;
    this.warned.add(what);
    this.o.log.warn(`monitor: ${what}`, data);
  }
}
