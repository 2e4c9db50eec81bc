/**
 * The agent's recent log, held once for every subscriber. Two fixed-size partitions — the agent's
 * own lines and the engines' lines — so a flooding engine cannot push the agent's lines out; every
 * entry carries one global sequence number, so the partitions still read as one ordered stream.
 *
 * Subscribers do not copy lines: each holds a `LogReader`, a cursor per partition, and takes lines
 * when its client has credit. A line overwritten before a reader took it is counted as lost (only
 * if it matched the reader's filter), which the topic reports as a drop marker. Appending never
 * blocks and never throws: a failing reader callback is ignored, because the logger calling
 * `append` may be reporting a failure itself.
 */
import type { LogEntry } from './logFilter';

/** Lines kept per partition. */
export interface LogQuotas {
  agent: number;
  engine: number;
}

export const DEFAULT_LOG_QUOTAS: LogQuotas = { agent: 1000, engine: 2000 };
/** Longest text a stored line keeps (longer ones are cut and marked with an ellipsis). */
export const MAX_STORED_LINE_CHARS = 2048;

/** Whatever takes log entries: the ring, or the repeat folder in front of it. */
export interface LogSink {
  append(entry: LogEntry): void;
}

interface Slot {
  seq: number;
  entry: LogEntry;
}

/** One bounded partition; `start`/`end` are monotonic indexes, `end - start` entries are held. */
class Partition {
  private readonly slots: (Slot | undefined)[];
  start = 0;
  end = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<Slot | undefined>(capacity);
  }

  at(index: number): Slot | undefined {
    return index >= this.start && index < this.end ? this.slots[index % this.capacity] : undefined;
  }

  /** Stores a slot; returns the one it overwrote, if any. */
  push(slot: Slot): Slot | undefined {
    let evicted: Slot | undefined;
    if (this.end - this.start === this.capacity) {
      evicted = this.slots[this.start % this.capacity];
      this.start++;
    }
    this.slots[this.end % this.capacity] = slot;
    this.end++;
    return evicted;
  }
}

const PARTS = ['agent', 'engine'] as const;
type PartName = (typeof PARTS)[number];
const partOf = (entry: LogEntry): PartName => (entry.source === 'agent' ? 'agent' : 'engine');

/** A subscriber's position in the ring. */
export interface LogReader {
  /**
   * Up to `max` matching lines after the cursor, oldest first, and how many matching lines were
   * overwritten before this reader took them (counted once, then reset).
   */
  take(max: number): { lost: number; entries: LogEntry[] };
  close(): void;
}

interface ReaderState {
  match: (entry: LogEntry) => boolean;
  cursor: Record<PartName, number>;
  lost: number;
  onAppend: () => void;
}

export class LogRing implements LogSink {
  private readonly parts: Record<PartName, Partition>;
  private seq = 0;
  private readonly readers = new Set<ReaderState>();

  constructor(quotas: LogQuotas = DEFAULT_LOG_QUOTAS) {
    for (const name of PARTS) {
      const n = quotas[name];
      if (!Number.isInteger(n) || n < 1) throw new Error(`capacity: the ${name} quota must be a positive integer, got ${n}`);
    }
    this.parts = { agent: new Partition(quotas.agent), engine: new Partition(quotas.engine) };
  }

  /** Most lines held at once (both partitions). */
  get capacity(): number {
    return this.parts.agent.capacity + this.parts.engine.capacity;
  }

  get size(): number {
    return PARTS.reduce((n, p) => n + this.parts[p].end - this.parts[p].start, 0);
  }

  append(entry: LogEntry): void {
    const name = partOf(entry);
    const stored = entry.text.length > MAX_STORED_LINE_CHARS ? { ...entry, text: `${entry.text.slice(0, MAX_STORED_LINE_CHARS)}…` } : entry;
    const part = this.parts[name];
    const evicted = part.push({ seq: this.seq++, entry: stored });
    if (evicted) {
      const index = part.start - 1;
      for (const r of this.readers) {
        if (r.cursor[name] > index) continue;
        r.cursor[name] = part.start;
        if (safeMatch(r, evicted.entry)) r.lost++;
      }
    }
    for (const r of [...this.readers]) {
      try {
        r.onAppend();
      } catch {
        // A subscriber's failure must not reach whoever logged.
      }
    }
  }

  /** Every held entry in the order they were appended. */
  entries(): LogEntry[] {
    const out: LogEntry[] = [];
    const cursor = { agent: this.parts.agent.start, engine: this.parts.engine.start };
    for (;;) {
      const next = this.nextSlot(cursor);
      if (!next) return out;
      out.push(next.slot.entry);
      cursor[next.part]++;
    }
  }

  /**
   * A cursor at the oldest held line. `onAppend` runs synchronously after every later append
   * (the reader decides when to take); it must not throw and should not do heavy work.
   */
  openReader(match: (entry: LogEntry) => boolean, onAppend: () => void): LogReader {
    const state: ReaderState = { match, cursor: { agent: this.parts.agent.start, engine: this.parts.engine.start }, lost: 0, onAppend };
    this.readers.add(state);
    return {
      take: (max) => this.take(state, max),
      close: () => this.readers.delete(state),
    };
  }

  get readerCount(): number {
    return this.readers.size;
  }

  private take(r: ReaderState, max: number): { lost: number; entries: LogEntry[] } {
    const lost = r.lost;
    r.lost = 0;
    const entries: LogEntry[] = [];
    while (entries.length < max) {
      const next = this.nextSlot(r.cursor);
      if (!next) break;
      r.cursor[next.part]++;
      if (safeMatch(r, next.slot.entry)) entries.push(next.slot.entry);
    }
    return { lost, entries };
  }

  /** The oldest slot at or after the cursor across both partitions. */
  private nextSlot(cursor: Record<PartName, number>): { part: PartName; slot: Slot } | undefined {
    let best: { part: PartName; slot: Slot } | undefined;
    for (const part of PARTS) {
      const slot = this.parts[part].at(cursor[part]);
      if (slot && (!best || slot.seq < best.slot.seq)) best = { part, slot };
    }
    return best;
  }
}

function safeMatch(r: ReaderState, entry: LogEntry): boolean {
  try {
    return r.match(entry);
  } catch {
    return false;
  }
}
