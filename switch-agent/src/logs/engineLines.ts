/** Where an engine's stderr meets the log ring. */
import type { ProcessName } from '../engine/types';
import { guessEngineLevel, type LogEntry, type LogLevel } from './logFilter';
import type { LogSink } from './logRing';

/**
 * A ring entry for one line an engine printed, or null for a blank line. A line without a level
 * marker continues the previous one (Kamailio prints a bad SIP message it quotes across several
 * lines), so it takes `previous`; with nothing before it, it is info.
 */
export function engineEntry(source: ProcessName, line: string, t: number, previous: LogLevel = 'info'): LogEntry | null {
  const text = line.trimEnd();
  if (text.trim() === '') return null;
  return { t, level: guessEngineLevel(text) ?? previous, source, text };
}

/** The `onStderrLine` callback for the process host: each line an engine prints lands in the ring. */
export function engineLinesToRing(ring: LogSink, now: () => number = Date.now): (source: ProcessName, line: string) => void {
  const last = new Map<ProcessName, LogLevel>();
  return (source, line) => {
    const entry = engineEntry(source, line, now(), last.get(source));
    if (!entry) return;
    last.set(source, entry.level);
    ring.append(entry);
  };
}
