// HEPv3 encoder: the inverse of decodeHep, in the chunk order Kamailio's siptrace uses. Serves
// forwarding to another capture server, the benchmark and the decoder's tests.
import { HEP_CHUNK, HEP_FAMILY, HEP_PROTO_SIP } from './hepTypes';
import type { HepPacket } from './hepTypes';
import { ipv4Bytes, ipv6Bytes } from '@shared/trace/ipBytes';

export { ipv4Bytes, ipv6Bytes };

export interface HepChunk {
  vendor: number;
  type: number;
  value: Uint8Array;
}

export type HepInput = Omit<HepPacket, 'unknownChunks' | 'payload'> & { payload: Uint8Array | string };

const utf8 = new TextEncoder();

function uint(n: number, bytes: 1 | 2 | 4): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = n & 0xff;
    n = Math.floor(n / 256);
  }
  return out;
}

/** The chunks of a packet, in siptrace's order. */
export function hepChunks(p: HepInput): HepChunk[] {
  const v6 = p.family === 'ipv6';
  const addr = v6 ? ipv6Bytes : ipv4Bytes;
  const c = (type: number, value: Uint8Array): HepChunk => ({ vendor: 0, type, value });
  const out = [
    c(HEP_CHUNK.ipFamily, uint(v6 ? HEP_FAMILY.ipv6 : HEP_FAMILY.ipv4, 1)),
    c(HEP_CHUNK.ipProto, uint(p.ipProto, 1)),
    c(v6 ? HEP_CHUNK.srcIPv6 : HEP_CHUNK.srcIPv4, addr(p.srcIp)),
    c(v6 ? HEP_CHUNK.dstIPv6 : HEP_CHUNK.dstIPv4, addr(p.dstIp)),
    c(HEP_CHUNK.srcPort, uint(p.srcPort, 2)),
    c(HEP_CHUNK.dstPort, uint(p.dstPort, 2)),
  ];
  if (p.timeSec !== undefined) {
    out.push(c(HEP_CHUNK.timeSec, uint(p.timeSec, 4)), c(HEP_CHUNK.timeUsec, uint(p.timeUsec ?? 0, 4)));
  }
  out.push(c(HEP_CHUNK.protoType, uint(p.protoType ?? HEP_PROTO_SIP, 1)));
  if (p.captureId !== undefined) out.push(c(HEP_CHUNK.captureId, uint(p.captureId, 4)));
  if (p.authKey !== undefined) out.push(c(HEP_CHUNK.authKey, utf8.encode(p.authKey)));
  if (p.correlationId !== undefined) out.push(c(HEP_CHUNK.correlationId, utf8.encode(p.correlationId)));
  out.push(c(HEP_CHUNK.payload, typeof p.payload === 'string' ? utf8.encode(p.payload) : p.payload));
  return out;
}

/** Header + chunks with correct lengths. Throws if the result would not fit a HEP length field. */
export function assembleHep(chunks: readonly HepChunk[]): Uint8Array {
  const total = 6 + chunks.reduce((n, c) => n + 6 + c.value.length, 0);
  if (total > 0xffff) throw new Error(`hep encode: ${total} bytes do not fit one HEP packet`);
  const out = new Uint8Array(total);
  out.set([0x48, 0x45, 0x50, 0x33], 0);
  out.set(uint(total, 2), 4);
  let at = 6;
  for (const c of chunks) {
    out.set(uint(c.vendor, 2), at);
    out.set(uint(c.type, 2), at + 2);
    out.set(uint(6 + c.value.length, 2), at + 4);
    out.set(c.value, at + 6);
    at += 6 + c.value.length;
  }
  return out;
}

export function encodeHep(p: HepInput): Uint8Array {
  return assembleHep(hepChunks(p));
}
