// HEPv3 (Homer Encapsulation Protocol) as Kamailio's siptrace sends it: a 6-byte header
// ("HEP3" + total length) followed by chunks, each `vendor id (2) | type id (2) | length (2,
// header included) | value`. All integers are big-endian.

/** Generic chunk types (vendor 0) that the decoder reads; others are skipped and counted. */
export const HEP_CHUNK = {
  ipFamily: 1,
  ipProto: 2,
  srcIPv4: 3,
  dstIPv4: 4,
  srcIPv6: 5,
  dstIPv6: 6,
  srcPort: 7,
  dstPort: 8,
  timeSec: 9,
  timeUsec: 10,
  protoType: 11,
  captureId: 12,
  keepAlive: 13,
  authKey: 14,
  payload: 15,
  compressedPayload: 16,
  correlationId: 17,
} as const;

/** Protocol types (chunk 11) we name; any other number is kept as is. */
export const HEP_PROTO_SIP = 1;

export const HEP_FAMILY = { ipv4: 2, ipv6: 10 } as const;

/** Bounds of the decoder. A UDP datagram cannot exceed 65,535 bytes, so nothing valid is refused. */
export const HEP_LIMITS = {
  maxPacketBytes: 65_535,
  /** More chunks than this is not a capture agent talking; 10,922 six-byte chunks would fit. */
  maxChunks: 128,
  /** Auth key and correlation id are short strings; a longer one is refused, not truncated. */
  maxStringBytes: 1024,
} as const;

/** The closed list of reasons a datagram is not a usable HEP packet. */
export const HEP_ERROR_CODES = [
  'HEP_TOO_SHORT',
  'HEP_TOO_LARGE',
  'HEP_NOT_HEP',
  'HEP_OLD_VERSION',
  'HEP_TOTAL_LENGTH',
  'HEP_CHUNK_TRUNCATED',
  'HEP_CHUNK_LENGTH',
  'HEP_CHUNK_SIZE',
  'HEP_CHUNK_DUPLICATE',
  'HEP_TOO_MANY_CHUNKS',
  'HEP_MISSING_CHUNK',
  'HEP_BAD_VALUE',
  'HEP_COMPRESSED_PAYLOAD',
] as const;
export type HepErrorCode = (typeof HEP_ERROR_CODES)[number];

export interface HepError {
  code: HepErrorCode;
  /** Plain English, names the chunk or field. */
  message: string;
  /** Byte offset in the datagram where the problem was found. */
  offset?: number;
  /** The chunk type concerned, when there is one. */
  chunkType?: number;
}

export interface HepPacket {
  family: 'ipv4' | 'ipv6';
  /** IP protocol number (17 = UDP, 6 = TCP, 132 = SCTP). */
  ipProto: number;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  /** Capture time; absent when the agent sent no timestamp chunks. */
  timeSec?: number;
  timeUsec?: number;
  /** Chunk 11: 1 = SIP. */
  protoType?: number;
  captureId?: number;
  authKey?: string;
  correlationId?: string;
  /** The captured message (a view into the datagram, not a copy). */
  payload: Uint8Array;
  /** Chunks skipped because their vendor or type is not one we read. */
  unknownChunks: number;
}

export type HepResult = { ok: true; packet: HepPacket } | { ok: false; error: HepError };
