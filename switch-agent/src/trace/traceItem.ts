// A held message as the `trace` topic's item and as the text export's heading.
import type { TraceItem } from '@shared/rpc/traceApi';
import type { HeldMessage } from './sessionStore';
import type { TraceMessage } from './traceIngest';
import type { CausalLinks } from './reorderWindow';

/** HEP's IP protocol number. Kamailio's siptrace has none for TLS and writes 22 (IDP) for it (and for WebSocket, which the switch never listens on). */
export const HEP_PROTO_KAMAILIO_TLS = 22;
const PROTO: Readonly<Record<number, TraceItem['proto']>> = { 17: 'udp', 6: 'tcp', 132: 'sctp', [HEP_PROTO_KAMAILIO_TLS]: 'tls' };

/** Capture time in ms: the engine's timestamp when it sent one, else when the agent received it. */
export function captureTime(m: TraceMessage): number {
  const { timeSec, timeUsec } = m.hep;
  return timeSec === undefined ? m.receivedAt : timeSec * 1000 + Math.floor((timeUsec ?? 0) / 1000);
}

/** Capture time in microseconds, for ordering messages captured within the same millisecond. */
export function captureTimeUs(m: TraceMessage): number {
  const { timeSec, timeUsec } = m.hep;
  return timeSec === undefined ? m.receivedAt * 1000 : timeSec * 1_000_000 + (timeUsec ?? 0);
}

/**
 * How a message links to others (RFC 3261): a request and its replies share Call-ID, top Via
 * branch and CSeq method (17.1.3, 17.2.3); an ACK answers the final reply to an INVITE with its
 * Call-ID, CSeq number and To-tag, and comes from where that reply went (17.1.1.3; for a 2xx the
 * ACK is a new transaction, 13.2.2.4). The To-tag tells apart the ACKs of 2xx replies from two
 * forks of one INVITE, which share everything else.
 */
export function causalLinks(m: TraceMessage): CausalLinks | undefined {
  if (!m.sip?.ok) return undefined;
  const { callId, viaBranch, cseq, kind, method, status, to } = m.sip.message;
  if (!callId || !cseq?.method) return undefined;
  const txn = viaBranch ? `${callId}\n${viaBranch}\n${cseq.method}` : undefined;
  const ack = (ip: string, port: number) => `ACK\n${callId}\n${cseq.seq ?? ''}\n${to?.tag ?? ''}\n${ip}\n${port}`;
  const { srcIp, srcPort, dstIp, dstPort } = m.hep;
  if (kind === 'response') {
    const opens = cseq.method === 'INVITE' && status !== undefined && status >= 200 ? [ack(dstIp, dstPort)] : undefined;
    return { ...(txn !== undefined && { follows: txn }), ...(opens && { opens }) };
  }
  if (method === 'ACK') return { follows: ack(srcIp, srcPort) };
  return txn === undefined ? undefined : { opens: [txn] };
}

export function rawText(m: TraceMessage): string {
  const p = m.hep.payload;
  return Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('utf8');
}

export function toTraceItem(h: HeldMessage): TraceItem {
  const { hep } = h.message;
  const { n, dialog, transaction, method, status, reason, callId, cseq, caller, callee } = h;
  const item: TraceItem = {
    n,
    t: captureTime(h.message),
    src: { ip: hep.srcIp, port: hep.srcPort },
    dst: { ip: hep.dstIp, port: hep.dstPort },
    proto: PROTO[hep.ipProto] ?? 'other',
    dialog,
    transaction,
    ...(method !== undefined && { method }),
    ...(status !== undefined && { status }),
    ...(reason !== undefined && { reason }),
    ...(callId !== undefined && { callId }),
    ...(cseq !== undefined && { cseq }),
    ...(caller !== undefined && { caller }),
    ...(callee !== undefined && { callee }),
    raw: rawText(h.message),
  };
  return item;
}

/** One line naming the message, as the text export and logs show it. */
export function headingOf(h: HeldMessage): string {
  const i = toTraceItem(h);
  const ep = (e: { ip: string; port: number }) => (e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`);
  return `#${i.n} ${new Date(i.t).toISOString()} ${ep(i.src)} -> ${ep(i.dst)} ${i.proto.toUpperCase()} dialog ${i.dialog} transaction ${i.transaction}`;
}
