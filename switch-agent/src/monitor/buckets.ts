/**
 * Min/avg/max buckets: how ring samples become rollups and how any series is thinned to at most
 * maxPoints for a history query. Pure; each point carries its weight `n` (how many one-second
 * samples it stands for) so that averages of averages stay exact.
 */
export interface Agg {
  t: number;
  min: number;
  max: number;
  /** Sum of values × their weights; avg = sum / n. */
  sum: number;
  n: number;
}

export function aggOf(t: number, v: number): Agg {
  return { t, min: v, max: v, sum: v, n: 1 };
}

export function mergeInto(a: Agg, b: Pick<Agg, 'min' | 'max' | 'sum' | 'n'>): void {
  a.min = Math.min(a.min, b.min);
  a.max = Math.max(a.max, b.max);
  a.sum += b.sum;
  a.n += b.n;
}

/** Start of the bucket of width `stepMs` holding `t` (buckets aligned to the epoch). */
export function bucketStart(t: number, stepMs: number): number {
  return Math.floor(t / stepMs) * stepMs;
}

/**
 * The bucket width that keeps [from, to) within maxPoints buckets: a whole multiple of the
 * source step, so a bucket never splits a source point.
 */
export function bucketWidth(from: number, to: number, maxPoints: number, sourceStepMs: number): number {
  const raw = Math.max(1, Math.ceil((to - from) / maxPoints));
  return Math.max(sourceStepMs, Math.ceil(raw / sourceStepMs) * sourceStepMs);
}

/**
 * Merges points (sorted by t) into buckets of `widthMs`; returns at most
 * ceil((to - from) / widthMs) + 1 buckets, oldest first, each stamped with its start.
 */
export function rebucket(points: readonly Agg[], widthMs: number): Agg[] {
  const out: Agg[] = [];
  let cur: Agg | undefined;
  for (const p of points) {
    const start = bucketStart(p.t, widthMs);
    if (!cur || cur.t !== start) {
      cur = { t: start, min: p.min, max: p.max, sum: p.sum, n: p.n };
      out.push(cur);
    } else {
      mergeInto(cur, p);
    }
  }
  return out;
}

/** Thins points of [from, to) to at most maxPoints min/avg/max buckets. */
export function downsample(points: readonly Agg[], from: number, to: number, maxPoints: number, sourceStepMs: number): { stepMs: number; points: Agg[] } {
  let width = bucketWidth(from, to, maxPoints, sourceStepMs);
  let out = rebucket(points, width);
  // Epoch-aligned buckets can straddle both ends of the range: one more than the quotient.
  while (out.length > maxPoints) {
    width += sourceStepMs;
    out = rebucket(points, width);
  }
  return { stepMs: width, points: out };
}

/**
 * Accumulates one-second samples into buckets of `stepMs` per series; `add` returns the
 * buckets that closed (their period ended) so the caller can store them.
 */
export class RollupAccumulator {
  private current = new Map<string, Agg>();
  private bucket: number | null = null;

  constructor(readonly stepMs: number) {}

  add(t: number, values: Readonly<Record<string, number>>): Map<string, Agg> | null {
    const start = bucketStart(t, this.stepMs);
    let closed: Map<string, Agg> | null = null;
    if (this.bucket !== null && start !== this.bucket) closed = this.drain();
    this.bucket = start;
    for (const [id, v] of Object.entries(values)) {
      if (!Number.isFinite(v)) continue;
      const a = this.current.get(id);
      if (a) mergeInto(a, { min: v, max: v, sum: v, n: 1 });
      else this.current.set(id, { t: start, min: v, max: v, sum: v, n: 1 });
    }
    return closed;
  }

  /** The open bucket of one series (for queries that reach the present). */
  peek(id: string): Agg | undefined {
    return this.current.get(id);
  }

  /** Closes the open bucket now (agent stopping): returns it and starts empty. */
  drain(): Map<string, Agg> {
    const closed = this.current;
    this.current = new Map();
    this.bucket = null;
    return closed;
  }
}

/**
 * Nine significant digits: more than any graph or alert needs, and it keeps a full history
 * answer (12 series × 1000 points) well inside one frame — a double printed in full takes up to
 * 18 characters, "29.5833333333" style values 10.
 */
export function compact(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(9)) : v;
}
