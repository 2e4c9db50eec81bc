import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from './logFilter';
import { LogRing, MAX_STORED_LINE_CHARS } from './logRing';

const e = (n: number, source = 'agent'): LogEntry => ({ t: n, level: 'info', source, text: `line ${n}` });
const all = () => true;

describe('LogRing', () => {
  it('keeps the last lines of each partition, read back in append order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.array(fc.boolean(), { maxLength: 40 }), (agent, engine, isAgent) => {
        const ring = new LogRing({ agent, engine });
        const appended = isAgent.map((a, i) => e(i, a ? 'agent' : 'kamailio'));
        appended.forEach((x) => ring.append(x));
        const keptAgent = appended.filter((x) => x.source === 'agent').slice(-agent);
        const keptEngine = appended.filter((x) => x.source !== 'agent').slice(-engine);
        const want = appended.filter((x) => keptAgent.includes(x) || keptEngine.includes(x));
        expect(ring.entries()).toEqual(want);
        expect(ring.size).toBe(want.length);
      }),
    );
  });

  it("an engine flood does not push the agent's own lines out", () => {
    const ring = new LogRing({ agent: 2, engine: 3 });
    ring.append(e(1, 'agent'));
    for (let i = 2; i < 1000; i++) ring.append(e(i, 'kamailio'));
    expect(ring.entries().map((x) => x.t)).toEqual([1, 997, 998, 999]);
  });

  it('cuts a stored line at the bound and marks it', () => {
    const ring = new LogRing({ agent: 1, engine: 1 });
    ring.append({ ...e(1, 'kamailio'), text: 'x'.repeat(100_000) });
    expect(ring.entries()[0]?.text).toHaveLength(MAX_STORED_LINE_CHARS + 1);
    expect(ring.entries()[0]?.text.endsWith('…')).toBe(true);
  });

  it('a reader takes matching lines from its cursor, and counts the matching lines overwritten before it took them', () => {
    const ring = new LogRing({ agent: 3, engine: 3 });
    const reader = ring.openReader((x) => x.t % 2 === 0, () => {});
    for (let t = 1; t <= 4; t++) ring.append(e(t));
    expect(reader.take(1)).toEqual({ lost: 0, entries: [e(2)] });
    // 5..9 overwrite 2..6: of those, 4 and 6 match and were never taken.
    for (let t = 5; t <= 9; t++) ring.append(e(t));
    expect(reader.take(10)).toEqual({ lost: 2, entries: [e(8)] });
    expect(reader.take(10)).toEqual({ lost: 0, entries: [] });
  });

  it('every matching line reaches a reader exactly once, in append order, or is counted as lost', () => {
    const step = fc.oneof(fc.record({ append: fc.boolean(), level: fc.constantFrom('info' as const, 'error' as const) }), fc.record({ take: fc.nat(5) }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.array(step, { maxLength: 80 }), (agent, engine, steps) => {
        const ring = new LogRing({ agent, engine });
        const reader = ring.openReader((x) => x.level === 'error', () => {});
        let t = 0;
        let matching = 0;
        let lost = 0;
        const got: number[] = [];
        const take = (max: number) => {
          const r = reader.take(max);
          lost += r.lost;
          got.push(...r.entries.map((x) => x.t));
        };
        for (const s of steps) {
          if ('take' in s) take(s.take);
          else {
            if (s.level === 'error') matching++;
            ring.append({ t: t++, level: s.level, source: s.append ? 'agent' : 'rtpengine', text: '' });
          }
        }
        take(Number.MAX_SAFE_INTEGER);
        expect(got.length + lost).toBe(matching);
        expect(got).toEqual([...got].sort((a, b) => a - b));
      }),
    );
  });

  it('calls readers after each append until they close; a throwing reader does not reach the logger', () => {
    const ring = new LogRing({ agent: 3, engine: 3 });
    ring.append(e(0));
    let calls = 0;
    ring.openReader(all, () => {
      throw new Error('broken subscriber');
    });
    const reader = ring.openReader(all, () => calls++);
    expect(() => ring.append(e(1))).not.toThrow();
    reader.close();
    ring.append(e(2));
    expect(calls).toBe(1);
    expect(ring.readerCount).toBe(1);
  });

  it('refuses a quota that is not a positive integer, naming it', () => {
    expect(() => new LogRing({ agent: 0, engine: 5 })).toThrow(/agent quota/);
  });
});
