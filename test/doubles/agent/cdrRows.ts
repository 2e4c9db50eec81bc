// Call record rows written straight into the agent's cdrs table (tests and the CDR bench), so a
// million rows take seconds instead of a million flatstore lines.
import type { Database } from 'better-sqlite3';

export interface CdrRowInput {
  /** Unix seconds. */
  start: number;
  /** Unix ms within `start`'s second, for rows ingested with millisecond times (cdr-006); absent = an older row. */
  startMs?: number;
  /** Unix ms of the answer and of the end (cdr-006); absent = not answered, or an older row. */
  answerMs?: number;
  endMs?: number;
  duration?: number;
  callId: string;
  caller?: string | null;
  callee?: string | null;
  mgw?: string | null;
  rgw?: string | null;
  code?: number | null;
  refused?: string | null;
  /** cdr-007: the first 18x (Unix ms) and the post-dial delay; absent = none, or an older row. */
  ringMs?: number;
  pddMs?: number;
  /** Gateways tried, as the ingester stores them (CdrAttempt[]); absent = none recorded. */
  attempts?: readonly Record<string, unknown>[];
}

export function insertCdrRows(db: Database, rows: Iterable<CdrRowInput>): void {
  const ins = db.prepare(`INSERT INTO cdrs (start_time, end_time, duration, call_id, src_ip, src_port, mapping_gateway, routing_gateway,
    routing_address, caller, callee, sip_code, refused_reason, start_ms, answer_ms, end_ms, ring_ms, pdd_ms, attempts)
    VALUES (?, ?, ?, ?, '10.0.0.1', 5060, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const r of rows) {
      const d = r.duration ?? 0;
      ins.run(r.start, r.start + Math.ceil(d), d, r.callId, r.mgw ?? null, r.rgw ?? null, r.caller ?? null, r.callee ?? null, r.code ?? null, r.refused ?? null, r.startMs ?? null, r.answerMs ?? null, r.endMs ?? null,
        r.ringMs ?? null, r.pddMs ?? null, r.attempts ? JSON.stringify(r.attempts) : null);
    }
  })();
}
