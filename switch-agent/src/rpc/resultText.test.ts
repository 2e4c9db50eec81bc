import { describe, expect, it } from 'vitest';
import { ChunkAssembler } from '@shared/rpc/chunking';
import fc from 'fast-check';
import { chunkData, neverMutated, resultText, stringifyReusing } from './resultText';

const large = { snapshot: { gateways: Array.from({ length: 3000 }, (_, i) => ({ name: `gw-${i}`, note: 'ünïcode "quoted" \\ 😀' })) } };

describe('resultText', () => {
  it('serializes a large result once and hands out the same text for the same object', () => {
    const a = resultText(large);
    expect(a.body).toBe(JSON.stringify(large));
    expect(a.bytes).toBe(Buffer.byteLength(a.body));
    expect(resultText(large)).toBe(a);
    // An equal but different object is serialized on its own.
    expect(resultText(structuredClone(large))).not.toBe(a);
  });

  it('does not remember small results', () => {
    const small = { ok: true };
    expect(resultText(small)).not.toBe(resultText(small));
    expect(resultText(undefined).body).toBe('null');
  });

  it('chunk data decodes and reassembles to the body, and is kept per frame limit', () => {
    const text = resultText(large);
    const data = chunkData(text, 16 * 1024);
    expect(data.length).toBeGreaterThan(1);
    expect(chunkData(text, 16 * 1024)).toBe(data);
    const assembler = new ChunkAssembler(10 * 2 ** 20, 4);
    data.forEach((d, seq) => assembler.add('r1', seq, JSON.parse(d) as string));
    const joined = assembler.take('r1', { chunks: data.length, bytes: text.bytes });
    expect(joined).toEqual({ ok: true, text: text.body });
    expect(chunkData(text, 32 * 1024).length).toBeLessThan(data.length);
  });
});

describe('stringifyReusing', () => {
  it('gives exactly what JSON.stringify gives, for any JSON-like value and again from its cache', () => {
    const withUndefined = fc.dictionary(fc.string(), fc.option(fc.jsonValue(), { nil: undefined }));
    const value = fc.oneof(fc.jsonValue(), withUndefined, fc.array(withUndefined), fc.array(fc.jsonValue().map((v) => neverMutated({ v }))));
    fc.assert(
      fc.property(value, (v) => {
        expect(stringifyReusing(v)).toBe(JSON.stringify(v));
        expect(stringifyReusing(v)).toBe(JSON.stringify(v));
      }),
      { numRuns: 300 },
    );
    const when = { at: new Date(0), nested: [{ n: -0, f: () => 1, u: undefined }, undefined] };
    expect(stringifyReusing(when)).toBe(JSON.stringify(when));
  });

  it('keeps the text only of array elements declared never mutated', () => {
    const kept = neverMutated({ name: 'a', n: 1 });
    const plain = { name: 'b', n: 1 };
    expect(stringifyReusing([kept, plain])).toBe('[{"name":"a","n":1},{"name":"b","n":1}]');
    plain.n = 2;
    (kept as { n: number }).n = 2; // breaking the promise shows the kept text is reused
    expect(stringifyReusing([kept, plain])).toBe('[{"name":"a","n":1},{"name":"b","n":2}]');
  });
});

