/**
 * Limits on what reaches the log ring, so a stream of packets that each make an engine complain
 * cannot flush everything else out. Both limits count lines of one "kind" in a window: the first
 * `burst` pass, the rest are held back and counted, and when the window ends one summary line
 * says how many.
 * - Repeats: lines from the same source at the same level that differ only in numbers and ids
 *   (process ids, addresses, ports, Call-IDs, byte counts) are one kind; 3 per 10 s pass.
 * - Volume: every line of a source is one kind; 200 a second pass. This catches a flood whose lines
 *   differ in words too (an engine quoting the garbage it received).
 */
import type { Clock } from '../engine/clock';
import { levelAtLeast, type LogEntry, type LogLevel } from './logFilter';
import type { LogSink } from './logRing';

export interface LimitPolicy {
  windowMs: number;
  /** Lines of one kind passed per window before the rest are counted instead. */
  burst: number;
  /** Kinds tracked at once; the oldest is closed (its summary written) to make room. */
  maxKinds: number;
}

export const DEFAULT_REPEAT_POLICY: LimitPolicy = { windowMs: 10_000, burst: 3, maxKinds: 256 };
export const DEFAULT_RATE_POLICY: LimitPolicy = { windowMs: 1000, burst: 200, maxKinds: 16 };

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
  worst: LogLevel;
  last: LogEntry;
  timer?: unknown;
}

interface LimiterRules {
  kindOf(entry: LogEntry): string;
  summary(held: number, seconds: number, last: LogEntry): string;
}

export class LineLimiter implements LogSink {
  private readonly kinds = new Map<string, Window>();

  constructor(
    private readonly out: LogSink,
    private readonly clock: Clock,
    private readonly policy: LimitPolicy,
    private readonly rules: LimiterRules,
  ) {}

  append(entry: LogEntry): void {
    const kind = this.rules.kindOf(entry);
    const now = this.clock.now();
    let w = this.kinds.get(kind);
    if (w && now - w.since >= this.policy.windowMs) {
      this.close(kind, w);
      w = undefined;
    }
    if (!w) {
      w = { since: now, count: 0, held: 0, worst: entry.level, last: entry };
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
    if (levelAtLeast(entry.level, w.worst)) w.worst = entry.level;
    if (w.timer === undefined) {
      const open = w;
      w.timer = this.clock.setTimeout(() => this.close(kind, open), this.policy.windowMs - (now - w.since));
      // A pending summary must never keep a stopping agent alive for the rest of its window.
      (w.timer as { unref?: () => void }).unref?.();
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
    this.out.append({ t: this.clock.now(), level: w.worst, source: w.last.source, text: this.rules.summary(w.held, seconds, w.last) });
  }

  private makeRoom(): void {
    while (this.kinds.size > this.policy.maxKinds) {
      const oldest = this.kinds.entries().next().value;
      if (!oldest) return;
      this.close(oldest[0], oldest[1]);
    }
  }
}

const lines = (n: number, what: string) => `${n} more ${what}${n === 1 ? '' : 's'}`;

/** Folds lines that repeat with only numbers and ids changed. */
export function repeatFolder(out: LogSink, clock: Clock, policy: LimitPolicy = DEFAULT_REPEAT_POLICY): LineLimiter {
  return new LineLimiter(out, clock, policy, {
    kindOf: repeatKind,
    summary: (held, seconds, last) => `[${lines(held, 'similar line')} in ${seconds} s not shown; the last one:] ${last.text}`,
  });
}

/** Caps the lines each source may put in the ring per window. */
export function rateCap(out: LogSink, clock: Clock, policy: LimitPolicy = DEFAULT_RATE_POLICY): LineLimiter {
  return new LineLimiter(out, clock, policy, {
    kindOf: (e) => e.source,
    summary: (held, seconds, last) => `[${lines(held, 'line')} from ${last.source} in ${seconds} s not shown: more than ${policy.burst} every ${policy.windowMs / 1000} s]`,
  });
}
