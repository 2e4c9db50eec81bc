import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggOf, bucketWidth, downsampleTiers, rebucket, RollupAccumulator, type Agg } from './buckets';

/** Sorted one-second points of random values over a random span. */
const seconds = fc
  .tuple(fc.integer({ min: 0, max: 10_000 }), fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }))
  .map(([start, vs]) => vs.map((v, i) => aggOf((start + i) * 1000, v)));

describe('downsampleTiers', () => {
  it('never returns more than maxPoints and keeps extremes, weight and mean exact', () => {
    fc.assert(
      fc.property(seconds, fc.integer({ min: 2, max: 500 }), (points, maxPoints) => {
        const from = points[0]!.t;
        const to = points.at(-1)!.t + 1000;
        const out = downsampleTiers([{ stepMs: 1000, points }], from, to, maxPoints);
        expect(out.length).toBeLessThanOrEqual(maxPoints);
        expect(Math.min(...out.map((p) => p.min))).toBe(Math.min(...points.map((p) => p.min)));
        expect(Math.max(...out.map((p) => p.max))).toBe(Math.max(...points.map((p) => p.max)));
        expect(out.reduce((n, p) => n + p.n, 0)).toBe(points.length);
        const sum = (xs: Agg[]) => xs.reduce((s, p) => s + p.sum, 0);
        expect(sum(out)).toBeCloseTo(sum(points), 0);
        // Contiguous seconds: the points tile [from, to) exactly.
        expect(out[0]!.t).toBe(from);
        for (let i = 1; i < out.length; i++) expect(out[i]!.t).toBe(out[i - 1]!.t + out[i - 1]!.width);
        expect(out.at(-1)!.t + out.at(-1)!.width).toBe(to);
      }),
      { numRuns: 200 },
    );
  });

  it('a minute tier then a second tier: each keeps its own resolution, within maxPoints', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 60, max: 3600 }), fc.integer({ min: 2, max: 1000 }), (minutes, secs, maxPoints) => {
        const seam = minutes * 60_000;
        const coarse = Array.from({ length: minutes }, (_, i) => ({ t: i * 60_000, min: 1, max: 1, sum: 60, n: 60 }));
        const fine = Array.from({ length: secs }, (_, i) => aggOf(seam + i * 1000, 2));
        const to = seam + secs * 1000;
        const out = downsampleTiers([{ stepMs: 60_000, points: coarse }, { stepMs: 1000, points: fine }], 0, to, maxPoints);
        expect(out.length).toBeLessThanOrEqual(maxPoints);
        expect(out.reduce((n, p) => n + p.n, 0)).toBe(minutes * 60 + secs);
        // No point mixes the tiers, and no point is narrower than its source's step unless a seam cut it.
        for (const p of out) expect(p.min === p.max).toBe(true);
        const fineOut = out.filter((p) => p.t >= seam);
        const coarseOut = out.filter((p) => p.t < seam);
        for (const p of coarseOut) expect(p.t + p.width).toBeLessThanOrEqual(seam);
        // The fine tier is not dragged to the coarse tier's step when the budget allows finer.
        if (maxPoints >= 20 && to / maxPoints <= 20_000) expect(Math.max(...fineOut.map((p) => p.width))).toBeLessThan(60_000);
      }),
      { numRuns: 200 },
    );
  });

  it('a 7-day range of minute rollups fits maxPoints', () => {
    const day = 86_400_000;
    const minutes = Array.from({ length: 7 * 1440 }, (_, i) => ({ ...aggOf(i * 60_000, i % 100), n: 60, sum: (i % 100) * 60 }));
    const points = downsampleTiers([{ stepMs: 60_000, points: minutes }], 0, 7 * day, 500);
    expect(points.length).toBeLessThanOrEqual(500);
    expect(points[0]!.width).toBe(21 * 60_000);
  });

  it('bucket width is a whole number of source steps', () => {
    expect(bucketWidth(0, 3_600_000, 100, 1000)).toBe(36_000);
    expect(bucketWidth(0, 3_600_000, 100, 60_000)).toBe(60_000);
    expect(bucketWidth(0, 10_000, 1000, 1000)).toBe(1000);
  });

  it('rebucket weights averages by sample count', () => {
    const out = rebucket([{ t: 0, min: 1, max: 1, sum: 60, n: 60 }, { t: 60_000, min: 4, max: 4, sum: 4, n: 1 }], 120_000);
    expect(out).toEqual([{ t: 0, min: 1, max: 4, sum: 64, n: 61 }]);
  });
});

describe('RollupAccumulator', () => {
  it('closes a bucket when a sample of the next period arrives', () => {
    const acc = new RollupAccumulator(60_000);
    expect(acc.add(0, { a: 1 })).toBeNull();
    expect(acc.add(59_000, { a: 3, b: 5 })).toBeNull();
    const closed = acc.add(60_000, { a: 10 });
    expect(closed).toEqual(new Map([['a', { t: 0, min: 1, max: 3, sum: 4, n: 2 }], ['b', { t: 0, min: 5, max: 5, sum: 5, n: 1 }]]));
    expect(acc.peek('a')).toEqual({ t: 60_000, min: 10, max: 10, sum: 10, n: 1 });
    expect(acc.drain().size).toBe(1);
    expect(acc.peek('a')).toBeUndefined();
  });
});
