import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { backoffDelay, PausableTimer } from './backoff';

describe('backoffDelay', () => {
  const p = { baseDelayMs: 1000, maxDelayMs: 30_000 };
  it('doubles per attempt up to the cap, jitter spanning the upper half', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, p, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000]);
    expect([1, 2, 3, 6].map((n) => backoffDelay(n, p, () => 1))).toEqual([1000, 2000, 4000, 30000]);
  });
  it('stays within [step/2, step] for any jitter (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const step = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (n - 1));
        const d = backoffDelay(n, p, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(step / 2));
        expect(d).toBeLessThanOrEqual(step);
      }),
    );
  });
});

describe('PausableTimer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  it('does not count paused time', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const t = new PausableTimer(1000, fired);
    t.restart();
    vi.advanceTimersByTime(600);
    t.pause();
    vi.advanceTimersByTime(10_000);
    expect(fired).not.toHaveBeenCalled();
    t.resume();
    vi.advanceTimersByTime(399);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });
  it('never fires after stop', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const t = new PausableTimer(100, fired);
    t.restart();
    t.stop();
    t.resume();
    vi.advanceTimersByTime(1000);
    expect(fired).not.toHaveBeenCalled();
  });
});
