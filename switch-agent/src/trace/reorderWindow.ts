// Kamailio mirrors each message from the worker process that handled it, so two messages handled
// by different workers at nearly the same moment (the 200 sent to the caller, the caller's ACK) can
// reach the agent in the opposite order to their capture. Holding each message for a short window
// and releasing by capture time puts them back in causal order before sessions number them.
// Capture times alone can still lie about one pair: Kamailio stamps a message it sends after the
// send, so on a busy host the peer's reply can be stamped (by another worker) before the request it
// answers. With `transaction`, a reply never goes out before its request: a request seen after
// replies to it is put before them (unless it is a retransmission), and a reply whose request has
// not arrived yet waits for it up to `requestWaitMs`.
// Bounded in time and memory: a capture time later than the arrival (a clock off the agent's) counts
// as the arrival, so nothing waits longer than the window; beyond `maxHeld` messages the earliest
// is released at once. Held messages are also indexed by transaction, so pairing a message with
// its request or replies costs the same whether 10 or `maxHeld` messages are held.
import type { Clock } from '../engine/clock';

export interface ReorderWindowOptions<T> {
  clock: Clock;
  /** How long a message may wait for an earlier-captured one (ms). */
  windowMs: number;
  maxHeld: number;
  /** Capture time in microseconds since the epoch. */
  captureUs: (item: T) => number;
  emit: (item: T) => void;
  /** Pairs requests with their replies; absent = capture order only. */
  transaction?: (item: T) => TransactionPart | undefined;
  /** How long a reply whose request has not arrived may wait for it (ms, at least windowMs). */
  requestWaitMs?: number;
  /** Requests remembered (oldest forgotten first): tells a retransmission from a first copy. */
  maxRemembered?: number;
}

/** Where a message sits in a SIP transaction. */
export interface TransactionPart {
  /** The same for a request and every reply to it. */
  key: string;
  reply: boolean;
}

interface Held<T> {
  item: T;
  key: number;
  txn?: string;
  reply?: boolean;
  /** A reply whose request has not been seen: it may wait longer, for the request. */
  waiting?: boolean;
}

const DEFAULT_REMEMBERED = 16_384;

export class ReorderWindow<T> {
  private readonly held: Held<T>[] = [];
  private timer: unknown = null;
  private timerAt = Infinity;
  private readonly requests = new Set<string>();
  /** Held messages by transaction key (only those that carry one). */
  private readonly byTxn = new Map<string, Held<T>[]>();

  constructor(private readonly o: ReorderWindowOptions<T>) {}

  push(item: T): void {
    const entry: Held<T> = { item, key: Math.min(this.o.captureUs(item), this.o.clock.now() * 1000) };
    const part = this.o.transaction?.(item);
    if (part) this.placeInTransaction(entry, part);
    // Messages arrive almost in order: insert from the end.
    let i = this.held.length;
    while (i > 0 && this.held[i - 1]!.key > entry.key) i--;
    this.held.splice(i, 0, entry);
    if (entry.txn !== undefined) {
      const same = this.byTxn.get(entry.txn);
      if (same) same.push(entry);
      else this.byTxn.set(entry.txn, [entry]);
    }
    while (this.held.length > this.o.maxHeld) this.emitFirst();
    this.release();
  }

  private placeInTransaction(entry: Held<T>, part: TransactionPart): void {
    entry.txn = part.key;
    if (part.reply) {
      entry.reply = true;
      if (!this.requests.has(part.key)) {
        entry.waiting = true;
        return;
      }
      // The earliest held copy of the request (a retransmission may be held too).
      let request: Held<T> | undefined;
      for (const h of this.byTxn.get(part.key) ?? []) if (!h.reply && (!request || h.key < request.key)) request = h;
      if (request && request.key >= entry.key) entry.key = request.key + 1;
      return;
    }
    if (this.requests.has(part.key)) return; // a retransmission keeps its own time
    this.remember(part.key);
    for (const h of this.byTxn.get(part.key) ?? []) {
      if (!h.reply) continue;
      h.waiting = false;
      if (h.key <= entry.key) entry.key = h.key - 1;
    }
  }

  private remember(key: string): void {
    if (this.requests.size >= (this.o.maxRemembered ?? DEFAULT_REMEMBERED)) {
      const oldest = this.requests.values().next();
      if (!oldest.done) this.requests.delete(oldest.value);
    }
    this.requests.add(key);
  }

  /** Releases everything held, in capture order (the service is closing). */
  flush(): void {
    this.cancelTimer();
    this.byTxn.clear();
    for (const h of this.held.splice(0)) this.o.emit(h.item);
  }

  get size(): number {
    return this.held.length;
  }

  private release(): void {
    const now = this.o.clock.now();
    while (this.held.length > 0 && this.held[0]!.key <= (now - this.holdMs(this.held[0]!)) * 1000) this.emitFirst();
    if (this.held.length === 0) return this.cancelTimer();
    const due = this.held[0]!.key / 1000 + this.holdMs(this.held[0]!);
    if (this.timer !== null && this.timerAt <= due) return;
    this.cancelTimer();
    this.timerAt = due;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.release();
    }, Math.max(1, Math.ceil(due - now)));
  }

  /** Emits the earliest held message and drops it from the transaction index. */
  private emitFirst(): void {
    const h = this.held.shift()!;
    if (h.txn !== undefined) {
      const same = this.byTxn.get(h.txn)!;
      same.splice(same.indexOf(h), 1);
      if (same.length === 0) this.byTxn.delete(h.txn);
    }
    this.o.emit(h.item);
  }

  private holdMs(h: Held<T>): number {
    return h.waiting ? Math.max(this.o.windowMs, this.o.requestWaitMs ?? 0) : this.o.windowMs;
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }
}
