// cdr.search: call records newest first over a time range, with keyset pages. Each filter runs
// as one index walk in (start_time DESC, id DESC) order that stops after a page (see the indexes
// of cdr-003-search); a gateway matches either side, so it is two such walks merged here rather
// than an OR the planner would sort in a temporary table.
import type { Database } from 'better-sqlite3';
import type { CdrRecordWire, CdrResult, CdrSearchParams } from '@shared/rpc/cdrApi';
import { decodeCdrCursor, encodeCdrCursor } from './cdrCursor';
import { CDR_COLUMNS, toWire, type CdrDbRow as Row } from './cdrRow';

const RESULT_SQL: Record<CdrResult, string> = {
  answered: 'refused_reason IS NULL AND sip_code BETWEEN 200 AND 299',
  failed: 'refused_reason IS NULL AND (sip_code IS NULL OR sip_code NOT BETWEEN 200 AND 299)',
  refused: 'refused_reason IS NOT NULL',
};

export class CdrCursorError extends Error {}

/** Calls that started in [from, to) ms: conditions on an index of start_time, and their arguments. */
export function startRangeSql(from: number, to: number): { where: string[]; args: number[] } {
  // The index walks whole seconds (start_time); the milliseconds decide at both ends. Rows
  // ingested before cdr-006 have no start_ms and count as their whole second.
  const startMs = 'coalesce(start_ms, start_time * 1000)';
  return { where: ['start_time >= ?', 'start_time <= ?', `${startMs} >= ?`, `${startMs} < ?`], args: [Math.floor(from / 1000), Math.floor((to - 1) / 1000), from, to] };
}

export function searchCdrs(db: Database, p: CdrSearchParams): { records: CdrRecordWire[]; nextCursor: string | null } {
  const range = startRangeSql(p.from, p.to);
  const where = [...range.where];
  const args: (string | number)[] = [...range.args];
  const eq = (column: string, v: string | number | undefined) => {
    if (v === undefined) return;
    where.push(`${column} = ?`);
    args.push(v);
  };
  eq('caller', p.caller);
  eq('callee', p.callee);
  eq('sip_code', p.sipCode);
  // Not indexed: a filter on how answered calls ended narrows little, and is read along the walk.
  eq('ended_by', p.endedBy);
  if (p.minDurationSec !== undefined) { where.push('duration >= ?'); args.push(p.minDurationSec); }
  if (p.maxDurationSec !== undefined) { where.push('duration <= ?'); args.push(p.maxDurationSec); }
  if (p.result !== undefined) where.push(`(${RESULT_SQL[p.result]})`);
  if (p.cursor) {
    let c: { startTime: number; id: number };
    try {
      c = decodeCdrCursor(p.cursor);
    } catch {
      throw new CdrCursorError('cursor: not a cursor returned by cdr.search; start the search again without it');
    }
    where.push('(start_time < ? OR (start_time = ? AND id < ?))');
    args.push(c.startTime, c.startTime, c.id);
  }
  const run = (extra: string[], extraArgs: string[]): Row[] =>
    db.prepare(`SELECT ${CDR_COLUMNS} FROM cdrs WHERE ${[...where, ...extra].join(' AND ')} ORDER BY start_time DESC, id DESC LIMIT ?`).all(...args, ...extraArgs, p.limit + 1) as Row[];
  let rows: Row[];
  if (p.gateway === undefined) rows = run([], []);
  else {
    const inbound = run(['mapping_gateway = ?'], [p.gateway]);
    // The second walk leaves out calls the first one already has (the same gateway on both sides).
    const outbound = run(['routing_gateway = ?', '(mapping_gateway IS NULL OR mapping_gateway <> ?)'], [p.gateway, p.gateway]);
    rows = [...inbound, ...outbound].sort((a, b) => b.start_time - a.start_time || b.id - a.id).slice(0, p.limit + 1);
  }
  const page = rows.slice(0, p.limit);
  const last = page[page.length - 1];
  return { records: page.map(toWire), nextCursor: rows.length > p.limit && last ? encodeCdrCursor(last.start_time, last.id) : null };
}
