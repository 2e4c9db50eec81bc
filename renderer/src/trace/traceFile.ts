/**
 * A trace saved on this workstation and opened again later, without the server: JSON with the
 * session as the agent described it and the messages as they arrived. What comes back from a file
 * is checked against the shared schemas before anything is shown; a bad file is refused with one
 * plain sentence and nothing else changes.
 */
import { z } from 'zod';
import { formatIssuePath } from '@shared/rpc/errors';
import { exportFileName } from '../monitor/csv';
import { TRACE_LIMITS, TraceItemSchema, TraceSessionSchema, type TraceItem, type TraceSession } from '@shared/rpc/traceApi';
import { IP_PROTO_TCP, IP_PROTO_UDP, pcapFile, type PcapPacket } from '@shared/trace/pcap';

export const TRACE_FILE_FORMAT = 'switchdeck-trace';
/** Larger files are refused before they are read: a session holds at most 8 MiB of SIP on the agent, 16 MiB here. */
export const MAX_TRACE_FILE_BYTES = 64 * 1024 * 1024;

const TraceFileSchema = z.strictObject({
  format: z.literal(TRACE_FILE_FORMAT),
  version: z.literal(1),
  server: z.string().max(200),
  savedAt: z.number().int().min(0),
  session: TraceSessionSchema,
  items: z.array(TraceItemSchema).max(TRACE_LIMITS.maxMessages),
});
export type TraceFile = z.infer<typeof TraceFileSchema>;

export function buildTraceFile(server: string, session: TraceSession, items: readonly TraceItem[], now: Date): string {
  const file: TraceFile = { format: TRACE_FILE_FORMAT, version: 1, server, savedAt: now.getTime(), session, items: [...items] };
  return JSON.stringify(file);
}

/** "sandbox-trace-tr-3-2026-12-05T06-10-00Z.json", named like the monitor's exports. */
export function traceFileName(server: string, sessionId: string, now: Date, ext: 'json' | 'pcap'): string {
  return exportFileName(server, `trace-${sessionId}`, now, ext);
}

export type TraceFileResult = { ok: true; file: TraceFile } | { ok: false; error: string };

export function parseTraceFile(text: string): TraceFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This file is not a saved trace: its content is not JSON. Choose a file saved with "Save trace".' };
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== TRACE_FILE_FORMAT) {
    return { ok: false, error: 'This file is not a saved Switchdeck trace. Choose a file saved with "Save trace" (a pcap file cannot be opened here; use Wireshark for it).' };
  }
  if ((json as { version?: unknown }).version !== 1) return { ok: false, error: 'This trace was saved by a newer Switchdeck and cannot be opened by this version.' };
  const parsed = TraceFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `This trace file is damaged and was not opened: ${issue.path.length ? formatIssuePath(issue.path) : 'the file'} ${plain(issue.message)}.` };
  }
  const ns = parsed.data.items.map((i) => i.n);
  if (ns.some((n, i) => i > 0 && n <= ns[i - 1]!)) return { ok: false, error: 'This trace file is damaged and was not opened: its messages are not in order.' };
  return { ok: true, file: parsed.data };
}

function plain(message: string): string {
  const m = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (m) return m[2] === 'undefined' ? `is missing (it must be ${m[1]})` : `must be ${m[1]}, not ${m[2]}`;
  return message.replace(/^Invalid input/i, 'is not valid');
}

/** The pcap pages of trace.export (base64, the first with the file header) joined into one file. */
export function joinPcapPages(pages: readonly string[]): Uint8Array {
  const parts = pages.map((p) => Uint8Array.from(atob(p), (c) => c.charCodeAt(0)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// TLS is written as the decrypted SIP it carried, over TCP.
const IP_PROTO: Readonly<Record<TraceItem['proto'], number>> = { udp: IP_PROTO_UDP, tcp: IP_PROTO_TCP, tls: IP_PROTO_TCP, sctp: 132, other: 255 };
const utf8 = new TextEncoder();

/**
 * A pcap of the messages this window holds, for a trace reopened from a file (no server to ask).
 * Times are the messages' millisecond capture times; SCTP and unknown protocols are left out.
 */
export function itemsPcap(items: Iterable<TraceItem>): { bytes: Uint8Array; written: number; skipped: number } {
  const packets: PcapPacket[] = [];
  for (const m of items) {
    packets.push({
      family: m.src.ip.includes(':') ? 'ipv6' : 'ipv4',
      ipProto: IP_PROTO[m.proto],
      srcIp: m.src.ip,
      dstIp: m.dst.ip,
      srcPort: m.src.port,
      dstPort: m.dst.port,
      timeSec: Math.floor(m.t / 1000),
      timeUsec: (m.t % 1000) * 1000,
      payload: utf8.encode(m.raw),
    });
  }
  return pcapFile(packets);
}
