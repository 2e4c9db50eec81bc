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
