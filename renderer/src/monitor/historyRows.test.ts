import { describe, expect, it } from 'vitest';
import { historyRows } from './useHistory';

describe('historyRows', () => {
  it('joins series on the middle of each point, averages as values and min/max as the band, null where a series has no point', () => {
    const rows = historyRows(
      [
        { id: 'a', stepMs: 60_000, points: [[120_000, 1, 2, 3, 60_000], [60_000, 0, 1, 2, 60_000]] },
        { id: 'b', stepMs: 60_000, points: [[120_000, 5, 6, 7, 60_000]] },
      ],
      ['a', 'b'],
    );
    const empty = { 'lo:b': null, 'hi:b': null, b: null };
    expect(rows).toEqual([
      { t: 90_000, 'width:': 60_000, a: 1, 'lo:a': 0, 'hi:a': 2, ...empty },
      { t: 150_000, 'width:': 60_000, a: 2, 'lo:a': 1, 'hi:a': 3, b: 6, 'lo:b': 5, 'hi:b': 7 },
    ]);
  });

  it('draws a mixed answer where each point\'s data lies: a minute bucket at its middle, then seconds at theirs', () => {
    const rows = historyRows([{ id: 'a', stepMs: 60_000, points: [[0, 1, 1, 1, 60_000], [60_000, 2, 2, 2, 1000], [61_000, 3, 3, 3, 1000]] }], ['a']);
    expect(rows.map((r) => [r.t, r.a, r['width:']])).toEqual([[30_000, 1, 60_000], [60_500, 2, 1000], [61_500, 3, 1000]]);
  });
});
