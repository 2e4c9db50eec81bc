// pcap export of traced messages, for Wireshark: classic pcap (v2.4) with link type RAW (101),
// each message rebuilt as a real IPv4 or IPv6 packet with a UDP or TCP header and correct
// checksums. A TCP message becomes one segment (PSH, ACK) whose sequence number continues its
// flow's, so Wireshark reads each connection as a stream without gaps. Pure: messages in, bytes
// out. A message captured over another protocol (SCTP, TLS's clear text is not mirrored as such)
// is skipped and counted rather than shown as something it wasn't.
import { ipv4Bytes, ipv6Bytes } from './hepEncode';
import type { TraceMessage } from './traceIngest';

const LINKTYPE_RAW = 101;
const UDP = 17;
const TCP = 6;
/** Largest payload in one IPv4 packet: 65,535 − 20 (IP) − 8 (UDP) or − 20 (TCP). */
const MAX_PAYLOAD: Readonly<Record<number, number>> = { [UDP]: 65_507, [TCP]: 65_495 };
const TCP_PSH_ACK = 0x18;

/**
 * Sequence numbers of the TCP flows of one file: each flow (source and destination address and
 * port) starts at 1 and moves on by each segment's length. Feed it every TCP message of the file
 * in order, including those before a page that starts later (`skip`).
 */
export class TcpSequencer {
  private readonly next = new Map<string, number>();

  /** The sequence number of this message's segment, advancing its flow. */
  take(m: TraceMessage): number {
    const { hep } = m;
    const key = `${hep.srcIp}|${hep.srcPort}|${hep.dstIp}|${hep.dstPort}`;
    const seq = this.next.get(key) ?? 1;
    this.next.set(key, (seq + hep.payload.length) >>> 0);
    return seq;
  }

  /** Advances past a message written in an earlier page. */
  skip(m: TraceMessage): void {
    if (m.hep.ipProto === TCP) this.take(m);
  }
}

export function pcapHeader(): Uint8Array {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65_535, true); // snaplen
  v.setUint32(20, LINKTYPE_RAW, true);
  return b;
}

/** One's-complement sum of 16-bit words, folded; `init` carries a pseudo-header sum. */
function onesSum(b: Uint8Array, init = 0): number {
  let s = init;
  for (let i = 0; i + 1 < b.length; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  if (b.length % 2 === 1) s += b[b.length - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

function udpDatagram(m: TraceMessage, src: Uint8Array, dst: Uint8Array): Uint8Array {
  const { hep } = m;
  const len = 8 + hep.payload.length;
  const udp = new Uint8Array(len);
  const v = new DataView(udp.buffer);
  v.setUint16(0, hep.srcPort);
  v.setUint16(2, hep.dstPort);
  v.setUint16(4, len);
  udp.set(hep.payload, 8);
  // Pseudo-header: addresses, protocol, UDP length (RFC 768, RFC 8200 §8.1).
  const pseudo = onesSum(dst, onesSum(src)) + UDP + len;
  const sum = ~onesSum(udp, pseudo) & 0xffff;
  v.setUint16(6, sum === 0 ? 0xffff : sum);
  return udp;
}

function tcpSegment(m: TraceMessage, seq: number, src: Uint8Array, dst: Uint8Array): Uint8Array {
  const { hep } = m;
  const len = 20 + hep.payload.length;
  const tcp = new Uint8Array(len);
  const v = new DataView(tcp.buffer);
  v.setUint16(0, hep.srcPort);
  v.setUint16(2, hep.dstPort);
  v.setUint32(4, seq);
  v.setUint32(8, 1); // the peer's data is not in the file: acknowledge its first byte
  v.setUint8(12, 5 << 4); // header length: 5 words, no options
  v.setUint8(13, TCP_PSH_ACK);
  v.setUint16(14, 65_535); // window
  tcp.set(hep.payload, 20);
  // Pseudo-header: addresses, protocol, TCP length (RFC 9293 §3.1, RFC 8200 §8.1).
  const pseudo = onesSum(dst, onesSum(src)) + TCP + len;
  v.setUint16(16, ~onesSum(tcp, pseudo) & 0xffff);
  return tcp;
}

function transport(m: TraceMessage, seq: number, src: Uint8Array, dst: Uint8Array): Uint8Array {
  return m.hep.ipProto === TCP ? tcpSegment(m, seq, src, dst) : udpDatagram(m, src, dst);
}

function ipPacket(m: TraceMessage, seq: number): Uint8Array {
  const { hep } = m;
  if (hep.family === 'ipv4') {
    const src = ipv4Bytes(hep.srcIp);
    const dst = ipv4Bytes(hep.dstIp);
    const udp = transport(m, seq, src, dst);
    const out = new Uint8Array(20 + udp.length);
    const v = new DataView(out.buffer);
    v.setUint8(0, 0x45);
    v.setUint16(2, out.length);
    v.setUint16(6, 0x4000); // don't fragment
    v.setUint8(8, 64); // TTL
    v.setUint8(9, hep.ipProto);
    out.set(src, 12);
    out.set(dst, 16);
    v.setUint16(10, ~onesSum(out.subarray(0, 20)) & 0xffff);
    out.set(udp, 20);
    return out;
  }
  const src = ipv6Bytes(hep.srcIp);
  const dst = ipv6Bytes(hep.dstIp);
  const udp = transport(m, seq, src, dst);
  const out = new Uint8Array(40 + udp.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x60000000);
  v.setUint16(4, udp.length);
  v.setUint8(6, hep.ipProto);
  v.setUint8(7, 64); // hop limit
  out.set(src, 8);
  out.set(dst, 24);
  out.set(udp, 40);
  return out;
}

/**
 * One pcap record, or undefined for a message that cannot be rebuilt as UDP or TCP. TCP messages
 * take their sequence number from `tcp`, which must have seen the file's earlier TCP messages.
 */
export function pcapRecord(m: TraceMessage, tcp: TcpSequencer): Uint8Array | undefined {
  const max = MAX_PAYLOAD[m.hep.ipProto];
  if (max === undefined || m.hep.payload.length > max) return undefined;
  const ip = ipPacket(m, m.hep.ipProto === TCP ? tcp.take(m) : 0);
  const rec = new Uint8Array(16 + ip.length);
  const v = new DataView(rec.buffer);
  const sec = m.hep.timeSec ?? Math.floor(m.receivedAt / 1000);
  const usec = m.hep.timeSec !== undefined ? (m.hep.timeUsec ?? 0) : (m.receivedAt % 1000) * 1000;
  v.setUint32(0, sec, true);
  v.setUint32(4, usec, true);
  v.setUint32(8, ip.length, true);
  v.setUint32(12, ip.length, true);
  rec.set(ip, 16);
  return rec;
}

export function pcapFile(messages: Iterable<TraceMessage>): { bytes: Uint8Array; written: number; skipped: number } {
  const parts: Uint8Array[] = [pcapHeader()];
  const tcp = new TcpSequencer();
  let skipped = 0;
  for (const m of messages) {
    const r = pcapRecord(m, tcp);
    if (r) parts.push(r);
    else skipped++;
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, written: parts.length - 1, skipped };
}
