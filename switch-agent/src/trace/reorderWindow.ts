// Kamailio mirrors each message from the worker process that handled it, so two messages handled
// by different workers at nearly the same moment (the 200 sent to the caller, the caller's ACK) can
// reach the agent in the opposite order to their capture. Holding each message for a short window
// and releasing by capture time puts them back in causal order before sessions number them.
// Capture times alone can still lie about a message and its answer: Kamailio stamps a message it
// sends after the send, so on a busy host the peer's answer can be stamped (by another worker)
// before it: a reply before its request, the caller's ACK before the 200 it acknowledges. With
// `links`, an answer never goes out before its cause: a cause seen after answers to it is put
// before them (unless it is a retransmission), and an answer whose cause has not arrived yet waits
// for it up to `requestWaitMs`.
// Bounded in time and memory: a capture time later than the arrival (a clock off the agent's) counts
// as the arrival, so nothing waits longer than the window; beyond `maxHeld` messages the earliest
// is released at once. Held messages are also indexed by their link keys, so pairing a message with
// its cause or answers costs the same whether 10 or `maxHeld` messages are held.
import type { Clock } from '../engine/clock';

export interface ReorderWindowOptions<T> {
  clock: Clock;
  /** How long a message may wait for an earlier-captured one (ms). */
  windowMs: number;
  maxHeld: number;
  /** Capture time in microseconds since the epoch. */
  captureUs: (item: T) => number;
  emit: (item: T) => void;
  /** What a message must follow and what it lets follow; absent = capture order only. */
  links?: (item: T) => CausalLinks | undefined;
  /** How long a message whose cause has not arrived may wait for it (ms, at least windowMs). */
  requestWaitMs?: number;
  /** Causes remembered (oldest forgotten first): tells a retransmission from a first copy. */
  maxRemembered?: number;
}

/**
 * Causal links of one message, as opaque keys. A request opens its transaction and a reply
 * follows it; a 2xx to an INVITE opens its ACK and that ACK follows it.
 */
export interface CausalLinks {
  /** The key of the message this one answers. */
  follows?: string;
  /** Keys of the messages that answer this one. */
  opens?: readonly string[];
}

interface Held<T> {
  item: T;
  key: number;
  follows?: string;
  opens?: readonly string[];
  /** Follows a message not seen yet: it may wait longer, for that message. */
  waiting?: boolean;
}

const DEFAULT_REMEMBERED = 16_384;

export class ReorderWindow<T> {
  private readonly held: Held<T>[] = [];
  private timer: unknown = null;
  private timerAt = Infinity;
  /** Keys opened by a message seen (its first copy). */
  private readonly opened = new Set<string>();
  /** Held messages by each key they follow or open. */
  private readonly byKey = new Map<string, Held<T>[]>();

  constructor(private readonly o: ReorderWindowOptions<T>) {}

  push(item: T): void {
    const entry: Held<T> = { item, key: Math.min(this.o.captureUs(item), this.o.clock.now() * 1000) };
    const links = this.o.links?.(item);
    if (links) this.place(entry, links);
    // Messages arrive almost in order: insert from the end.
    let i = this.held.length;
    while (i > 0 && this.held[i - 1]!.key > entry.key) i--;
    this.held.splice(i, 0, entry);
    for (const k of keysOf(entry)) {
      const same = this.byKey.get(k);
      if (same) same.push(entry);
      else this.byKey.set(k, [entry]);
    }
    while (this.held.length > this.o.maxHeld) this.emitFirst();
    this.release();
  }

  /** Moves the entry after what it follows and before what already follows it. */
  private place(entry: Held<T>, links: CausalLinks): void {
    const { follows, opens } = links;
    if (follows !== undefined) {
      entry.follows = follows;
      if (!this.opened.has(follows)) entry.waiting = true;
      else {
        // The earliest held copy of the cause (a retransmission may be held too).
        let cause: Held<T> | undefined;
        for (const h of this.byKey.get(follows) ?? []) if (h.opens?.includes(follows) && (!cause || h.key < cause.key)) cause = h;
        if (cause && cause.key >= entry.key) entry.key = cause.key + 1;
      }
    }
    if (opens === undefined || opens.length === 0) return;
    entry.opens = opens;
    for (const k of opens) {
      if (this.opened.has(k)) continue; // a retransmission keeps its own time
      this.remember(k);
      for (const h of this.byKey.get(k) ?? []) {
        if (h.follows !== k) continue;
        h.waiting = false;
        if (h.key <= entry.key) entry.key = h.key - 1;
      }
    }
  }

  private remember(key: string): void {
    if (this.opened.size >= (this.o.maxRemembered ?? DEFAULT_REMEMBERED)) {
      const oldest = this.opened.values().next();
      if (!oldest.done) this.opened.delete(oldest.value);
    }
    this.opened.add(key);
  }

  /** Releases everything held, in capture order (the service is closing). */
  flush(): void {
    this.cancelTimer();
    this.byKey.clear();
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

  /** Emits the earliest held message and drops it from the key index. */
  private emitFirst(): void {
    const h = this.held.shift()!;
    for (const k of keysOf(h)) {
      const same = this.byKey.get(k)!;
      same.splice(same.indexOf(h), 1);
      if (same.length === 0) this.byKey.delete(k);
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

function keysOf(h: { follows?: string; opens?: readonly string[] }): string[] {
  const keys = h.opens ? [...h.opens] : [];
  if (h.follows !== undefined && !keys.includes(h.follows)) keys.push(h.follows);
  return keys;
}
