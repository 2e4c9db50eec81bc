import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 10, 1000].map((a) => backoffDelay(a, { initialMs: 100, maxMs: 1000 }, mid))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('spreads by the jitter fraction without passing the cap', () => {
    expect(backoffDelay(1, { initialMs: 100, jitter: 0.2 }, () => 0)).toBe(80);
    expect(backoffDelay(1, { initialMs: 100, jitter: 0.2 }, () => 0.999999)).toBe(120);
    expect(backoffDelay(20, { initialMs: 100, maxMs: 1000, jitter: 0.5 }, () => 0.999999)).toBe(1000);
  });
});
