import { describe, expect, it } from 'vitest';
import { decodeHep } from './hepDecode';
import { encodeHep } from './hepEncode';
import type { HepInput } from './hepEncode';
import { pcapFile, pcapRecord, TcpSequencer } from './pcapWriter';
import type { TraceMessage } from './traceIngest';
import type { HeldMessage } from './sessionStore';
import { HEP_PROTO_KAMAILIO_TLS, toTraceItem } from './traceItem';

const SIP = 'OPTIONS sip:a@h SIP/2.0\r\nCall-ID: x\r\n\r\n';
function message(over: Partial<HepInput> = {}): TraceMessage {
  const r = decodeHep(encodeHep({ family: 'ipv4', ipProto: 17, srcIp: '127.0.0.2', dstIp: '127.0.0.1', srcPort: 5062, dstPort: 5060, timeSec: 1000, timeUsec: 7, payload: SIP, ...over }));
  if (!r.ok) throw new Error(r.error.message);
  return { receivedAt: 5_000_123, hep: r.packet };
}

/** Internet checksum over `b` (+ `init`): 0xffff when the data includes a correct checksum. */
function sum(b: Uint8Array, init = 0): number {
  let s = init;
  for (let i = 0; i < b.length; i += 2) s += (b[i]! << 8) | (b[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

describe('pcap writer', () => {
  it('writes a pcap header for raw IP and one record per UDP message, skipping other protocols', () => {
    const { bytes, written, skipped } = pcapFile([message(), message({ family: 'ipv6', srcIp: '::1', dstIp: 'fe80::2' }), message({ ipProto: 132 })]);
    const v = new DataView(bytes.buffer);
    expect([v.getUint32(0, true), v.getUint16(4, true), v.getUint16(6, true), v.getUint32(20, true)]).toEqual([0xa1b2c3d4, 2, 4, 101]);
    expect([written, skipped]).toEqual([2, 1]);
    expect(bytes.length).toBe(24 + (16 + 20 + 8 + SIP.length) + (16 + 40 + 8 + SIP.length));
  });

  it('builds IPv4 + UDP with correct lengths and checksums, stamped with the capture time', () => {
    const rec = pcapRecord(message(), new TcpSequencer())!;
    const v = new DataView(rec.buffer);
    expect([v.getUint32(0, true), v.getUint32(4, true)]).toEqual([1000, 7]);
    const ip = rec.subarray(16);
    expect([ip[0], new DataView(ip.buffer, ip.byteOffset).getUint16(2), ip[9]]).toEqual([0x45, ip.length, 17]);
    expect(sum(ip.subarray(0, 20))).toBe(0xffff);
    const udp = ip.subarray(20);
    expect(sum(udp, sum(ip.subarray(12, 20)) + 17 + udp.length)).toBe(0xffff);
    expect(new TextDecoder().decode(udp.subarray(8))).toBe(SIP);
  });

  it('builds IPv6 + UDP with a correct checksum, and uses the arrival time without a HEP timestamp', () => {
    const m = message({ family: 'ipv6', srcIp: '2001:db8::1', dstIp: '2001:db8::2', timeSec: undefined });
    const rec = pcapRecord(m, new TcpSequencer())!;
    const v = new DataView(rec.buffer);
    expect([v.getUint32(0, true), v.getUint32(4, true)]).toEqual([5000, 123_000]);
    const ip = rec.subarray(16);
    expect([ip[0]! >> 4, ip[6]]).toEqual([6, 17]);
    const udp = ip.subarray(40);
    expect(sum(udp, sum(ip.subarray(8, 40)) + 17 + udp.length)).toBe(0xffff);
  });

  it('writes a TLS message (Kamailio marks it IP protocol 22) as the decrypted SIP over TCP', () => {
    const m = message({ ipProto: HEP_PROTO_KAMAILIO_TLS });
    const held: HeldMessage = { message: m, n: 0, dialog: 'd1', transaction: 't1' };
    expect(toTraceItem(held).proto).toBe('tls');
    const ip = pcapRecord(m, new TcpSequencer())!.subarray(16);
    expect(ip[9]).toBe(6);
    expect(new TextDecoder().decode(ip.subarray(40))).toBe(SIP);
  });

  it('builds IPv4 + TCP segments (PSH, ACK) with correct checksums and the sequence numbers of each flow running on', () => {
    const tcp = new TcpSequencer();
    const out = (over: Partial<HepInput>) => pcapRecord(message({ ipProto: 6, ...over }), tcp)!.subarray(16);
    const a1 = out({});
    const back = out({ srcIp: '127.0.0.1', dstIp: '127.0.0.2', srcPort: 5060, dstPort: 5062 });
    const a2 = out({});
    for (const ip of [a1, back, a2]) {
      expect(ip[9]).toBe(6);
      expect(sum(ip.subarray(0, 20))).toBe(0xffff);
      const seg = ip.subarray(20);
      expect(sum(seg, sum(ip.subarray(12, 20)) + 6 + seg.length)).toBe(0xffff);
      expect([seg[12]! >> 4, seg[13]]).toEqual([5, 0x18]);
      expect(new TextDecoder().decode(seg.subarray(20))).toBe(SIP);
    }
    const seq = (ip: Uint8Array) => new DataView(ip.buffer, ip.byteOffset + 20).getUint32(4);
    expect([seq(a1), seq(back), seq(a2)]).toEqual([1, 1, 1 + SIP.length]);
  });

  it('builds IPv6 + TCP with a correct checksum', () => {
    const ip = pcapRecord(message({ ipProto: 6, family: 'ipv6', srcIp: '2001:db8::1', dstIp: '2001:db8::2' }), new TcpSequencer())!.subarray(16);
    expect(ip[6]).toBe(6);
    const seg = ip.subarray(40);
    expect(sum(seg, sum(ip.subarray(8, 40)) + 6 + seg.length)).toBe(0xffff);
  });
});
