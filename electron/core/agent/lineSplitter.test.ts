import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineSplitter } from './lineSplitter';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('LineSplitter', () => {
  it('joins lines across chunks and skips blank ones', () => {
    const s = new LineSplitter(100);
    expect(s.push(bytes('{"a":1}\n\n{"b"'))).toEqual([{ kind: 'line', text: '{"a":1}' }]);
    expect(s.push(bytes(':2}\r\n'))).toEqual([{ kind: 'line', text: '{"b":2}\r' }]);
  });

  it('reports an oversized line once, skips to its newline and holds no more than the limit', () => {
    const s = new LineSplitter(8);
    expect(s.push(bytes('123456'))).toEqual([]);
    expect(s.push(bytes('789'))).toEqual([{ kind: 'oversized', receivedBytes: 9, maxBytes: 8 }]);
    expect(s.push(bytes('more junk'))).toEqual([]);
    expect(s.bufferedBytes).toBe(0);
    expect(s.push(bytes('tail\nok\n'))).toEqual([{ kind: 'line', text: 'ok' }]);
  });

  it('refuses invalid UTF-8 instead of repairing it', () => {
    const s = new LineSplitter(100);
    expect(s.push(Buffer.from([0x7b, 0xff, 0x7d, 0x0a]))).toEqual([{ kind: 'invalidUtf8', bytes: 3 }]);
  });

  it('yields the same lines however the stream is cut (multi-byte characters included)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((t) => !t.includes('\n') && t.trim() !== ''), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), (lines, cuts) => {
        const whole = bytes(lines.map((l) => `${l}\n`).join(''));
        const points = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
        const s = new LineSplitter(1000);
        const out: string[] = [];
        let start = 0;
        for (const p of [...points, whole.length]) {
          for (const item of s.push(whole.subarray(start, p))) if (item.kind === 'line') out.push(item.text);
          start = p;
        }
        expect(out).toEqual(lines);
      }),
    );
  });
});
