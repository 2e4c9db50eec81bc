/**
 * Turns monotonically increasing counters into per-second rates between two samples. The first
 * reading of a counter gives no rate; a counter that went down (engine restart, wrap) counts as
 * reset and gives 0 for that interval rather than a huge negative spike.
 */
export class RateTracker {
  private readonly last = new Map<string, { v: number; t: number }>();

  rate(key: string, value: number, tMs: number): number | undefined {
    const prev = this.last.get(key);
    this.last.set(key, { v: value, t: tMs });
    if (!prev || !Number.isFinite(value)) return undefined;
    const dt = (tMs - prev.t) / 1000;
    if (dt <= 0) return undefined;
    return value >= prev.v ? (value - prev.v) / dt : 0;
  }

  /** Sets `out[id]` to the rate when there is one. */
  put(out: Record<string, number>, id: string, value: number, tMs: number): void {
    const r = this.rate(id, value, tMs);
    if (r !== undefined) out[id] = r;
  }

  /** Forget keys not seen in the last sample (an interface or gateway that went away). */
  retain(keys: ReadonlySet<string>): void {
    for (const k of this.last.keys()) if (!keys.has(k)) this.last.delete(k);
  }
}
