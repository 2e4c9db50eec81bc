// Every length field of a real-shaped HEP packet wrong in every way: the decoder must give a
// typed error (or, where the wrong length happens to describe another valid packet, a packet)
// and never throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHep } from '../../../switch-agent/src/trace/hepDecode';
import { encodeHep } from '../../../switch-agent/src/trace/hepEncode';
import { HEP_ERROR_CODES } from '../../../switch-agent/src/trace/hepTypes';
import type { HepInput } from '../../../switch-agent/src/trace/hepEncode';
import { lengthFields, malformedHep, withLength } from '../../support/hepMutations';

const INVITE = 'INVITE sip:3005550001@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5062;branch=z9hG4bK-1\r\nCall-ID: 1@x\r\nContent-Length: 0\r\n\r\n';
const PACKETS: Record<string, HepInput> = {
  ipv4: { family: 'ipv4', ipProto: 17, srcIp: '127.0.0.2', dstIp: '127.0.0.1', srcPort: 5062, dstPort: 5060, timeSec: 1_764_900_000, timeUsec: 5, protoType: 1, captureId: 1, authKey: 'k', correlationId: 'c@h', payload: INVITE },
  ipv6: { family: 'ipv6', ipProto: 17, srcIp: '::1', dstIp: 'fe80::1', srcPort: 5062, dstPort: 5060, protoType: 1, payload: INVITE },
};
const KNOWN = new Set<string>(HEP_ERROR_CODES);

function decodeCode(b: Uint8Array): string {
  const r = decodeHep(b);
  return r.ok ? 'ok' : r.error.code;
}

describe('HEP decoder under wrong lengths', () => {
  for (const [name, input] of Object.entries(PACKETS)) {
    it(`${name}: every value of every length field, cuts and trailing bytes give a typed result`, () => {
      const packet = encodeHep(input);
      expect(decodeCode(packet)).toBe('ok');
      const counts = new Map<string, number>();
      let n = 0;
      for (const m of malformedHep(packet, true)) {
        const code = decodeCode(m.bytes);
        if (code !== 'ok' && !KNOWN.has(code)) throw new Error(`${m.what}: unknown code ${code}`);
        counts.set(code, (counts.get(code) ?? 0) + 1);
        n++;
      }
      console.info(`${name}: ${n} malformed packets: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`);
      // Every field × 65,535 wrong values, plus resized and cut variants.
      expect(n).toBeGreaterThan(lengthFields(packet).length * 65_535);
    }, 60_000);

    it(`${name}: each specific kind of wrong length gets its own code`, () => {
      const packet = encodeHep(input);
      const [total, ...chunks] = lengthFields(packet);
      for (const v of [0, 5, 6, packet.length - 1, packet.length + 1, 0xffff]) expect(decodeCode(withLength(packet, total!.offset, v))).toBe('HEP_TOTAL_LENGTH');
      for (const c of chunks) {
        for (const v of [0, 1, 5]) expect(decodeCode(withLength(packet, c.offset, v))).toBe('HEP_CHUNK_LENGTH');
        const pastEnd = packet.length - (c.offset - 4) + 1;
        expect(decodeCode(withLength(packet, c.offset, pastEnd))).toBe('HEP_CHUNK_LENGTH');
      }
      expect(decodeCode(packet.slice(0, 5))).toBe('HEP_TOO_SHORT');
      // Header fixed, last chunk header cut short.
      expect(decodeCode(withLength(packet.slice(0, 6 + 6 + 1 + 3), 4, 16))).toBe('HEP_CHUNK_TRUNCATED');
    });
  }

  it('random bytes and random edits of a valid packet never throw', () => {
    const packet = encodeHep(PACKETS.ipv4!);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const code = decodeCode(bytes);
        return code === 'ok' || KNOWN.has(code);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(packet.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (edits) => {
        const b = packet.slice();
        for (const [at, v] of edits) b[at] = v;
        const code = decodeCode(b);
        return code === 'ok' || KNOWN.has(code);
      }),
      { numRuns: 5000 },
    );
  });
});
