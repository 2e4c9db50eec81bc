/**
 * Pure rules of the `logs` topic: which entries a subscriber asked for, and how a line an engine
 * printed is given a level. Engines mark the level in the line itself: Kamailio prints
 * ` 1(4242) WARNING: <core> ...`, rtpengine `[1732600000.1] ERR: [core] ...`.
 */
import type { AgentTopicItem, AgentTopicParams } from '@shared/rpc/events';

export type LogEntry = AgentTopicItem<'logs'>;
export type LogFilter = AgentTopicParams<'logs'>;
export type LogLevel = LogEntry['level'];

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function levelAtLeast(level: LogLevel, min: LogLevel): boolean {
  return RANK[level] >= RANK[min];
}

export function matchesFilter(filter: LogFilter, entry: LogEntry): boolean {
  if (!levelAtLeast(entry.level, filter.minLevel)) return false;
  if (filter.sources && !(filter.sources as readonly string[]).includes(entry.source)) return false;
  if (filter.after !== undefined && entry.t <= filter.after) return false;
  return true;
}

/** Syslog-style markers both engines use, mapped onto the topic's four levels. */
const MARKERS: Record<string, LogLevel> = {
  EMERG: 'error',
  ALERT: 'error',
  CRIT: 'error',
  CRITICAL: 'error',
  BUG: 'error',
  ERR: 'error',
  ERROR: 'error',
  WARN: 'warn',
  WARNING: 'warn',
  NOTICE: 'info',
  INFO: 'info',
  DBG: 'debug',
  DEBUG: 'debug',
};

// Only the line's head is searched: a message quoting "ERROR:" later on does not raise its level.
const MARKER_RE = /(?:^|[\s\]])(EMERG|ALERT|CRITICAL|CRIT|BUG|ERROR|ERR|WARNING|WARN|NOTICE|INFO|DEBUG|DBG):/;
const HEAD_CHARS = 48;

/** The level an engine line announces, or null when it carries no marker. */
export function guessEngineLevel(line: string): LogLevel | null {
  const m = MARKER_RE.exec(line.slice(0, HEAD_CHARS));
  return (m?.[1] && MARKERS[m[1]]) || null;
}
