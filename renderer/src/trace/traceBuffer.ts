/**
 * The messages of one trace session as the window holds them: a ring bounded by a message count
 * and by raw bytes, so a long capture costs the same memory as a short one. It also keeps the
 * per-dialog summaries the dialog list shows, and counts honestly what never arrived (numbers the
 * agent skipped: its drop markers) apart from what the ring itself let go.
 */
import type { TraceItem } from '@shared/rpc/traceApi';

/** Defaults for the renderer's ring; the agent keeps at most 8 MiB per session, so this holds more than one session's worth. */
export const RING_MESSAGES = 20_000;
export const RING_BYTES = 16 * 1024 * 1024;

export interface DialogSummary {
  id: string;
  callId: string;
  /** The first request seen in the dialog (INVITE, REGISTER, OPTIONS…). */
  method: string;
  caller: string;
  callee: string;
  firstT: number;
  lastT: number;
  /** Messages of the dialog still held. */
  count: number;
  /** The last final status of the dialog's first method (e.g. 200 for an answered INVITE). */
  finalStatus: number | null;
}

export interface BufferCounts {
  /** Messages received (each number once). */
  received: number;
  /** Messages the agent numbered but this window never got (drop markers, or lost before the subscription). */
  dropped: number;
  /** Messages received, then let go by this ring to stay within its bounds. */
  evicted: number;
  held: number;
}

export class TraceBuffer {
  private readonly ring: (TraceItem | undefined)[];
  private head = 0;
  private size = 0;
  private bytes = 0;
  private lastN = -1;
  private received = 0;
  private gaps = 0;
  private tail = 0;
  private evicted = 0;
  private readonly dialogs = new Map<string, DialogSummary>();
  /** Changes whenever the held messages or counters change. */
  version = 0;

  constructor(
    readonly capacity = RING_MESSAGES,
    readonly maxBytes = RING_BYTES,
  ) {
    this.ring = new Array<TraceItem | undefined>(capacity);
  }

  /**
   * Adds messages in the agent's order. A number already seen is ignored (a subscription re-opened
   * after a reconnect starts again from the oldest held message); a jump counts the skipped numbers
   * as dropped.
   */
  add(items: readonly TraceItem[]): void {
    let changed = false;
    for (const item of items) {
      if (item.n <= this.lastN) continue;
      this.gaps += item.n - this.lastN - 1;
      this.lastN = item.n;
      this.received += 1;
      this.push(item);
      changed = true;
    }
    if (changed) this.version += 1;
  }

  /**
   * The session ended with `matched` messages and the subscription delivered all it will: numbers
   * past the last one received were dropped too (a drop marker right before the end carries no item).
   */
  settle(matched: number): void {
    const tail = Math.max(0, matched - (this.lastN + 1));
    if (tail !== this.tail) {
      this.tail = tail;
      this.version += 1;
    }
  }

  counts(): BufferCounts {
    return { received: this.received, dropped: this.gaps + this.tail, evicted: this.evicted, held: this.size };
  }

  /** The held messages, oldest first. */
  all(): TraceItem[] {
    const out: TraceItem[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.ring[(this.head + i) % this.capacity]!);
    return out;
  }

  dialogList(): DialogSummary[] {
    return [...this.dialogs.values()].sort((a, b) => a.firstT - b.firstT || a.id.localeCompare(b.id, 'en', { numeric: true }));
  }

  dialog(id: string): DialogSummary | undefined {
    return this.dialogs.get(id);
  }

  private push(item: TraceItem): void {
    const cost = item.raw.length;
    while (this.size > 0 && (this.size >= this.capacity || this.bytes + cost > this.maxBytes)) this.dropOldest();
    this.ring[(this.head + this.size) % this.capacity] = item;
    this.size += 1;
    this.bytes += cost;
    this.noteDialog(item);
  }

  private dropOldest(): void {
    const old = this.ring[this.head]!;
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size -= 1;
    this.bytes -= old.raw.length;
    this.evicted += 1;
    const d = this.dialogs.get(old.dialog);
    if (d && --d.count <= 0) this.dialogs.delete(old.dialog);
  }

  private noteDialog(item: TraceItem): void {
    let d = this.dialogs.get(item.dialog);
    if (!d) {
      d = { id: item.dialog, callId: item.callId ?? '', method: '', caller: '', callee: '', firstT: item.t, lastT: item.t, count: 0, finalStatus: null };
      this.dialogs.set(item.dialog, d);
    }
    d.count += 1;
    d.lastT = Math.max(d.lastT, item.t);
    if (item.method && d.method === '') {
      d.method = item.method;
      d.caller = item.caller ?? '';
      d.callee = item.callee ?? '';
    }
    const cseqMethod = item.cseq?.split(/\s+/)[1];
    if (item.status !== undefined && item.status >= 200 && (d.method === '' || cseqMethod === d.method)) d.finalStatus = item.status;
  }
}

/** OPTIONS pings and their answers, and bare CRLF keep-alives: what "Hide keep-alives" hides. */
export function isKeepAlive(item: TraceItem): boolean {
  if (item.method === 'OPTIONS') return true;
  if (item.status !== undefined && item.cseq?.trim().toUpperCase().endsWith(' OPTIONS')) return true;
  return item.method === undefined && item.status === undefined && item.raw.trim() === '';
}

/** "INVITE" for a request, "200 OK" for a response, "(not SIP)" for anything else. */
export function messageLabel(item: TraceItem): string {
  if (item.method) return item.method;
  if (item.status !== undefined) return item.reason ? `${item.status} ${item.reason}` : String(item.status);
  return '(not SIP)';
}

export function endpointText(e: { ip: string; port: number }): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}
