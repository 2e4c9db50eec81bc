/**
 * The agent's logger, doubled: every line still goes where it went (stderr → journal) and is also
 * kept in the log ring as source 'agent', so the `logs` topic shows it. The agent never logs a
 * secret on purpose; as a second guard, fields named like a secret and `{ set, value }` secret
 * objects are masked before a line reaches the ring (the ring is readable over the view socket).
 */
import type { RpcLogger } from '../rpc/log';
import type { LogEntry, LogLevel } from './logFilter';
import { DEFAULT_MAX_LINE_CHARS } from './lineSplitter';
import type { LogSink } from './logRing';

const SECRET_KEY = /password|passwd|passphrase|secret|token|credential|^ha1b?$|^authorization$/i;
const MASK = '[redacted]';

export function teeLogger(inner: RpcLogger, ring: LogSink, now: () => number = Date.now): RpcLogger {
  const tee = (level: LogLevel, call: (m: string, f?: Record<string, unknown>) => void) => (message: string, fields?: Record<string, unknown>) => {
    call(message, fields);
    try {
      ring.append(agentEntry(level, message, fields, now()));
    } catch {
      // The journal already has the line; the ring is a convenience.
    }
  };
  return {
    info: tee('info', inner.info.bind(inner)),
    warn: tee('warn', inner.warn.bind(inner)),
    error: tee('error', inner.error.bind(inner)),
  };
}

/** One ring entry: the message, then the fields as JSON, cut to the topic's line length. */
export function agentEntry(level: LogLevel, message: string, fields: Record<string, unknown> | undefined, t: number): LogEntry {
  const extra = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
  const text = `${message}${extra}`;
  return { t, level, source: 'agent', text: text.length > DEFAULT_MAX_LINE_CHARS ? `${text.slice(0, DEFAULT_MAX_LINE_CHARS)}…` : text };
}

function safeJson(fields: Record<string, unknown>): string {
  try {
    return JSON.stringify(fields, maskSecrets);
  } catch {
    return '{"fields":"(not serialisable)"}';
  }
}

function maskSecrets(this: unknown, key: string, value: unknown): unknown {
  if (key !== '' && SECRET_KEY.test(key) && value !== undefined && value !== null && value !== '') return MASK;
  if (value instanceof Error) return value.message;
  if (typeof value === 'bigint') return value.toString();
  if (isSecretObject(value)) return { set: value.set };
  return value;
}

function isSecretObject(v: unknown): v is { set: boolean; value: unknown } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.set === 'boolean' && 'value' in o;
}
