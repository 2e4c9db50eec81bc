import { describe, expect, it } from 'vitest';
import { ChunkAssembler } from '@shared/rpc/chunking';
import { chunkData, resultText } from './resultText';

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
