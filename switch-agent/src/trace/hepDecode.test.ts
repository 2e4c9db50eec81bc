import { describe, expect, it } from 'vitest';
import { decodeHep, ipv6 } from './hepDecode';
import { assembleHep, encodeHep, hepChunks, ipv6Bytes } from './hepEncode';
import type { HepChunk, HepInput } from './hepEncode';
import { HEP_CHUNK, HEP_LIMITS } from './hepTypes';
import type { HepErrorCode } from './hepTypes';

const SIP = 'OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nCall-ID: x\r\n\r\n';
const v4: HepInput = {
  family: 'ipv4', ipProto: 17, srcIp: '127.0.0.1', dstIp: '127.0.0.2', srcPort: 5060, dstPort: 5080,
  timeSec: 1_764_900_000, timeUsec: 123_456, protoType: 1, captureId: 2001, payload: SIP,
};

function codeOf(b: Uint8Array): HepErrorCode | 'ok' {
  const r = decodeHep(b);
  return r.ok ? 'ok' : r.error.code;
}

function without(type: number, p = v4): Uint8Array {
  return assembleHep(hepChunks(p).filter((c) => c.type !== type));
}

function withChunks(extra: HepChunk[], p = v4): Uint8Array {
  return assembleHep([...hepChunks(p), ...extra]);
}

describe('decodeHep', () => {
  it('decodes an IPv4 packet as siptrace sends it', () => {
    const r = decodeHep(encodeHep(v4));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { payload, ...rest } = r.packet;
    expect(rest).toEqual({
      family: 'ipv4', ipProto: 17, srcIp: '127.0.0.1', dstIp: '127.0.0.2', srcPort: 5060, dstPort: 5080,
      timeSec: 1_764_900_000, timeUsec: 123_456, protoType: 1, captureId: 2001, unknownChunks: 0,
    });
    expect(new TextDecoder().decode(payload)).toBe(SIP);
  });

  it('decodes IPv6 addresses into their RFC 5952 text form', () => {
    const r = decodeHep(encodeHep({ ...v4, family: 'ipv6', srcIp: '2001:db8:0:0:1:0:0:1', dstIp: '::1' }));
    expect(r.ok && [r.packet.srcIp, r.packet.dstIp]).toEqual(['2001:db8::1:0:0:1', '::1']);
    expect(ipv6(ipv6Bytes('fe80::'), 0)).toBe('fe80::');
    expect(ipv6(ipv6Bytes('1:2:3:4:5:6:7:8'), 0)).toBe('1:2:3:4:5:6:7:8');
  });

  it('keeps the auth key and correlation id, dropping a C string terminator', () => {
    const r = decodeHep(encodeHep({ ...v4, authKey: 'secret\0', correlationId: 'abc@host' }));
    expect(r.ok && [r.packet.authKey, r.packet.correlationId]).toEqual(['secret', 'abc@host']);
  });

  it('skips and counts unknown chunk types and other vendors', () => {
    const r = decodeHep(withChunks([
      { vendor: 0, type: 99, value: new Uint8Array(3) },
      { vendor: 0x0003, type: HEP_CHUNK.payload, value: new Uint8Array(5) },
      { vendor: 0, type: 99, value: new Uint8Array(0) },
    ]));
    expect(r.ok && r.packet.unknownChunks).toBe(3);
  });

  it('refuses a known chunk that appears twice', () => {
    expect(codeOf(withChunks([{ vendor: 0, type: HEP_CHUNK.srcPort, value: new Uint8Array(2) }]))).toBe('HEP_CHUNK_DUPLICATE');
    expect(codeOf(withChunks([{ vendor: 0, type: HEP_CHUNK.payload, value: new Uint8Array(2) }]))).toBe('HEP_CHUNK_DUPLICATE');
    expect(codeOf(withChunks([{ vendor: 0, type: HEP_CHUNK.srcIPv6, value: new Uint8Array(16) }]))).toBe('HEP_CHUNK_DUPLICATE');
  });

  it('names each missing mandatory chunk', () => {
    for (const t of [HEP_CHUNK.ipFamily, HEP_CHUNK.ipProto, HEP_CHUNK.srcIPv4, HEP_CHUNK.dstIPv4, HEP_CHUNK.srcPort, HEP_CHUNK.dstPort, HEP_CHUNK.payload]) {
      const r = decodeHep(without(t));
      expect(r.ok ? 'ok' : [r.error.code, r.error.chunkType]).toEqual(['HEP_MISSING_CHUNK', t]);
    }
    // Timestamps and the protocol type are optional.
    expect(codeOf(without(HEP_CHUNK.timeSec))).toBe('ok');
    expect(codeOf(without(HEP_CHUNK.protoType))).toBe('ok');
  });

  it('refuses bad values', () => {
    const chunks = hepChunks(v4);
    const family = (n: number) => assembleHep(chunks.map((c) => (c.type === HEP_CHUNK.ipFamily ? { ...c, value: Uint8Array.of(n) } : c)));
    expect(codeOf(family(7))).toBe('HEP_BAD_VALUE');
    expect(codeOf(family(10))).toBe('HEP_BAD_VALUE'); // IPv6 family, IPv4 addresses
    const usec = assembleHep(chunks.map((c) => (c.type === HEP_CHUNK.timeUsec ? { ...c, value: Uint8Array.of(0, 0x0f, 0x42, 0x40) } : c)));
    expect(codeOf(usec)).toBe('HEP_BAD_VALUE'); // 1,000,000 µs
    const mixed = assembleHep([...chunks.filter((c) => c.type !== HEP_CHUNK.dstIPv4), { vendor: 0, type: HEP_CHUNK.dstIPv6, value: new Uint8Array(16) }]);
    expect(codeOf(mixed)).toBe('HEP_BAD_VALUE');
    expect(codeOf(encodeHep({ ...v4, payload: new Uint8Array(0) }))).toBe('HEP_CHUNK_SIZE');
  });

  it('refuses fixed-size chunks of the wrong size, naming the chunk', () => {
    const chunks = hepChunks(v4).map((c) => (c.type === HEP_CHUNK.srcPort ? { ...c, value: new Uint8Array(3) } : c));
    const r = decodeHep(assembleHep(chunks));
    expect(r.ok ? 'ok' : [r.error.code, r.error.message]).toEqual(['HEP_CHUNK_SIZE', 'The source port chunk holds 3 bytes; it must hold 2.']);
  });

  it('refuses compressed payloads, old versions, non-HEP, short and oversized input', () => {
    expect(codeOf(withChunks([{ vendor: 0, type: HEP_CHUNK.compressedPayload, value: new Uint8Array(4) }]))).toBe('HEP_COMPRESSED_PAYLOAD');
    expect(codeOf(Uint8Array.of(2, 16, 2, 17, 0x13, 0xc4, 0x13, 0xc4, 127, 0, 0, 1, 127, 0, 0, 1))).toBe('HEP_OLD_VERSION');
    expect(codeOf(new TextEncoder().encode(SIP))).toBe('HEP_NOT_HEP');
    expect(codeOf(Uint8Array.of(0x48, 0x45, 0x50))).toBe('HEP_TOO_SHORT');
    expect(codeOf(new Uint8Array(HEP_LIMITS.maxPacketBytes + 1))).toBe('HEP_TOO_LARGE');
  });

  it('refuses more chunks than the limit, however small they are', () => {
    const filler = Array.from({ length: HEP_LIMITS.maxChunks }, () => ({ vendor: 0, type: 200, value: new Uint8Array(0) }));
    expect(codeOf(withChunks(filler))).toBe('HEP_TOO_MANY_CHUNKS');
  });
});
