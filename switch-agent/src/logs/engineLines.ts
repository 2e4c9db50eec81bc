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

// Where a Kamailio record starts: " <process rank>(<pid>) <LEVEL>:".
const KAMAILIO_RECORD = /(?<=\S)(?= +\d+\(\d+\) (?:ALERT|BUG|CRITICAL|CRIT|ERROR|ERR|WARNING|NOTICE|INFO|DEBUG|DBG):)/g;

/**
 * The records in one line Kamailio printed. Some of its messages end without a newline (the
 * rtpengine module's "Ran out of ports" warning quotes rtpengine's reply as is), so the next
 * record, often another worker's, continues on the same line; split there, so each record is
 * one entry and repeats of it fold together (lineLimits.ts) instead of each mixture being new.
 */
export function kamailioRecords(line: string): string[] {
  return line.split(KAMAILIO_RECORD);
}

/** The `onStderrLine` callback for the process host: each line an engine prints lands in the ring. */
export function engineLinesToRing(ring: LogSink, now: () => number = Date.now): (source: ProcessName, line: string) => void {
  const last = new Map<ProcessName, LogLevel>();
  return (source, line) => {
    for (const record of source === 'kamailio' ? kamailioRecords(line) : [line]) {
      const entry = engineEntry(source, record, now(), last.get(source));
      if (!entry) continue;
      last.set(source, entry.level);
      ring.append(entry);
    }
  };
}
