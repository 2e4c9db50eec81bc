/** The agent's log ring and the `logs` topic built on it. */
export { LogRing, DEFAULT_LOG_QUOTAS, MAX_STORED_LINE_CHARS } from './logRing';
export type { LogQuotas, LogReader, LogSink } from './logRing';
export { teeLogger, agentEntry } from './teeLogger';
export { engineEntry, engineLinesToRing } from './engineLines';
export { logsTopic } from './logsTopic';
export { LineLimiter, rateCap, repeatFolder, repeatKind, DEFAULT_RATE_POLICY, DEFAULT_REPEAT_POLICY } from './lineLimits';
export { LineSplitter, DEFAULT_MAX_LINE_CHARS } from './lineSplitter';
export { guessEngineLevel, levelAtLeast, matchesFilter } from './logFilter';
export type { LogEntry, LogFilter, LogLevel } from './logFilter';
