// cdr.stats: per-gateway figures over a time range. One GROUP BY (gateway, code, refused) walks
// the range on the gateway's (gateway, start_time, id) index when one gateway is asked for, on
// (start_time, id) otherwise; foldCdrStats turns those few groups into per-gateway figures.
// A call counts once, under the gateway on the asked side that its record names: on the routing
// side that is the gateway of the final answer, so an attempt that failed over to another
// gateway is not counted against the first one.
import type { Database } from 'better-sqlite3';
import { CDR_STATS_LIMITS, type CdrGatewayStats, type CdrStatsParams, type CdrStatsSide } from '@shared/rpc/cdrApi';
import { cdrResult } from './cdrRow';
import { startRangeSql } from './cdrSearch';

/** One group of the query: calls of one gateway with one final code, refused or not. */
export interface CdrStatsGroup {
  gateway: string | null;
  code: number | null;
  refused: 0 | 1;
  calls: number;
  /** Sum of talk seconds: answer to end where ms times exist, else acc's duration (older records, set-up included). */
  talkSec: number | null;
  /** Sum of INVITE-to-answer ms over the `timedAnswers` calls that have both times. */
  answerDelayMs: number | null;
  timedAnswers: number;
}

const COLUMN: Record<CdrStatsSide, string> = { routing: 'routing_gateway', mapping: 'mapping_gateway' };

/** The one GROUP BY of cdr.stats and its arguments (apart, so a test can read its query plan). */
export function cdrStatsSql(p: CdrStatsParams): { sql: string; args: (string | number)[] } {
  const col = COLUMN[p.side];
  const range = startRangeSql(p.from, p.to);
  const where = [...range.where];
  const args: (string | number)[] = [...range.args];
  if (p.gateway !== undefined) {
    where.unshift(`${col} = ?`);
    args.unshift(p.gateway);
  }
  const sql = `SELECT ${col} AS gateway, sip_code AS code, refused_reason IS NOT NULL AS refused, count(*) AS calls,
      sum(CASE WHEN answer_ms IS NOT NULL AND end_ms IS NOT NULL THEN (end_ms - answer_ms) / 1000.0 ELSE duration END) AS talkSec,
      sum(answer_ms - start_ms) AS answerDelayMs, count(answer_ms - start_ms) AS timedAnswers
    FROM cdrs WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3`;
  return { sql, args };
}

interface Totals {
  attempts: number;
  answered: number;
  failed: number;
  refused: number;
  talkSec: number;
  answerDelayMs: number;
  timedAnswers: number;
  codes: Map<number, number>;
}

/** Groups to per-gateway figures, most attempts first (then by name, calls without a gateway last). */
export function foldCdrStats(groups: readonly CdrStatsGroup[]): CdrGatewayStats[] {
  const by = new Map<string | null, Totals>();
  for (const g of groups) {
    let t = by.get(g.gateway);
    if (!t) by.set(g.gateway, (t = { attempts: 0, answered: 0, failed: 0, refused: 0, talkSec: 0, answerDelayMs: 0, timedAnswers: 0, codes: new Map() }));
    t.attempts += g.calls;
    const result = cdrResult({ sip_code: g.code, refused_reason: g.refused ? 'refused' : null });
    if (result === 'answered') {
      t.answered += g.calls;
      t.talkSec += g.talkSec ?? 0;
      t.answerDelayMs += g.answerDelayMs ?? 0;
      t.timedAnswers += g.timedAnswers;
      continue;
    }
    t[result] += g.calls;
    if (g.code !== null) t.codes.set(g.code, (t.codes.get(g.code) ?? 0) + g.calls);
  }
  const out = [...by].map(([gateway, t]): CdrGatewayStats => ({
    gateway,
    attempts: t.attempts,
    answered: t.answered,
    failed: t.failed,
    refused: t.refused,
    asr: t.answered / t.attempts,
    acdSec: t.answered > 0 ? Math.round((t.talkSec / t.answered) * 1000) / 1000 : null,
    answerDelayMs: t.timedAnswers > 0 ? Math.round(t.answerDelayMs / t.timedAnswers) : null,
    failureCodes: [...t.codes]
      .sort(([ca, na], [cb, nb]) => nb - na || ca - cb)
      .slice(0, CDR_STATS_LIMITS.topCodes)
      .map(([code, count]) => ({ code, count })),
  }));
  return out.sort((a, b) => b.attempts - a.attempts || (a.gateway === null ? 1 : b.gateway === null ? -1 : a.gateway.localeCompare(b.gateway)));
}

export function cdrStats(db: Database, p: CdrStatsParams): { gateways: CdrGatewayStats[] } {
  const { sql, args } = cdrStatsSql(p);
  return { gateways: foldCdrStats(db.prepare(sql).all(...args) as CdrStatsGroup[]) };
}
