// HEPv3 decoder. Pure and total: any bytes give a packet or one typed error, in time linear in
// the input and without copying the payload.
//
// Rules (documented in docs/architecture.md):
//  - the header's total length must equal the datagram's length (one packet per datagram);
//  - every chunk length includes its 6-byte header and must stay inside the packet;
//  - chunks of other vendors and generic chunk types we do not read are skipped and counted;
//  - a chunk we read that appears twice is an error: two source addresses or two payloads
//    leave no honest way to pick one, and a trace must not guess;
//  - HEPv1/v2 are recognised and refused (Kamailio is configured for v3);
//  - compressed payloads (chunk 16) are refused: we do not inflate untrusted data.
import { HEP_CHUNK, HEP_FAMILY, HEP_LIMITS } from './hepTypes';
import type { HepError, HepErrorCode, HepPacket, HepResult } from './hepTypes';

const HEADER = 6;
const MAGIC = [0x48, 0x45, 0x50, 0x33]; // "HEP3"

const CHUNK_NAMES: Record<number, string> = {
  [HEP_CHUNK.ipFamily]: 'IP family',
  [HEP_CHUNK.ipProto]: 'IP protocol',
  [HEP_CHUNK.srcIPv4]: 'IPv4 source address',
  [HEP_CHUNK.dstIPv4]: 'IPv4 destination address',
  [HEP_CHUNK.srcIPv6]: 'IPv6 source address',
  [HEP_CHUNK.dstIPv6]: 'IPv6 destination address',
  [HEP_CHUNK.srcPort]: 'source port',
  [HEP_CHUNK.dstPort]: 'destination port',
  [HEP_CHUNK.timeSec]: 'timestamp seconds',
  [HEP_CHUNK.timeUsec]: 'timestamp microseconds',
  [HEP_CHUNK.protoType]: 'protocol type',
  [HEP_CHUNK.captureId]: 'capture agent id',
  [HEP_CHUNK.keepAlive]: 'keep-alive timer',
  [HEP_CHUNK.authKey]: 'authentication key',
  [HEP_CHUNK.payload]: 'payload',
  [HEP_CHUNK.compressedPayload]: 'compressed payload',
  [HEP_CHUNK.correlationId]: 'correlation id',
};

/** Value sizes of the fixed-size chunks we read. */
const FIXED_SIZE: Record<number, number> = {
  [HEP_CHUNK.ipFamily]: 1,
  [HEP_CHUNK.ipProto]: 1,
  [HEP_CHUNK.srcIPv4]: 4,
  [HEP_CHUNK.dstIPv4]: 4,
  [HEP_CHUNK.srcIPv6]: 16,
  [HEP_CHUNK.dstIPv6]: 16,
  [HEP_CHUNK.srcPort]: 2,
  [HEP_CHUNK.dstPort]: 2,
  [HEP_CHUNK.timeSec]: 4,
  [HEP_CHUNK.timeUsec]: 4,
  [HEP_CHUNK.protoType]: 1,
  [HEP_CHUNK.captureId]: 4,
  [HEP_CHUNK.keepAlive]: 2,
};

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function chunkName(type: number): string {
  return CHUNK_NAMES[type] ?? `chunk type ${type}`;
}

function fail(code: HepErrorCode, message: string, extra: Partial<HepError> = {}): HepResult {
  return { ok: false, error: { code, message, ...extra } };
}

const u16 = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
const u32 = (b: Uint8Array, i: number): number => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;

function ipv4(b: Uint8Array, i: number): string {
  return `${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`;
}

