import { describe, expect, it } from 'vitest';
import { historyRows } from './useHistory';

describe('historyRows', () => {
  it('joins series on bucket start, averages as values, null where a series has no point', () => {
    const rows = historyRows(
      [
        { id: 'a', stepMs: 60_000, points: [[120_000, 1, 2, 3], [60_000, 0, 1, 2]] },
        { id: 'b', stepMs: 60_000, points: [[120_000, 5, 6, 7]] },
      ],
      ['a', 'b'],
    );
    expect(rows).toEqual([{ t: 60_000, a: 1, b: null }, { t: 120_000, a: 2, b: 6 }]);
  });
});
