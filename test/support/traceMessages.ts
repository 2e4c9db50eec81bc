// Decoded trace messages for unit tests of trace sessions: SIP text wrapped as Kamailio's
// siptrace would send it, then decoded by the real HEP decoder and SIP parser.
import { decodeHep } from '../../switch-agent/src/trace/hepDecode';
import { encodeHep } from '../../switch-agent/src/trace/hepEncode';
import { parseSip } from '../../switch-agent/src/trace/sipParse';
import type { TraceMessage } from '../../switch-agent/src/trace/traceIngest';

export interface SipSketch {
  /** Request method, or omitted for a response. */
  method?: string;
  status?: number;
  callId?: string;
  cseq?: string;
  branch?: string;
  from?: string;
  to?: string;
  body?: string;
}

export function sipText(s: SipSketch): string {
  const start = s.method ? `${s.method} sip:${s.to ?? '3005550100'}@127.0.0.1 SIP/2.0` : `SIP/2.0 ${s.status ?? 200} Reason`;
  const body = s.body ?? '';
  return [
    start,
    `Via: SIP/2.0/UDP 127.0.0.2:5070;branch=${s.branch ?? 'z9hG4bK-1'}`,
    `From: <sip:${s.from ?? '1001'}@127.0.0.2>;tag=f1`,
    `To: <sip:${s.to ?? '3005550100'}@127.0.0.1>`,
    `Call-ID: ${s.callId ?? 'call-1'}`,
    `CSeq: ${s.cseq ?? `1 ${s.method ?? 'INVITE'}`}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

export interface Hop {
  src?: string;
  dst?: string;
  srcPort?: number;
  dstPort?: number;
  t?: number;
  /** IP protocol number (default 17, UDP; 6 is TCP). */
  ipProto?: number;
}

export function traceMessage(s: SipSketch | string, hop: Hop = {}): TraceMessage {
  const t = hop.t ?? 1_700_000_000_000;
  const bytes = encodeHep({
    family: (hop.src ?? '').includes(':') ? 'ipv6' : 'ipv4',
    ipProto: hop.ipProto ?? 17,
    srcIp: hop.src ?? '127.0.0.2',
    dstIp: hop.dst ?? '127.0.0.1',
    srcPort: hop.srcPort ?? 5070,
    dstPort: hop.dstPort ?? 5060,
    timeSec: Math.floor(t / 1000),
    timeUsec: (t % 1000) * 1000,
    protoType: 1,
    payload: typeof s === 'string' ? s : sipText(s),
  });
  const hep = decodeHep(bytes);
  if (!hep.ok) throw new Error(hep.error.message);
  return { receivedAt: t, hep: hep.packet, sip: parseSip(hep.packet.payload) };
}
