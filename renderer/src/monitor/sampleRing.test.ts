import { describe, expect, it } from 'vitest';
import { SampleRing } from './sampleRing';

const sample = (t: number, v: Record<string, number>, step = 1) => ({ t, step, values: v });

describe('SampleRing', () => {
  it('keeps only the newest items up to its capacity, oldest first', () => {
    const ring = new SampleRing(3);
    for (let i = 1; i <= 5; i += 1) ring.push(sample(i * 1000, { a: i }));
    expect(ring.length).toBe(3);
    expect([...ring.samples()].map((s) => s.values.a)).toEqual([3, 4, 5]);
    expect(ring.latest()?.t).toBe(5000);
    expect(ring.oldest()?.t).toBe(3000);
  });

  it('ignores a repeated or older second (a resumed subscription starts with the latest again)', () => {
    const ring = new SampleRing(10);
    ring.push(sample(1000, { a: 1 }));
    ring.push(sample(2000, { a: 2 }));
    const v = ring.version;
    ring.push(sample(2000, { a: 2 }));
    expect(ring.length).toBe(2);
    expect(ring.version).toBe(v);
  });

  it('builds rows from a time on, null for a missing series, merged items in their middle', () => {
    const ring = new SampleRing(10);
    ring.push(sample(1000, { a: 1 }));
    ring.push(sample(2000, { a: 2, b: 3 }));
    ring.push(sample(3000, { a: 4 }, 5));
    expect(ring.rows(['a', 'b'], 2000)).toEqual([{ t: 2000, 'width:': 1000, a: 2, b: 3 }, { t: 5000, 'width:': 5000, a: 4, b: null }]);
    expect(ring.rows(['a'], 0, 2000)).toEqual([{ t: 1000, 'width:': 1000, a: 1 }, { t: 2000, 'width:': 1000, a: 2 }]);
  });

  it('a merged item carries its extremes as the band', () => {
    const ring = new SampleRing(10);
    ring.push({ t: 1000, step: 3, values: { a: 2 }, min: { a: 1 }, max: { a: 5 } });
    expect(ring.rows(['a', 'b'], 0)).toEqual([{ t: 2000, 'width:': 3000, a: 2, 'lo:a': 1, 'hi:a': 5, b: null, 'lo:b': null, 'hi:b': null }]);
  });
});
