import { describe, expect, it } from 'vitest';
import { bisectNext } from '../../bench/support/bisect';

/** Every rate a climb tries after its first failure, when rates at or above `limit` fail. */
function probes(clean: number, failing: number, limit: number, gap: number): { tried: number[]; clean: number; failing: number } {
  const tried: number[] = [];
  for (let r = bisectNext(clean, failing, gap); r !== undefined; r = bisectNext(clean, failing, gap)) {
    tried.push(r);
    if (r >= limit) failing = r;
    else clean = r;
  }
  return { tried, clean, failing };
}

describe('engineLoad bisection', () => {
  it('narrows a 250 calls/s ladder gap to under 3% of the rate in two steps', () => {
    expect(probes(2000, 2250, 2100, 0.03)).toEqual({ tried: [2130, 2070], clean: 2070, failing: 2130 });
  });

  it('brackets the true limit within the gap wherever it lies', () => {
    for (const limit of [1510, 1640, 1749, 1760, 2480]) {
      const ladder = [1000, 1500, 1750, 2000, 2250, 2500];
      const failing = ladder.find((r) => r >= limit)!;
      const clean = ladder[ladder.indexOf(failing) - 1]!;
      const out = probes(clean, failing, limit, 0.03);
      expect(out.clean).toBeLessThan(limit);
      expect(out.failing).toBeGreaterThanOrEqual(limit);
      expect(out.failing - out.clean).toBeLessThanOrEqual(out.failing * 0.03);
    }
  });

  it('does not refine when the first step failed or the gap is already small', () => {
    expect(bisectNext(0, 1000, 0.03)).toBeUndefined();
    expect(bisectNext(2200, 2250, 0.03)).toBeUndefined();
  });
});
