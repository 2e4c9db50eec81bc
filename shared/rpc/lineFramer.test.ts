import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { LineFramer, type FramedLine } from './lineFramer';

// Plain Uint8Array chunks: the framer must not rely on Buffer methods (shared/ has no Node).
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const texts = (items: FramedLine[]) => items.map((i) => (i.kind === 'line' ? i.text : i.kind));

/** Feeds `whole` cut at `points` (sorted offsets) and returns what came out. */
function pushCut(framer: LineFramer, whole: Uint8Array, points: number[]): FramedLine[] {
  const out: FramedLine[] = [];
  let start = 0;
  for (const p of [...points, whole.length]) {
    out.push(...framer.push(whole.subarray(start, p)));
    start = p;
  }
  return out;
}

describe('LineFramer', () => {
  it('splits lines across and within chunks and ignores blank lines', () => {
    const f = new LineFramer(100);
    expect(texts(f.push(bytes('{"a":1}\n{"b"')))).toEqual(['{"a":1}']);
    expect(texts(f.push(bytes(':2}\n\n  \n{"c":3}\n')))).toEqual(['{"b":2}', '{"c":3}']);
    expect(f.bufferedBytes).toBe(0);
  });

  it('splits on LF only: a CRLF line keeps its CR for the JSON parser to ignore as whitespace', () => {
    const f = new LineFramer(100);
    expect(f.push(bytes('{"a":1}\n\n{"b"'))).toEqual([{ kind: 'line', text: '{"a":1}' }]);
    expect(f.push(bytes(':2}\r\n'))).toEqual([{ kind: 'line', text: '{"b":2}\r' }]);
    // A line that is only CR is blank.
    expect(f.push(bytes('\r\n'))).toEqual([]);
  });

  it('accepts Node Buffers as chunks as well', () => {
    const f = new LineFramer(100);
    expect(texts(f.push(Buffer.from('{"a"')))).toEqual([]);
    expect(texts(f.push(Buffer.from(':1}\n')))).toEqual(['{"a":1}']);
  });

  it('reassembles a multi-byte UTF-8 character split between chunks', () => {
    const whole = bytes('{"name":"网关€😀"}\n');
    // Cut inside the 4-byte emoji and inside the 3-byte CJK character.
    expect(texts(pushCut(new LineFramer(100), whole, [11, 13, 20, 22]))).toEqual(['{"name":"网关€😀"}']);
  });

  it('property: any chunking of any JSON lines decodes to the same lines', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1 }), { maxLength: 10 }), fc.array(fc.integer({ min: 1, max: 7 })), (lines, sizes) => {
        const payload = lines.map((l) => JSON.stringify(l));
        const whole = bytes(payload.map((l) => `${l}\n`).join(''));
        const f = new LineFramer(10_000);
        const out: FramedLine[] = [];
        let at = 0;
        let k = 0;
        while (at < whole.length) {
          const n = sizes.length === 0 ? whole.length : (sizes[k++ % sizes.length] ?? 1);
          out.push(...f.push(whole.subarray(at, at + n)));
          at += n;
        }
        expect(texts(out)).toEqual(payload);
      }),
      { numRuns: 200 },
    );
  });

  it('property: raw text lines (multi-byte characters included) survive any cut points', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((t) => !t.includes('\n') && t.trim() !== ''), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), (lines, cuts) => {
        const whole = bytes(lines.map((l) => `${l}\n`).join(''));
        const points = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
        expect(texts(pushCut(new LineFramer(1000), whole, points))).toEqual(lines);
      }),
    );
  });

  it('counts the limit in bytes: a line of exactly max bytes passes, one more byte does not', () => {
    // '"€€"' is 4 characters but 8 bytes.
    expect(texts(new LineFramer(8).push(bytes('"€€"\n')))).toEqual(['"€€"']);
    expect(texts(new LineFramer(7).push(bytes('"€€"\n')))).toEqual(['oversized']);
  });

  it('reports an oversized line once, keeps at most max + one chunk, and resyncs at the newline', () => {
    const f = new LineFramer(10);
    expect(f.push(bytes('0123456789abc'))).toEqual([{ kind: 'oversized', receivedBytes: 13, maxBytes: 10 }]);
    expect(f.bufferedBytes).toBe(0);
    for (let i = 0; i < 1000; i++) {
      expect(f.push(bytes('xxxxxxxxxxxxxxxxxxxx'))).toEqual([]);
      expect(f.bufferedBytes).toBe(0);
    }
    expect(texts(f.push(bytes('tail\n{"ok":1}\n')))).toEqual(['{"ok":1}']);
  });

  it('reports a line that crosses the limit in its second chunk', () => {
    const f = new LineFramer(8);
    expect(f.push(bytes('123456'))).toEqual([]);
    expect(f.push(bytes('789'))).toEqual([{ kind: 'oversized', receivedBytes: 9, maxBytes: 8 }]);
    expect(f.push(bytes('more junk'))).toEqual([]);
    expect(f.bufferedBytes).toBe(0);
    expect(f.push(bytes('tail\nok\n'))).toEqual([{ kind: 'line', text: 'ok' }]);
  });

  it('detects an oversized line built from small chunks', () => {
    const f = new LineFramer(10);
    const out: FramedLine[] = [];
    for (let i = 0; i < 12; i++) {
      out.push(...f.push(bytes('a')));
      expect(f.bufferedBytes).toBeLessThanOrEqual(10);
    }
    expect(out).toEqual([{ kind: 'oversized', receivedBytes: 11, maxBytes: 10 }]);
    expect(texts(f.push(bytes('\n"next"\n')))).toEqual(['"next"']);
  });

  it('reports an oversized line that ends inside the chunk and continues with the rest', () => {
    const f = new LineFramer(5);
    expect(texts(f.push(bytes('"toolong"\n"ok"\n')))).toEqual(['oversized', '"ok"']);
  });

  it('applies a raised limit to the lines that follow (the client learns the agent’s limit from its hello)', () => {
    const f = new LineFramer(5);
    expect(texts(f.push(bytes('"toolong"\n')))).toEqual(['oversized']);
    f.maxBytes = 20;
    expect(texts(f.push(bytes('"toolong"\n')))).toEqual(['"toolong"']);
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => new LineFramer(0)).toThrow(RangeError);
    expect(() => new LineFramer(1.5)).toThrow(RangeError);
    expect(() => {
      new LineFramer(10).maxBytes = -1;
    }).toThrow('maxBytes must be a positive integer, got -1');
  });

  it('flags invalid UTF-8 instead of inventing replacement characters', () => {
    expect(new LineFramer(100).push(Uint8Array.from([0x22, 0xc3, 0x28, 0x22, 0x0a]))).toEqual([{ kind: 'invalidUtf8', bytes: 4 }]);
    expect(new LineFramer(100).push(Uint8Array.from([0x7b, 0xff, 0x7d, 0x0a]))).toEqual([{ kind: 'invalidUtf8', bytes: 3 }]);
  });

  it('end() reports the bytes of an unterminated line', () => {
    const f = new LineFramer(100);
    f.push(bytes('{"half"'));
    expect(f.end()).toBe(7);
    expect(f.bufferedBytes).toBe(0);
  });

  it('does not keep a reference to the caller’s chunk buffer (Uint8Array or Buffer)', () => {
    for (const chunk of [bytes('{"a":'), Buffer.from('{"a":')]) {
      const f = new LineFramer(100);
      f.push(chunk);
      chunk.fill(0x20);
      expect(texts(f.push(bytes('1}\n')))).toEqual(['{"a":1}']);
    }
  });
});
