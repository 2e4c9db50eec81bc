/**
 * The agent's recent log: a fixed-size ring of entries (the oldest is overwritten) plus live
 * listeners. Appending never blocks and never throws: a failing listener is ignored, because the
 * logger calling `append` may be reporting a failure itself.
 */
import type { LogEntry } from './logFilter';

export const DEFAULT_LOG_RING_CAPACITY = 2000;

export class LogRing {
  private readonly slots: (LogEntry | undefined)[];
  private next = 0;
  private count = 0;
  private readonly listeners = new Set<(entry: LogEntry) => void>();

  constructor(readonly capacity = DEFAULT_LOG_RING_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`capacity: must be a positive integer, got ${capacity}`);
    this.slots = new Array<LogEntry | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  append(entry: LogEntry): void {
    this.slots[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    for (const listener of [...this.listeners]) {
      try {
        listener(entry);
      } catch {
        // A subscriber's failure must not reach whoever logged.
      }
    }
  }

  /** Every held entry, oldest first. */
  entries(): LogEntry[] {
    const out: LogEntry[] = [];
    const first = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const e = this.slots[(first + i) % this.capacity];
      if (e) out.push(e);
    }
    return out;
  }

  /** Called synchronously for every later append; returns the function that stops it. */
  listen(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
