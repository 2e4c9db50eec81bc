import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from './lineSplitter';

describe('LineSplitter', () => {
  it('joins a line split across chunks and drops CR of CRLF endings', () => {
    const s = new LineSplitter();
    expect(s.push('one\r\ntw')).toEqual(['one']);
    expect(s.push('o\nthree')).toEqual(['two']);
    expect(s.end()).toEqual(['three']);
    expect(s.end()).toEqual([]);
  });

  it('cuts an over-long line once, marks it and skips the rest of it', () => {
    const s = new LineSplitter(5);
    expect(s.push('abcdefgh')).toEqual(['abcde…']);
    expect(s.push('ijkl')).toEqual([]);
    expect(s.push('mn\nok\n')).toEqual(['ok']);
    expect(s.push('0123456789\nx')).toEqual(['01234…']);
    expect(s.end()).toEqual(['x']);
  });

  it('any chunking of the same text yields the same lines', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', '\n', 'é'), { maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 6 }), (chars, cuts) => {
        const text = chars.join('');
        const whole = new LineSplitter(8);
        const expected = [...whole.push(text), ...whole.end()];
        const points = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b);
        const pieces: string[] = [];
        let from = 0;
        for (const p of points) {
          pieces.push(text.slice(from, p));
          from = p;
        }
        pieces.push(text.slice(from));
        const split = new LineSplitter(8);
        const got = [...pieces.flatMap((p) => split.push(p)), ...split.end()];
        expect(got).toEqual(expected);
      }),
    );
  });
});
