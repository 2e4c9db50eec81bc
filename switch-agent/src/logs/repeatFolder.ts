/**
 * Folds repeated log lines before they reach the ring, so a stream of packets that each make an
 * engine print the same complaint cannot flush everything else out. Lines "repeat" when they come
 * from the same source at the same level and differ only in numbers and ids (process ids,
 * addresses, ports, Call-IDs, byte counts). Within a window the first `burst` lines of a kind pass;
 * the rest are counted, and when the window ends one summary line says how many were held back.
 */
import type { Clock } from '../engine/clock';
import type { LogEntry } from './logFilter';
import type { LogSink } from './logRing';

export interface RepeatPolicy {
  windowMs: number;
  /** Lines of one kind shown per window before the rest are counted instead. */
  burst: number;
  /** Kinds tracked at once; the oldest is closed (its summary written) to make room. */
  maxKinds: number;
}

export const DEFAULT_REPEAT_POLICY: RepeatPolicy = { windowMs: 10_000, burst: 3, maxKinds: 256 };

// Words are cut at spaces and brackets; one that holds a digit, or is long (an id, a hash, a
// Call-ID), says nothing about the kind of line. Only the head of a line is compared.
const SEPARATORS = /([\s<>()[\]{},;"'])/;
const HEAD_CHARS = 512;
const ID_WORD_CHARS = 24;

/** The kind of a line: its source, level and text with numbers and ids blanked. */
export function repeatKind(entry: LogEntry): string {
  const words = entry.text.slice(0, HEAD_CHARS).split(SEPARATORS);
  const shape = words.map((w) => (w.length >= ID_WORD_CHARS || /\d/.test(w) ? '#' : w)).join('');
  return `${entry.source}\u0000${entry.level}\u0000${shape}`;
}

interface Window {
  since: number;
  count: number;
  held: number;
  last: LogEntry;
  timer?: unknown;
}

export class RepeatFolder implements LogSink {
  private readonly kinds = new Map<string, Window>();

  constructor(
    private readonly out: LogSink,
    private readonly clock: Clock,
    private readonly policy: RepeatPolicy = DEFAULT_REPEAT_POLICY,
  ) {}

  append(entry: LogEntry): void {
    const kind = repeatKind(entry);
    const now = this.clock.now();
    let w = this.kinds.get(kind);
    if (w && now - w.since >= this.policy.windowMs) {
      this.close(kind, w);
      w = undefined;
    }
    if (!w) {
      w = { since: now, count: 0, held: 0, last: entry };
      this.kinds.set(kind, w);
      this.makeRoom();
    }
    w.count++;
    if (w.count <= this.policy.burst) {
      this.out.append(entry);
      return;
    }
    w.held++;
    w.last = entry;
    if (w.timer === undefined) {
      const open = w;
      w.timer = this.clock.setTimeout(() => this.close(kind, open), this.policy.windowMs - (now - w.since));
    }
  }

  /** Writes the summaries of every open window (the agent is stopping). */
  flush(): void {
    for (const [kind, w] of [...this.kinds]) this.close(kind, w);
  }

  private close(kind: string, w: Window): void {
    if (this.kinds.get(kind) !== w) return;
    this.kinds.delete(kind);
    if (w.timer !== undefined) this.clock.clearTimeout(w.timer);
    if (w.held === 0) return;
    const seconds = Math.max(1, Math.round((this.clock.now() - w.since) / 1000));
    this.out.append({
      t: this.clock.now(),
      level: w.last.level,
      source: w.last.source,
      text: `[${w.held} more similar line${w.held === 1 ? '' : 's'} in ${seconds} s not shown; the last one:] ${w.last.text}`,
    });
  }

  private makeRoom(): void {
    while (this.kinds.size > this.policy.maxKinds) {
      const oldest = this.kinds.entries().next().value;
      if (!oldest) return;
      this.close(oldest[0], oldest[1]);
    }
  }
}
