/**
 * Merges consecutive one-second samples into one item (average in `values`, extremes in
 * `min`/`max`, `step` = seconds covered). Memory is one running aggregate per series, however
 * many seconds are merged: this is what a slow monitor subscriber costs the agent.
 */
import type { MonitorSample } from '@shared/rpc/agentApi';
import { compact } from './buckets';

export class SampleMerger {
  private t: number | null = null;
  private end = 0;
  private readonly min: Record<string, number> = {};
  private readonly max: Record<string, number> = {};
  private readonly sum: Record<string, number> = {};
  private readonly n: Record<string, number> = {};

  get empty(): boolean {
    return this.t === null;
  }

  add(s: MonitorSample): void {
    this.t ??= s.t;
    this.end = s.t + s.step * 1000;
    for (const [id, v] of Object.entries(s.values)) {
      const w = s.step;
      const lo = s.min?.[id] ?? v;
      const hi = s.max?.[id] ?? v;
      if (this.n[id] === undefined) {
        this.min[id] = lo;
        this.max[id] = hi;
        this.sum[id] = v * w;
        this.n[id] = w;
      } else {
        this.min[id] = Math.min(this.min[id] ?? lo, lo);
        this.max[id] = Math.max(this.max[id] ?? hi, hi);
        this.sum[id] = (this.sum[id] ?? 0) + v * w;
        this.n[id] += w;
      }
    }
  }

  /** The merged item (a plain sample when only one second was added); resets the merger. */
  take(): MonitorSample | null {
    if (this.t === null) return null;
    const step = Math.max(1, Math.round((this.end - this.t) / 1000));
    const values: Record<string, number> = {};
    for (const id of Object.keys(this.n)) values[id] = compact((this.sum[id] ?? 0) / (this.n[id] ?? 1));
    const out: MonitorSample = step === 1 ? { t: this.t, step, values } : { t: this.t, step, values, min: { ...this.min }, max: { ...this.max } };
    this.t = null;
    for (const r of [this.min, this.max, this.sum, this.n]) for (const k of Object.keys(r)) delete r[k];
    return out;
  }
}

/**
 * Groups one-second samples into epoch-aligned periods of `stepSec` seconds: `add` returns the
 * periods that ended (a period ends with its last second, or when a sample of a later period
 * arrives after a missed second). Holds one SampleMerger, so its memory does not grow.
 */
export class PeriodMerger {
  private readonly open = new SampleMerger();
  private period: number | null = null;

  constructor(private readonly stepSec: number) {}

  add(s: MonitorSample): MonitorSample[] {
    if (this.stepSec <= 1) return [s];
    const out: MonitorSample[] = [];
    const stepMs = this.stepSec * 1000;
    const p = Math.floor(s.t / stepMs);
    if (this.period !== null && p !== this.period) {
      const done = this.open.take();
      if (done) out.push(done);
    }
    this.period = p;
    this.open.add(s);
    if (s.t + s.step * 1000 >= (p + 1) * stepMs) {
      const done = this.open.take();
      if (done) out.push(done);
      this.period = null;
    }
    return out;
  }
}
