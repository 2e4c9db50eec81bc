import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonStreamSplitter } from './jsonStream';

describe('JsonStreamSplitter', () => {
  it('splits Kamailio-style pretty replies arriving in arbitrary chunks', () => {
    const values = [{ jsonrpc: '2.0', result: 1, id: 1 }, { id: 2, result: { s: 'a } " [ \\ b' } }, [1, [2]]];
    const text = values.map((v) => JSON.stringify(v, null, '\t')).join('\n');
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const s = new JsonStreamSplitter();
        const out: unknown[] = [];
        let prev = 0;
        for (const p of [...points, text.length]) {
          out.push(...s.push(text.slice(prev, p)).map((t) => JSON.parse(t) as unknown));
          prev = p;
        }
        expect(out).toEqual(values);
      }),
    );
  });
});
