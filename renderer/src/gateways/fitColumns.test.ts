import { describe, expect, it } from 'vitest';
import { fitWidths } from './fitColumns';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('fitWidths', () => {
  it('leaves a table that fits, or a pane not measured yet, as it is', () => {
    expect(fitWidths(1000, [300, 400], [50, 50])).toEqual([300, 400]);
    expect(fitWidths(0, [900, 500], [50, 50])).toEqual([900, 500]);
  });
  it('narrows a wider table to the pane, shrinking only the room above each header', () => {
    const w = fitWidths(500, [400, 200], [100, 100]);
    expect(sum(w)).toBeLessThanOrEqual(500);
    expect(sum(w)).toBeGreaterThan(497);
    // 300 px of slack on the first column, 100 on the second: both lose the same share of it.
    expect(w[0]).toBe(Math.floor(100 + 300 * (300 / 400)));
    expect(w[1]).toBe(Math.floor(100 + 100 * (300 / 400)));
  });
  it('never cuts a header: a column as narrow as its header keeps that width', () => {
    // The narrow "State" column (58 px set, 54 px needed) next to wide ones, in a pane 15 % too small.
    const w = fitWidths(1000, [150, 58, 900, 72], [50, 54, 80, 60]);
    expect(w[1]).toBeGreaterThanOrEqual(54);
    expect(w[3]).toBeGreaterThanOrEqual(60);
    expect(sum(w)).toBeLessThanOrEqual(1000);
  });
  it('widens a column whose set width is below what its header needs (a longer language)', () => {
    expect(fitWidths(2000, [58, 100], [90, 40])).toEqual([90, 100]);
  });
  it('keeps the headers whole when even they do not fit: the table then scrolls sideways', () => {
    expect(fitWidths(100, [200, 200], [80, 90])).toEqual([80, 90]);
  });
});
