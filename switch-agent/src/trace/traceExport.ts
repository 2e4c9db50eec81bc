// trace.export: a session's held messages as pcap (base64) or text, one page at a time so every
// answer fits a frame. A page is cut by its encoded size (base64 or JSON-escaped text), never in
// the middle of a message; the first page of a pcap export carries the file header, so pages
// joined in order form one file.
import { TRACE_LIMITS } from '@shared/rpc/traceApi';
import { pcapHeader, pcapRecord, TcpSequencer, toPcapPacket } from './pcapWriter';
import type { SessionStore } from './sessionStore';
import { headingOf, rawText } from './traceItem';

export interface ExportPage {
  format: 'pcap' | 'text';
  data: string;
  from: number;
  count: number;
  skipped: number;
  nextFrom: number | null;
}

/** Messages read from the store per step while filling a page. */
const STEP = 256;

export function exportPage(store: SessionStore, format: 'pcap' | 'text', from: number | undefined, pageBytes: number = TRACE_LIMITS.exportPageBytes): ExportPage {
  const start = Math.max(from ?? store.firstHeld, store.firstHeld);
  const parts: Uint8Array[] = [];
  const texts: string[] = [];
  let size = 0;
  let count = 0;
  let skipped = 0;
  const tcp = new TcpSequencer();
  if (format === 'pcap' && from === undefined) {
    const h = pcapHeader();
    parts.push(h);
    size += h.length;
  }
  // TCP sequence numbers continue from the earlier pages of the same file.
  if (format === 'pcap') for (let at = store.firstHeld; at < start; ) {
    const batch = store.range(at, Math.min(STEP, start - at));
    if (batch.length === 0) break;
    for (const h of batch) tcp.skip(toPcapPacket(h.message));
    at += batch.length;
  }
  const encoded = (bytes: number) => (format === 'pcap' ? Math.ceil(bytes / 3) * 4 : bytes);
  let at = start;
  fill: for (;;) {
    const batch = store.range(at, STEP);
    if (batch.length === 0) break;
    for (const h of batch) {
      if (format === 'pcap') {
        const rec = pcapRecord(h.message, tcp);
        const len = rec?.length ?? 0;
        if (count > 0 && encoded(size + len) > pageBytes) break fill;
        if (rec) parts.push(rec);
        else skipped++;
        size += len;
      } else {
        const piece = `${headingOf(h)}\n${rawText(h.message)}\n\n`;
        // What the piece costs inside the JSON frame (escapes and UTF-8 included).
        const len = Buffer.byteLength(JSON.stringify(piece)) - 2;
        if (count > 0 && size + len > pageBytes) break fill;
        texts.push(piece);
        size += len;
      }
      count++;
      at++;
    }
  }
  const data = format === 'pcap' ? Buffer.concat(parts).toString('base64') : texts.join('');
  return { format, data, from: start, count, skipped, nextFrom: at < store.matched ? at : null };
}
