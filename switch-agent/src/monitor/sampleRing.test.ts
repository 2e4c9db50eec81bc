import { describe, expect, it } from 'vitest';
import { SampleRing } from './sampleRing';

describe('SampleRing', () => {
  it('keeps the last N samples and forgets older ones', () => {
    const r = new SampleRing(3, 10);
    for (let i = 0; i < 5; i++) r.push(i * 1000, { a: i });
    expect(r.oldest()).toBe(2000);
    expect(r.range('a', 0, 10_000)).toEqual([[2000, 2], [3000, 3], [4000, 4]]);
    expect(r.range('a', 3000, 4000)).toEqual([[3000, 3]]);
  });

  it('has gaps where a series had no value, and refuses series over the cap', () => {
    const r = new SampleRing(4, 2);
    r.push(0, { a: 1, b: 1 });
    expect(r.push(1000, { a: 2, c: 9 })).toEqual(['c']);
    expect(r.range('b', 0, 5000)).toEqual([[0, 1]]);
    expect(r.has('c')).toBe(false);
  });

  it('skips series the caller keeps out', () => {
    const r = new SampleRing(4, 10);
    r.push(0, { a: 1, 'gw.routing.x.asr': 50 }, (id) => !id.startsWith('gw.'));
    expect(r.has('gw.routing.x.asr')).toBe(false);
  });

  it('forgets columns empty over the whole ring', () => {
    const r = new SampleRing(2, 10);
    r.push(0, { a: 1, gone: 1 });
    r.push(1000, { a: 1 });
    r.push(2000, { a: 1 });
    r.forgetEmpty();
    expect(r.has('gone')).toBe(false);
    expect(r.has('a')).toBe(true);
  });
});
