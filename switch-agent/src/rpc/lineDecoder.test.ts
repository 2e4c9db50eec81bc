import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { LineDecoder, type DecodedLine } from './lineDecoder';

const texts = (items: DecodedLine[]) => items.map((i) => (i.kind === 'line' ? i.text : i.kind));

describe('LineDecoder', () => {
  it('splits lines across and within chunks and ignores blank lines', () => {
    const d = new LineDecoder(100);
    expect(texts(d.push(Buffer.from('{"a":1}\n{"b"')))).toEqual(['{"a":1}']);
    expect(texts(d.push(Buffer.from(':2}\n\n  \n{"c":3}\n')))).toEqual(['{"b":2}', '{"c":3}']);
    expect(d.bufferedBytes).toBe(0);
  });

  it('reassembles a multi-byte UTF-8 character split between chunks', () => {
    const bytes = Buffer.from('{"name":"网关€😀"}\n', 'utf8');
    // Cut inside the 4-byte emoji and inside the 3-byte CJK character.
    const cuts = [11, 13, 20, 22];
    const d = new LineDecoder(100);
    const out: DecodedLine[] = [];
    let prev = 0;
    for (const c of [...cuts, bytes.length]) {
      out.push(...d.push(bytes.subarray(prev, c)));
      prev = c;
    }
    expect(texts(out)).toEqual(['{"name":"网关€😀"}']);
  });

  it('property: any chunking of any lines decodes to the same lines', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1 }), { maxLength: 10 }), fc.array(fc.integer({ min: 1, max: 7 })), (lines, sizes) => {
        const payload = lines.map((l) => JSON.stringify(l));
        const bytes = Buffer.from(payload.map((l) => `${l}\n`).join(''), 'utf8');
        const d = new LineDecoder(10_000);
        const out: DecodedLine[] = [];
        let at = 0;
        let k = 0;
        while (at < bytes.length) {
          const n = sizes.length === 0 ? bytes.length : (sizes[k++ % sizes.length] ?? 1);
          out.push(...d.push(bytes.subarray(at, at + n)));
          at += n;
        }
        expect(texts(out)).toEqual(payload);
      }),
      { numRuns: 200 },
    );
  });

  it('counts the limit in bytes: a line of exactly max bytes passes, one more byte does not', () => {
    // '"€€"' is 4 characters but 8 bytes.
    expect(texts(new LineDecoder(8).push(Buffer.from('"€€"\n')))).toEqual(['"€€"']);
    expect(texts(new LineDecoder(7).push(Buffer.from('"€€"\n')))).toEqual(['oversized']);
  });

  it('reports an oversized line once, keeps at most max + one chunk, and resyncs at the newline', () => {
    const d = new LineDecoder(10);
    const first = d.push(Buffer.from('0123456789abc'));
    expect(first).toEqual([{ kind: 'oversized', receivedBytes: 13, maxBytes: 10 }]);
    expect(d.bufferedBytes).toBe(0);
    for (let i = 0; i < 1000; i++) {
      expect(d.push(Buffer.from('xxxxxxxxxxxxxxxxxxxx'))).toEqual([]);
      expect(d.bufferedBytes).toBe(0);
    }
    expect(texts(d.push(Buffer.from('tail\n{"ok":1}\n')))).toEqual(['{"ok":1}']);
  });

  it('detects an oversized line built from small chunks', () => {
    const d = new LineDecoder(10);
    const out: DecodedLine[] = [];
    for (let i = 0; i < 12; i++) {
      out.push(...d.push(Buffer.from('a')));
      expect(d.bufferedBytes).toBeLessThanOrEqual(10);
    }
    expect(out).toEqual([{ kind: 'oversized', receivedBytes: 11, maxBytes: 10 }]);
    expect(texts(d.push(Buffer.from('\n"next"\n')))).toEqual(['"next"']);
  });

  it('reports an oversized line that ends inside the chunk and continues with the rest', () => {
    const d = new LineDecoder(5);
    expect(texts(d.push(Buffer.from('"toolong"\n"ok"\n')))).toEqual(['oversized', '"ok"']);
  });

  it('flags invalid UTF-8 instead of inventing replacement characters', () => {
    const d = new LineDecoder(100);
    expect(d.push(Buffer.from([0x22, 0xc3, 0x28, 0x22, 0x0a]))).toEqual([{ kind: 'invalidUtf8', bytes: 4 }]);
  });

  it('end() reports the bytes of an unterminated line', () => {
    const d = new LineDecoder(100);
    d.push(Buffer.from('{"half"'));
    expect(d.end()).toBe(7);
    expect(d.bufferedBytes).toBe(0);
  });

  it('does not keep a reference to the caller’s chunk buffer', () => {
    const d = new LineDecoder(100);
    const chunk = Buffer.from('{"a":');
    d.push(chunk);
    chunk.fill(0x20);
    expect(texts(d.push(Buffer.from('1}\n')))).toEqual(['{"a":1}']);
  });
});
