// Kamailio mirrors each message from the worker process that handled it, so two messages handled
// by different workers at nearly the same moment (the 200 sent to the caller, the caller's ACK) can
// reach the agent in the opposite order to their capture. Holding each message for a short window
// and releasing by capture time puts them back in causal order before sessions number them.
// Bounded in time and memory: a capture time later than the arrival (a clock off the agent's) counts
// as the arrival, so nothing waits longer than the window; beyond `maxHeld` messages the earliest
// is released at once.
import type { Clock } from '../engine/clock';

export interface ReorderWindowOptions<T> {
  clock: Clock;
  /** How long a message may wait for an earlier-captured one (ms). */
  windowMs: number;
  maxHeld: number;
  /** Capture time in microseconds since the epoch. */
  captureUs: (item: T) => number;
  emit: (item: T) => void;
}

interface Held<T> {
  item: T;
  key: number;
}

export class ReorderWindow<T> {
  private readonly held: Held<T>[] = [];
  private timer: unknown = null;
  private timerAt = Infinity;

  constructor(private readonly o: ReorderWindowOptions<T>) {}

  push(item: T): void {
    const entry = { item, key: Math.min(this.o.captureUs(item), this.o.clock.now() * 1000) };
    // Messages arrive almost in order: insert from the end.
    let i = this.held.length;
    while (i > 0 && this.held[i - 1]!.key > entry.key) i--;
    this.held.splice(i, 0, entry);
    while (this.held.length > this.o.maxHeld) this.o.emit(this.held.shift()!.item);
    this.release();
  }

  /** Releases everything held, in capture order (the service is closing). */
  flush(): void {
    this.cancelTimer();
    for (const h of this.held.splice(0)) this.o.emit(h.item);
  }

  get size(): number {
    return this.held.length;
  }

  private release(): void {
    const now = this.o.clock.now();
    const ripeUs = (now - this.o.windowMs) * 1000;
    while (this.held.length > 0 && this.held[0]!.key <= ripeUs) this.o.emit(this.held.shift()!.item);
    if (this.held.length === 0) return this.cancelTimer();
    const due = this.held[0]!.key / 1000 + this.o.windowMs;
    if (this.timer !== null && this.timerAt <= due) return;
    this.cancelTimer();
    this.timerAt = due;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.release();
    }, Math.max(1, Math.ceil(due - now)));
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }
}
