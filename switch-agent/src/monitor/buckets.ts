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

/** A stretch of a history answer from one source: its points (sorted) and their step. */
export interface TierPoints {
  stepMs: number;
  points: readonly Agg[];
}

/** A merged point with the time it really covers: [t, t + width). */
export interface Span extends Agg {
  width: number;
}

/**
 * Merges each tier (oldest first, not overlapping) into buckets of its own width so the whole
 * answer fits maxPoints: the bucket width aimed at is the range over maxPoints, rounded up to a
 * whole number of each tier's step. A coarse tier is never thinner than its step and a fine tier
 * never as coarse as a coarse one, so an hour served from the ring stays at seconds even when
 * its first minute comes from a rollup. Each point covers its bucket cut to the seconds its
 * sources cover (a bucket straddling a seam or the agent's start is narrower), so a chart can
 * place it where its data lies.
 */
export function downsampleTiers(tiers: readonly TierPoints[], from: number, to: number, maxPoints: number): Span[] {
  const finest = Math.min(...tiers.map((p) => p.stepMs), 1000);
  let target = bucketWidth(from, to, maxPoints, finest);
  for (;;) {
    const out = tiers.flatMap((tier) => spans(tier, Math.max(tier.stepMs, Math.ceil(target / tier.stepMs) * tier.stepMs)));
    if (out.length <= maxPoints) return out;
    // Epoch-aligned buckets can straddle both ends of every tier: widen until the answer fits.
    target = Math.ceil((target * 1.1) / finest) * finest;
  }
}

function spans(tier: TierPoints, widthMs: number): Span[] {
  const out: Span[] = [];
  let cur: Span | undefined;
  let end = 0;
  const close = () => {
    if (cur) cur.width = end - cur.t;
  };
  for (const p of tier.points) {
    const start = bucketStart(p.t, widthMs);
    if (!cur || start >= cur.t + cur.width) {
      close();
      cur = { t: Math.max(start, p.t), min: p.min, max: p.max, sum: p.sum, n: p.n, width: start + widthMs - Math.max(start, p.t) };
      out.push(cur);
    } else {
      mergeInto(cur, p);
    }
    end = Math.min(start + widthMs, p.t + tier.stepMs);
  }
  close();
  return out;
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
