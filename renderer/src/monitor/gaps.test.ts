import { describe, expect, it } from 'vitest';
import type { Row } from './downsample';
import { downsampleRows } from './downsample';
import { withGaps } from './gaps';
import { GAP_KEY, WIDTH_KEY } from './rowKeys';

const second = (t: number, v: number): Row => ({ t, [WIDTH_KEY]: 1000, a: v });

describe('withGaps', () => {
  it('puts one empty row into a stretch without data, in its middle', () => {
    const rows = [second(0, 1), second(1000, 2), second(60_000, 3), second(61_000, 4)];
    const out = withGaps(rows, ['a']);
    expect(out).toHaveLength(5);
    expect(out[2]).toEqual({ t: 30_500, [WIDTH_KEY]: null, [GAP_KEY]: 1, a: null, 'lo:a': null, 'hi:a': null });
  });

  it('leaves one or two missed samples joined: a line in pieces under load helps nobody', () => {
    const rows = [second(0, 1), second(2000, 2), second(5000, 3)];
    expect(withGaps(rows, ['a'])).toEqual(rows);
  });

  it('judges by each point\'s width: minute buckets next to each other are not a gap, a missing hour is', () => {
    const minute = (start: number): Row => ({ t: start + 30_000, [WIDTH_KEY]: 60_000, a: 1 });
    const touching = [minute(0), minute(60_000), { t: 120_500, [WIDTH_KEY]: 1000, a: 2 }];
    expect(withGaps(touching, ['a'])).toEqual(touching);
    expect(withGaps([minute(0), minute(3_600_000)], ['a'])).toHaveLength(3);
  });

  it('keeps its gap rows through thinning, so a long range still shows the hole', () => {
    const rows = [...Array.from({ length: 2000 }, (_, i) => second(i * 1000, i % 7)), ...Array.from({ length: 2000 }, (_, i) => second(3_000_000 + i * 1000, i % 5))];
    const thinned = downsampleRows(withGaps(rows, ['a']), ['a'], 300);
    expect(thinned.filter((r) => r[GAP_KEY] === 1)).toHaveLength(1);
  });
});
