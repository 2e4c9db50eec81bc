// pcap files of traced SIP, for Wireshark, tshark and sngrep: classic pcap (v2.4) with link type
// RAW (101), each message rebuilt as a real IPv4 or IPv6 packet with a UDP or TCP header and
// correct checksums. A TCP message becomes one segment (PSH, ACK) whose sequence number continues
// its flow's, so Wireshark reads each connection as a stream without gaps. Pure: packets in, bytes
// out; the agent builds its exports with it, the app the pcap of a trace reopened from a file. A
// message of another protocol (SCTP) is skipped and counted rather than shown as something it wasn't.
import { ipv4Bytes, ipv6Bytes } from './ipBytes';

export interface PcapPacket {
  family: 'ipv4' | 'ipv6';
  /** IP protocol number: 17 UDP, 6 TCP. */
  ipProto: number;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  timeSec: number;
  timeUsec: number;
  payload: Uint8Array;
}

const LINKTYPE_RAW = 101;
export const IP_PROTO_UDP = 17;
export const IP_PROTO_TCP = 6;
/** Largest payload in one IPv4 packet: 65,535 − 20 (IP) − 8 (UDP) or − 20 (TCP). */
const MAX_PAYLOAD: Readonly<Record<number, number>> = { [IP_PROTO_UDP]: 65_507, [IP_PROTO_TCP]: 65_495 };
const TCP_PSH_ACK = 0x18;

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

/**
 * Sequence numbers of the TCP flows of one file: each flow (source and destination address and
 * port) starts at 1 and moves on by each segment's length. Feed it every TCP packet of the file in
 * order, including those before a page that starts later (`skip`).
 */
export class TcpSequencer {
  private readonly next = new Map<string, number>();

  /** The sequence number of this packet's segment, advancing its flow. */
  take(p: PcapPacket): number {
    const key = `${p.srcIp}|${p.srcPort}|${p.dstIp}|${p.dstPort}`;
    const seq = this.next.get(key) ?? 1;
    this.next.set(key, (seq + p.payload.length) >>> 0);
    return seq;
  }

  /** Advances past a packet written in an earlier page. */
  skip(p: PcapPacket): void {
    if (p.ipProto === IP_PROTO_TCP) this.take(p);
  }
}

/** One's-complement sum of 16-bit words, folded; `init` carries a pseudo-header sum. */
function onesSum(b: Uint8Array, init = 0): number {
  let s = init;
  for (let i = 0; i + 1 < b.length; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  if (b.length % 2 === 1) s += b[b.length - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

function udpDatagram(p: PcapPacket, src: Uint8Array, dst: Uint8Array): Uint8Array {
  const len = 8 + p.payload.length;
  const udp = new Uint8Array(len);
  const v = new DataView(udp.buffer);
  v.setUint16(0, p.srcPort);
  v.setUint16(2, p.dstPort);
  v.setUint16(4, len);
  udp.set(p.payload, 8);
  // Pseudo-header: addresses, protocol, UDP length (RFC 768, RFC 8200 §8.1).
  const pseudo = onesSum(dst, onesSum(src)) + IP_PROTO_UDP + len;
  const sum = ~onesSum(udp, pseudo) & 0xffff;
  v.setUint16(6, sum === 0 ? 0xffff : sum);
  return udp;
}

function tcpSegment(p: PcapPacket, seq: number, src: Uint8Array, dst: Uint8Array): Uint8Array {
  const len = 20 + p.payload.length;
  const tcp = new Uint8Array(len);
  const v = new DataView(tcp.buffer);
  v.setUint16(0, p.srcPort);
  v.setUint16(2, p.dstPort);
  v.setUint32(4, seq);
  v.setUint32(8, 1); // the peer's data is not in the file: acknowledge its first byte
  v.setUint8(12, 5 << 4); // header length: 5 words, no options
  v.setUint8(13, TCP_PSH_ACK);
  v.setUint16(14, 65_535); // window
  tcp.set(p.payload, 20);
  // Pseudo-header: addresses, protocol, TCP length (RFC 9293 §3.1, RFC 8200 §8.1).
  const pseudo = onesSum(dst, onesSum(src)) + IP_PROTO_TCP + len;
  v.setUint16(16, ~onesSum(tcp, pseudo) & 0xffff);
  return tcp;
}

function ipPacket(p: PcapPacket, seq: number): Uint8Array {
  const v4 = p.family === 'ipv4';
  const src = v4 ? ipv4Bytes(p.srcIp) : ipv6Bytes(p.srcIp);
  const dst = v4 ? ipv4Bytes(p.dstIp) : ipv6Bytes(p.dstIp);
  const body = p.ipProto === IP_PROTO_TCP ? tcpSegment(p, seq, src, dst) : udpDatagram(p, src, dst);
  if (v4) {
    const out = new Uint8Array(20 + body.length);
    const v = new DataView(out.buffer);
    v.setUint8(0, 0x45);
    v.setUint16(2, out.length);
    v.setUint16(6, 0x4000); // don't fragment
    v.setUint8(8, 64); // TTL
    v.setUint8(9, p.ipProto);
    out.set(src, 12);
    out.set(dst, 16);
    v.setUint16(10, ~onesSum(out.subarray(0, 20)) & 0xffff);
    out.set(body, 20);
    return out;
  }
  const out = new Uint8Array(40 + body.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x60000000);
  v.setUint16(4, body.length);
  v.setUint8(6, p.ipProto);
  v.setUint8(7, 64); // hop limit
  out.set(src, 8);
  out.set(dst, 24);
  out.set(body, 40);
  return out;
}

/**
 * One pcap record, or undefined for a packet that cannot be rebuilt as UDP or TCP. TCP packets
 * take their sequence number from `tcp`, which must have seen the file's earlier TCP packets.
 */
export function pcapRecord(p: PcapPacket, tcp: TcpSequencer): Uint8Array | undefined {
  const max = MAX_PAYLOAD[p.ipProto];
  if (max === undefined || p.payload.length > max) return undefined;
  const ip = ipPacket(p, p.ipProto === IP_PROTO_TCP ? tcp.take(p) : 0);
  const rec = new Uint8Array(16 + ip.length);
  const v = new DataView(rec.buffer);
  v.setUint32(0, p.timeSec, true);
  v.setUint32(4, p.timeUsec, true);
  v.setUint32(8, ip.length, true);
  v.setUint32(12, ip.length, true);
  rec.set(ip, 16);
  return rec;
}

export function pcapFile(packets: Iterable<PcapPacket>): { bytes: Uint8Array; written: number; skipped: number } {
  const parts: Uint8Array[] = [pcapHeader()];
  const tcp = new TcpSequencer();
  let skipped = 0;
  for (const p of packets) {
    const r = pcapRecord(p, tcp);
    if (r) parts.push(r);
    else skipped++;
  }
  const bytes = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of parts) {
    bytes.set(x, at);
    at += x.length;
  }
  return { bytes, written: parts.length - 1, skipped };
}
