import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bdecode, bencode } from './bencode';
import type { BDecoded } from './bencode';

describe('bencode', () => {
  it('encodes the ng ping and sorts dictionary keys', () => {
    expect(bencode({ command: 'ping' }).toString()).toBe('d7:command4:pinge');
    expect(bencode({ b: 1, a: ['x', -2] }).toString()).toBe('d1:al1:xi-2ee1:bi1ee');
  });

  it('decodes a reply', () => {
    expect(bdecode(Buffer.from('d6:result4:pong5:callsl3:abc0:ee'))).toEqual({ result: 'pong', calls: ['abc', ''] });
  });

  it.each(['i01e', 'i-0e', '5:abc', 'l', 'd1:ae', 'di1ei2ee', 'x', 'i1ei2e', '01:a'])('rejects malformed %s', (bad) => {
    expect(() => bdecode(Buffer.from(bad))).toThrow(/^bencode: /);
  });

  it('decodes a "__proto__" key as an own entry, not as the prototype', () => {
    const d = bdecode(Buffer.from('d9:__proto__d4:evili1eee')) as { [key: string]: BDecoded };
    expect(Object.keys(d)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
    expect((d as { evil?: unknown }).evil).toBeUndefined();
    const v = JSON.parse('{"__proto__":{"a":1}}') as BDecoded;
    expect(bdecode(bencode(v))).toEqual(v);
  });

  it('round-trips any value', () => {
    const value: fc.Arbitrary<BDecoded> = fc.letrec<{ v: BDecoded }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.string(),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(fc.property(value, (v) => {
      expect(bdecode(bencode(v))).toEqual(v);
    }));
  });
});
