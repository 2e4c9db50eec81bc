import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from './logFilter';
import { LogRing } from './logRing';

const e = (n: number): LogEntry => ({ t: n, level: 'info', source: 'agent', text: `line ${n}` });

describe('LogRing', () => {
  it('keeps the last `capacity` entries, oldest first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.nat(60), (capacity, n) => {
        const ring = new LogRing(capacity);
        for (let i = 0; i < n; i++) ring.append(e(i));
        const want = Array.from({ length: n }, (_, i) => e(i)).slice(Math.max(0, n - capacity));
        expect(ring.entries()).toEqual(want);
        expect(ring.size).toBe(want.length);
      }),
    );
  });

  it('tells listeners about later entries until they stop; a throwing listener does not reach the logger', () => {
    const ring = new LogRing(3);
    ring.append(e(0));
    const seen: number[] = [];
    ring.listen(() => {
      throw new Error('broken subscriber');
    });
    const stop = ring.listen((x) => seen.push(x.t));
    expect(() => ring.append(e(1))).not.toThrow();
    stop();
    ring.append(e(2));
    expect(seen).toEqual([1]);
    expect(ring.listenerCount).toBe(1);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LogRing(0)).toThrow(/capacity/);
  });
});
