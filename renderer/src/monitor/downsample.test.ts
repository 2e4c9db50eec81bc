import { describe, expect, it } from 'vitest';
import { downsampleRows, lttbIndices, type Row } from './downsample';

describe('lttbIndices', () => {
  it('keeps everything when there are fewer points than the budget', () => {
    expect(lttbIndices([0, 1, 2], [5, 6, 7], 10)).toEqual([0, 1, 2]);
  });

  it('keeps the first, the last and a lone spike out of a flat line', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    const ys = xs.map((i) => (i === 437 ? 100 : 1));
    const kept = lttbIndices(xs, ys, 50);
    expect(kept).toHaveLength(50);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(999);
    expect(kept).toContain(437);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
  });
});

describe('downsampleRows', () => {
  it('keeps rows any series needs, with every series value on them', () => {
    const rows: Row[] = Array.from({ length: 3600 }, (_, i) => ({ t: i * 1000, a: i === 100 ? 50 : 0, b: i === 3000 ? -7 : 1 }));
    const out = downsampleRows(rows, ['a', 'b'], 700);
    expect(out.length).toBeLessThanOrEqual(700);
    expect(out.length).toBeGreaterThan(300);
    expect(out.find((r) => r.t === 100_000)).toEqual({ t: 100_000, a: 50, b: 1 });
    expect(out.find((r) => r.t === 3_000_000)).toEqual({ t: 3_000_000, a: 0, b: -7 });
  });

  it('returns short inputs unchanged', () => {
    const rows: Row[] = [{ t: 1, a: 1 }, { t: 2, a: null }];
    expect(downsampleRows(rows, ['a'], 700)).toEqual(rows);
  });
});
