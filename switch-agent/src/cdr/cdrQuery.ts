// Reads the agent's CDR table: newest first, keyset pagination (stable while rows are added).
import type { Database } from 'better-sqlite3';
import type { CallEndCause } from '@shared/rpc/cdrApi';
import type { CdrAttempt, CdrRecord } from './parseFlatstore';

export interface CdrQuery {
  /** ISO 8601; calls that started at or after this instant. */
  since?: string;
  /** ISO 8601; calls that started before this instant. */
  until?: string;
  /** Exact callee number. */
  callee?: string;
  /** Gateway name; matches the mapping (caller side) or the routing (callee side) gateway. */
  gateway?: string;
  /** 1..1000 rows per page. */
  limit: number;
  /** nextCursor of the previous page; absent or null for the first page. */
  cursor?: string | null;
}

export interface CdrRow extends CdrRecord {
  id: number;
}

export interface CdrPage {
  items: CdrRow[];
  /** Pass back as `cursor` for the next (older) page; null when there is none. */
  nextCursor: string | null;
}

export const MAX_CDR_PAGE = 1000;

interface DbRow {
  id: number;
  start_time: number;
  end_time: number;
  duration: number;
  call_id: string;
  src_ip: string | null;
  src_port: number | null;
  mapping_group: number | null;
  mapping_gateway: string | null;
  routing_gateway: string | null;
  routing_address: string | null;
  caller: string | null;
  callee: string | null;
  sip_code: number | null;
  attempts: string | null;
  ended_by: string | null;
}

function epochSeconds(field: string, iso: string): number {
  const ms = typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new Error(`${field}: not an ISO 8601 date-time: ${JSON.stringify(iso)}`);
  }
  // Rows hold whole seconds: `since` rounds up, `until` (exclusive) rounds up too, so that
  // since=12:00:00.500 excludes a call that started at 12:00:00.
  return Math.ceil(ms / 1000);
}

export function encodeCdrCursor(startTime: number, id: number): string {
  return Buffer.from(`${startTime}:${id}`).toString('base64url');
}

export function decodeCdrCursor(cursor: string): { startTime: number; id: number } {
  const m = /^(\d{1,12}):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new Error('cursor: not a cursor returned by listCdrs');
  return { startTime: Number(m[1]), id: Number(m[2]) };
}

function toRow(r: DbRow): CdrRow {
  return {
    id: r.id,
    startTime: new Date(r.start_time * 1000).toISOString(),
    endTime: new Date(r.end_time * 1000).toISOString(),
    durationSec: r.duration,
    callId: r.call_id,
    srcIp: r.src_ip,
    srcPort: r.src_port,
    mappingGroup: r.mapping_group,
    mappingGateway: r.mapping_gateway,
    routingGateway: r.routing_gateway,
    routingAddress: r.routing_address,
    caller: r.caller,
    callee: r.callee,
    sipCode: r.sip_code,
    attempts: r.attempts ? (JSON.parse(r.attempts) as CdrAttempt[]) : [],
    endedBy: r.ended_by as CallEndCause | null,
  };
}

export function listCdrs(db: Database, q: CdrQuery): CdrPage {
  if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_CDR_PAGE) {
    throw new Error(`limit: must be an integer in 1..${MAX_CDR_PAGE}`);
  }
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.since !== undefined) {
    where.push('start_time >= ?');
    args.push(epochSeconds('since', q.since));
  }
  if (q.until !== undefined) {
    where.push('start_time < ?');
    args.push(epochSeconds('until', q.until));
  }
  if (q.callee !== undefined) {
    where.push('callee = ?');
    args.push(q.callee);
  }
  if (q.gateway !== undefined) {
    where.push('(mapping_gateway = ? OR routing_gateway = ?)');
    args.push(q.gateway, q.gateway);
  }
  if (q.cursor) {
    const c = decodeCdrCursor(q.cursor);
    where.push('(start_time < ? OR (start_time = ? AND id < ?))');
    args.push(c.startTime, c.startTime, c.id);
  }
  const sql = `SELECT * FROM cdrs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY start_time DESC, id DESC LIMIT ?`;
  const rows = db.prepare(sql).all(...args, q.limit + 1) as DbRow[];
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toRow),
    nextCursor: rows.length > q.limit && last ? encodeCdrCursor(last.start_time, last.id) : null,
  };
}
