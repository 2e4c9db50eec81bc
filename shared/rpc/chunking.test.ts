import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ChunkAssembler, chunkUnits, splitChunks } from './chunking';
import { parseFrame, utf8ByteLength } from './frames';

describe('splitChunks', () => {
  it('every slice fits a chunk frame under the limit, and the slices join back to the text', () => {
    const max = 64 * 1024;
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60_000 }), fc.oneof(fc.constant(0), fc.nat()), (s, id) => {
        const text = JSON.stringify({ s });
        const parts = splitChunks(text, max);
        expect(parts.join('')).toBe(text);
        const asm = new ChunkAssembler();
        parts.forEach((data, seq) => {
          const line = JSON.stringify({ type: 'chunk', id, seq, data });
          expect(utf8ByteLength(line)).toBeLessThanOrEqual(max);
          const parsed = parseFrame(line, max, 'agent');
          expect(parsed.ok).toBe(true);
          expect(asm.add(id, seq, data)).toBeUndefined();
        });
        const got = asm.take(id, { chunks: parts.length, bytes: utf8ByteLength(text) });
        expect(got).toEqual({ ok: true, text });
        expect(asm.heldBytes).toBe(0);
      }),
      { numRuns: 30 },
    );
  });

  it('never splits a surrogate pair, even at the slice boundary', () => {
    const units = chunkUnits(64 * 1024);
    const text = `${'a'.repeat(units - 1)}😀tail`;
    const parts = splitChunks(text, 64 * 1024);
    expect(parts[0]).toHaveLength(units - 1);
    expect(parts[1]?.startsWith('😀')).toBe(true);
  });
});

describe('ChunkAssembler', () => {
  it('names the expected and the received counts when the trailer disagrees', () => {
    const asm = new ChunkAssembler();
    asm.add(1, 0, 'ab');
    const got = asm.take(1, { chunks: 2, bytes: 4 });
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.error.message).toBe('chunked message 1 announced 2 chunks of 4 bytes but 1 chunks of 2 bytes arrived');
  });

  it('bounds the bytes held across messages and the number of messages', () => {
    const asm = new ChunkAssembler(10, 2);
    expect(asm.add('a', 0, '12345')).toBeUndefined();
    expect(asm.add('b', 0, '12345')).toBeUndefined();
    expect(asm.add('c', 0, '1')?.code).toBe('TOO_MANY_REQUESTS');
    expect(asm.add('a', 1, '1')?.code).toBe('FRAME_TOO_LARGE');
    expect(asm.heldBytes).toBe(5);
    // A failed message reports once, then its chunks are dropped until the trailer answers it.
    expect(asm.add('a', 2, '1')).toBeUndefined();
    expect(asm.take('a', { chunks: 3, bytes: 7 })).toMatchObject({ ok: false, error: { code: 'FRAME_TOO_LARGE' } });
    expect(asm.size).toBe(1);
  });
});
