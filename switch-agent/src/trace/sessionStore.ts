// What one trace session holds: its matching messages, numbered from 0, grouped into dialogs
// (Call-ID) and transactions (Call-ID + CSeq + top Via branch). Bounded twice: the session stops
// at its message cap (sessions.ts), and the raw bytes held never exceed `byteCap` — past it the
// oldest messages are let go, and readers behind them learn exactly how many they missed.
import type { TraceMessage } from './traceIngest';

export interface HeldMessage {
  n: number;
  /** The captured message without its parsed headers (the payload is a private copy). */
  message: TraceMessage;
  dialog: string;
  transaction: string;
  method?: string;
  status?: number;
  reason?: string;
  callId?: string;
  cseq?: string;
  caller?: string;
  callee?: string;
}

/** Group ids for messages that are not SIP or have no Call-ID. */
const NO_GROUP = { dialog: 'd0', transaction: 't0' } as const;

export class SessionStore {
  private readonly items: HeldMessage[] = [];
  private head = 0;
  private heldBytes = 0;
  /** Messages appended so far; the next one is numbered `matched`. */
  matched = 0;
  private readonly dialogs = new Map<string, string>();
  private readonly transactions = new Map<string, string>();

  constructor(private readonly byteCap: number) {
    if (!Number.isInteger(byteCap) || byteCap < 1) throw new Error(`byteCap: must be a positive whole number, got ${byteCap}`);
  }

  /** Number of the oldest message still held (equals `matched` when none is held). */
  get firstHeld(): number {
    return this.matched - (this.items.length - this.head);
  }

  get bytes(): number {
    return this.heldBytes;
  }

  append(m: TraceMessage): HeldMessage {
    const held = this.summarize(m);
    this.items.push(held);
    this.heldBytes += held.message.hep.payload.length;
    this.matched++;
    // Keep at least the newest message, whatever its size.
    while (this.heldBytes > this.byteCap && this.items.length - this.head > 1) {
      this.heldBytes -= this.items[this.head]!.message.hep.payload.length;
      this.items[this.head++] = undefined as unknown as HeldMessage;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return held;
  }

  /** Up to `max` held messages from number `from` on (from must be ≥ firstHeld). */
  range(from: number, max: number): HeldMessage[] {
    const start = this.head + (from - this.firstHeld);
    if (from < this.firstHeld || max <= 0) return [];
    return this.items.slice(start, Math.min(this.items.length, start + max));
  }

  private summarize(m: TraceMessage): HeldMessage {
    const message: TraceMessage = { receivedAt: m.receivedAt, hep: { ...m.hep, payload: m.hep.payload.slice() } };
    const sip = m.sip?.ok ? m.sip.message : undefined;
    const n = this.matched;
    if (!sip) return { n, message, ...NO_GROUP };
    const base: HeldMessage = {
      n,
      message,
      ...this.groups(sip.callId, sip.cseq, sip.viaBranch),
      method: sip.method,
      status: sip.status,
      reason: sip.reason?.slice(0, 256),
      callId: sip.callId?.slice(0, 256),
      cseq: sip.cseq ? `${sip.cseq.seq ?? '?'} ${sip.cseq.method ?? '?'}`.slice(0, 64) : undefined,
      caller: sip.from?.user?.slice(0, 128),
      callee: (sip.to?.user ?? sip.ruriUser)?.slice(0, 128),
    };
    for (const k of Object.keys(base) as (keyof HeldMessage)[]) if (base[k] === undefined) delete base[k];
    return base;
  }

  private groups(callId: string | undefined, cseq: { seq?: number; method?: string } | undefined, branch: string | undefined): { dialog: string; transaction: string } {
    if (callId === undefined) return NO_GROUP;
    const dialog = idFor(this.dialogs, callId, 'd');
    // An ACK to a failure reuses its INVITE's branch and belongs to that transaction; an ACK to a
    // 2xx has a branch of its own and so forms its own transaction (RFC 3261 §17.1.1.3).
    const method = cseq?.method === 'ACK' ? 'INVITE' : (cseq?.method ?? '');
    const transaction = idFor(this.transactions, `${callId}\n${cseq?.seq ?? ''}\n${method}\n${branch ?? ''}`, 't');
    return { dialog, transaction };
  }
}

function idFor(map: Map<string, string>, key: string, prefix: string): string {
  let id = map.get(key);
  if (id === undefined) {
    id = `${prefix}${map.size + 1}`;
    map.set(key, id);
  }
  return id;
}
