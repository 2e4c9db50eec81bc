// cdr.stats: per-gateway figures over a time range. One GROUP BY (gateway, code, refused) walks
// the range on the gateway's index when one gateway is asked for, on the start time otherwise;
// foldCdrStats turns those few groups into per-gateway figures.
// Mapping side: each call counts once under the gateway it came in through (cdrs). Routing side:
// each gateway a call tried counts once with that attempt's own reply (cdr_gateway_tries, see
// migration cdr-008), so a call that failed over from A (503) to B (200) is a failed attempt on
// A and an answered one on B; a call that tried none counts once under its routing gateway, or
// under none.
import type { Database } from 'better-sqlite3';
import { CDR_STATS_LIMITS, type CdrGatewayStats, type CdrStatsParams } from '@shared/rpc/cdrApi';
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
  /** Sum of post-dial delays over the `timedPdd` calls (or attempts) that have one. */
  pddMs: number | null;
  timedPdd: number;
}


/** The one GROUP BY of cdr.stats and its arguments (apart, so a test can read its query plan). */
export function cdrStatsSql(p: CdrStatsParams): { sql: string; args: (string | number)[] } {
  const tries = p.side === 'routing';
  const col = tries ? 'gateway' : 'mapping_gateway';
  const range = startRangeSql(p.from, p.to);
  const where = [...range.where];
  const args: (string | number)[] = [...range.args];
  if (p.gateway !== undefined) {
    where.unshift(`${col} = ?`);
    args.unshift(p.gateway);
  }
  const sql = tries
    ? `SELECT gateway, code, refused, count(*) AS calls, sum(talk_sec) AS talkSec,
      sum(answer_delay_ms) AS answerDelayMs, count(answer_delay_ms) AS timedAnswers, sum(pdd_ms) AS pddMs, count(pdd_ms) AS timedPdd
    FROM cdr_gateway_tries WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3`
    : `SELECT ${col} AS gateway, sip_code AS code, refused_reason IS NOT NULL AS refused, count(*) AS calls,
      sum(CASE WHEN answer_ms IS NOT NULL AND end_ms IS NOT NULL THEN (end_ms - answer_ms) / 1000.0 ELSE duration END) AS talkSec,
      sum(answer_ms - start_ms) AS answerDelayMs, count(answer_ms - start_ms) AS timedAnswers, sum(pdd_ms) AS pddMs, count(pdd_ms) AS timedPdd
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
  pddMs: number;
  timedPdd: number;
  codes: Map<number, number>;
}

/** Groups to per-gateway figures, most attempts first (then by name, calls without a gateway last). */
export function foldCdrStats(groups: readonly CdrStatsGroup[]): CdrGatewayStats[] {
  const by = new Map<string | null, Totals>();
  for (const g of groups) {
    let t = by.get(g.gateway);
    if (!t) by.set(g.gateway, (t = { attempts: 0, answered: 0, failed: 0, refused: 0, talkSec: 0, answerDelayMs: 0, timedAnswers: 0, pddMs: 0, timedPdd: 0, codes: new Map() }));
    t.attempts += g.calls;
    // Failed calls that rang have a post-dial delay too.
    t.pddMs += g.pddMs ?? 0;
    t.timedPdd += g.timedPdd;
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
    pddMs: t.timedPdd > 0 ? Math.round(t.pddMs / t.timedPdd) : null,
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