/** RFC 5952 text form: lower case, leading zeros dropped, the longest run of 2+ zero groups as "::". */
export function ipv6(b: Uint8Array, i: number): string {
  const groups: number[] = [];
  for (let g = 0; g < 8; g++) groups.push(u16(b, i + g * 2));
  let bestStart = -1;
  let bestLen = 0;
  for (let g = 0; g < 8; ) {
    if (groups[g] !== 0) {
      g++;
      continue;
    }
    let e = g;
    while (e < 8 && groups[e] === 0) e++;
    if (e - g > bestLen && e - g >= 2) {
      bestStart = g;
      bestLen = e - g;
    }
    g = e;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

function stringValue(b: Uint8Array, start: number, end: number): string {
  let e = end;
  while (e > start && b[e - 1] === 0) e--; // C senders may include the terminating NUL.
  return utf8.decode(b.subarray(start, e));
}

function oldVersion(b: Uint8Array): boolean {
  // HEPv1/v2: version byte, header length, then the address family (2 or 10).
  return (b[0] === 1 || b[0] === 2) && (b[2] === HEP_FAMILY.ipv4 || b[2] === HEP_FAMILY.ipv6);
}

export function decodeHep(b: Uint8Array): HepResult {
  if (b.length > HEP_LIMITS.maxPacketBytes) {
    return fail('HEP_TOO_LARGE', `The packet has ${b.length} bytes; at most ${HEP_LIMITS.maxPacketBytes} are accepted.`);
  }
  if (b.length < HEADER) {
    return fail('HEP_TOO_SHORT', `The packet has ${b.length} bytes, fewer than the ${HEADER}-byte HEP header.`);
  }
  if (!MAGIC.every((m, i) => b[i] === m)) {
    if (oldVersion(b)) return fail('HEP_OLD_VERSION', `HEP version ${b[0]} is not supported; only HEPv3 is.`);
    return fail('HEP_NOT_HEP', 'The packet does not start with "HEP3".');
  }
  const total = u16(b, 4);
  if (total !== b.length) {
    return fail('HEP_TOTAL_LENGTH', `The header says the packet has ${total} bytes, but ${b.length} arrived.`, { offset: 4 });
  }

  const seen = new Set<number>();
  const v: Partial<Record<number, number>> = {};
  let srcIp: string | undefined;
  let dstIp: string | undefined;
  let payload: Uint8Array | undefined;
  let authKey: string | undefined;
  let correlationId: string | undefined;
  let unknownChunks = 0;
  let chunks = 0;

  for (let at = HEADER; at < total; ) {
    if (++chunks > HEP_LIMITS.maxChunks) {
      return fail('HEP_TOO_MANY_CHUNKS', `The packet has more than ${HEP_LIMITS.maxChunks} chunks.`, { offset: at });
    }
    if (total - at < HEADER) {
      return fail('HEP_CHUNK_TRUNCATED', `Only ${total - at} bytes are left at the end, too few for a chunk header.`, { offset: at });
    }
    const vendor = u16(b, at);
    const type = u16(b, at + 2);
    const len = u16(b, at + 4);
    if (len < HEADER || at + len > total) {
      const why = len < HEADER ? `is below the ${HEADER}-byte chunk header` : `runs ${at + len - total} bytes past the end of the packet`;
      return fail('HEP_CHUNK_LENGTH', `The length ${len} of the ${chunkName(type)} chunk ${why}.`, { offset: at + 4, chunkType: type });
    }
    const start = at + HEADER;
    const end = at + len;
    at = end;
    if (vendor !== 0 || CHUNK_NAMES[type] === undefined) {
      unknownChunks++;
      continue;
    }
    if (seen.has(type)) {
      return fail('HEP_CHUNK_DUPLICATE', `The ${chunkName(type)} chunk appears twice.`, { offset: start - HEADER, chunkType: type });
    }
    seen.add(type);
    const size = end - start;
    const fixed = FIXED_SIZE[type];
    if (fixed !== undefined && size !== fixed) {
      return fail('HEP_CHUNK_SIZE', `The ${chunkName(type)} chunk holds ${size} bytes; it must hold ${fixed}.`, { offset: start - HEADER, chunkType: type });
    }
    switch (type) {
      case HEP_CHUNK.srcIPv4:
      case HEP_CHUNK.dstIPv4:
      case HEP_CHUNK.srcIPv6:
      case HEP_CHUNK.dstIPv6: {
        const text = fixed === 4 ? ipv4(b, start) : ipv6(b, start);
        if (type === HEP_CHUNK.srcIPv4 || type === HEP_CHUNK.srcIPv6) {
          if (srcIp !== undefined) return fail('HEP_CHUNK_DUPLICATE', 'The packet has both an IPv4 and an IPv6 source address.', { chunkType: type });
          srcIp = text;
        } else {
          if (dstIp !== undefined) return fail('HEP_CHUNK_DUPLICATE', 'The packet has both an IPv4 and an IPv6 destination address.', { chunkType: type });
          dstIp = text;
        }
        break;
      }
      case HEP_CHUNK.payload:
        if (size === 0) return fail('HEP_CHUNK_SIZE', 'The payload chunk is empty.', { offset: start - HEADER, chunkType: type });
        payload = b.subarray(start, end);
        break;
      case HEP_CHUNK.compressedPayload:
        return fail('HEP_COMPRESSED_PAYLOAD', 'The payload is compressed; only plain payloads are accepted.', { chunkType: type });
      case HEP_CHUNK.authKey:
      case HEP_CHUNK.correlationId: {
        if (size > HEP_LIMITS.maxStringBytes) {
          return fail('HEP_CHUNK_SIZE', `The ${chunkName(type)} chunk holds ${size} bytes; at most ${HEP_LIMITS.maxStringBytes} are accepted.`, { chunkType: type });
        }
        const s = stringValue(b, start, end);
        if (type === HEP_CHUNK.authKey) authKey = s;
        else correlationId = s;
        break;
      }
      default:
        v[type] = fixed === 1 ? b[start]! : fixed === 2 ? u16(b, start) : u32(b, start);
    }
  }
  return finish(v, { srcIp, dstIp, payload, authKey, correlationId, unknownChunks });
}

function finish(
  v: Partial<Record<number, number>>,
  r: { srcIp?: string; dstIp?: string; payload?: Uint8Array; authKey?: string; correlationId?: string; unknownChunks: number },
): HepResult {
  const required: [number, unknown][] = [
    [HEP_CHUNK.ipFamily, v[HEP_CHUNK.ipFamily]],
    [HEP_CHUNK.ipProto, v[HEP_CHUNK.ipProto]],
    [HEP_CHUNK.srcPort, v[HEP_CHUNK.srcPort]],
    [HEP_CHUNK.dstPort, v[HEP_CHUNK.dstPort]],
    [HEP_CHUNK.payload, r.payload],
  ];
  for (const [type, value] of required) {
    if (value === undefined) return fail('HEP_MISSING_CHUNK', `The ${chunkName(type)} chunk is missing.`, { chunkType: type });
  }
  const familyNo = v[HEP_CHUNK.ipFamily]!;
  if (familyNo !== HEP_FAMILY.ipv4 && familyNo !== HEP_FAMILY.ipv6) {
    return fail('HEP_BAD_VALUE', `The IP family ${familyNo} is neither 2 (IPv4) nor 10 (IPv6).`, { chunkType: HEP_CHUNK.ipFamily });
  }
  const family = familyNo === HEP_FAMILY.ipv4 ? 'ipv4' : 'ipv6';
  const [srcType, dstType] = family === 'ipv4' ? [HEP_CHUNK.srcIPv4, HEP_CHUNK.dstIPv4] : [HEP_CHUNK.srcIPv6, HEP_CHUNK.dstIPv6];
  for (const [type, value] of [[srcType, r.srcIp], [dstType, r.dstIp]] as const) {
    if (value === undefined) return fail('HEP_MISSING_CHUNK', `The ${chunkName(type)} chunk is missing (the IP family is ${family}).`, { chunkType: type });
  }
  // The address chunks must be of the declared family: an IPv4 family with IPv6 addresses means
  // the sender and we disagree on what the packet is.
  const v6Text = (s: string) => s.includes(':');
  if (v6Text(r.srcIp!) !== (family === 'ipv6') || v6Text(r.dstIp!) !== (family === 'ipv6')) {
    return fail('HEP_BAD_VALUE', `The addresses do not match the IP family ${family}.`, { chunkType: HEP_CHUNK.ipFamily });
  }
  const usec = v[HEP_CHUNK.timeUsec];
  if (usec !== undefined && usec > 999_999) {
    return fail('HEP_BAD_VALUE', `The timestamp microseconds ${usec} are above 999999.`, { chunkType: HEP_CHUNK.timeUsec });
  }
  const packet: HepPacket = {
    family,
    ipProto: v[HEP_CHUNK.ipProto]!,
    srcIp: r.srcIp!,
    dstIp: r.dstIp!,
    srcPort: v[HEP_CHUNK.srcPort]!,
    dstPort: v[HEP_CHUNK.dstPort]!,
    payload: r.payload!,
    unknownChunks: r.unknownChunks,
  };
  if (v[HEP_CHUNK.timeSec] !== undefined) {
    packet.timeSec = v[HEP_CHUNK.timeSec];
    packet.timeUsec = usec ?? 0;
  }
  if (v[HEP_CHUNK.protoType] !== undefined) packet.protoType = v[HEP_CHUNK.protoType];
  if (v[HEP_CHUNK.captureId] !== undefined) packet.captureId = v[HEP_CHUNK.captureId];
  if (r.authKey !== undefined) packet.authKey = r.authKey;
  if (r.correlationId !== undefined) packet.correlationId = r.correlationId;
  return { ok: true, packet };
}
