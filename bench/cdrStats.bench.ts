/**
 * cdr.stats and the CSV export at scale: a table of 1,000,000 call records over 31 days (about
 * 32,000 a day; one call in eight fails over from a first gateway to a second, so the routing side
 * reads about 1.125 rows per call), with ring times and post-dial delays.
 *  - cdr.stats over one day and over all 31 days, each side, and for one gateway;
 *  - the CSV export of one day as the client runs it: cdr.search pages of 1,000 with the cursor,
 *    each page turned into CSV text (renderer/src/cdr/cdrCsv.ts), and the agent's part alone.
 * Baseline for each range: a plain indexed SELECT of the same call rows (start_time range,
 * every column, newest first), read to the end. Figures are medians of interleaved rounds; the
 * ratio to the baseline is what to compare (this machine is shared; absolute ms for reference).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CdrSearchParamsSchema, CdrStatsParamsSchema, type CdrAttemptWire } from '@shared/rpc/cdrApi';
import { cdrCsvHeader, cdrCsvRows } from '../renderer/src/cdr/cdrCsv';
import { CDR_MIGRATIONS } from '../switch-agent/src/cdr/migrations';
import { searchCdrs } from '../switch-agent/src/cdr/cdrSearch';
import { cdrStats } from '../switch-agent/src/cdr/cdrStats';
import { runMigrations } from '../switch-agent/src/store/migrate';
import { insertCdrRows, type CdrRowInput } from '../test/doubles/agent/cdrRows';
import { median } from './support/median';

const DAY = 86_400;
const DAYS = 31;
const COUNT = 1_000_000;
const T0 = 1_800_000_000;
const ROUNDS = 3;

function* rows(): Generator<CdrRowInput> {
  const codes = [200, 200, 200, 200, 486, 503, 404, 480];
  for (let i = 0; i < COUNT; i++) {
    const code = codes[i % codes.length]!;
    const start = T0 + Math.floor((i / COUNT) * DAYS * DAY);
    const startMs = start * 1000 + ((i * 37) % 1000);
    const rgw = `out-${i % 200}`;
    const rang = i % 3 !== 0;
    const sent = startMs + 5;
    const ringMs = rang ? sent + 200 + (i % 2000) : null;
    const answerMs = code === 200 ? sent + 3000 : undefined;
    const attempts: CdrAttemptWire[] = [];
    let at = sent;
    if (i % 8 === 7) {
      attempts.push({ gateway: `out-${(i + 1) % 200}`, address: '10.0.0.9:5060', code: 503, startMs: at, endMs: at + 40, lastReply: 'trying', ringMs: null });
      at += 40;
    }
    // The caller's first ring is the last attempt's (the first one of a failover never rings).
    const callRing = ringMs === null ? null : ringMs + at - sent;
    attempts.push({ gateway: rgw, address: '10.0.0.8:5060', code, startMs: at, endMs: answerMs ?? at + 4000, lastReply: rang ? 'ringing' : 'trying', ringMs: callRing });
    const refused = i % 997 === 0;
    yield {
      start,
      startMs,
      callId: `call-${i}`,
      caller: `5550${i % 5000}`,
      callee: `1${(i * 7919) % 20000}`,
      mgw: `in-${i % 50}`,
      rgw: refused ? null : rgw,
      code,
      duration: code === 200 ? (i % 300) + 3 : 0,
      ...(answerMs !== undefined && { answerMs, endMs: answerMs + ((i % 300) * 1000) }),
      ...(callRing !== null && { ringMs: callRing }),
      ...((callRing !== null || answerMs !== undefined) && { pddMs: (callRing ?? answerMs!) - startMs }),
      refused: refused ? 'unknown source' : null,
      ...(!refused && { attempts }),
    };
  }
}

const timeMs = (fn: () => unknown) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

const dir = mkdtempSync(path.join(tmpdir(), 'sd-cdr-stats-bench-'));
try {
  const built = Date.now();
  const db = new Database(path.join(dir, 'cdr.db'));
  db.pragma('journal_mode = WAL');
  runMigrations(db, CDR_MIGRATIONS);
  insertCdrRows(db, rows());
  const tries = (db.prepare('SELECT count(*) FROM cdr_gateway_tries').pluck().get() as number);
  console.log(`${COUNT} records (${tries} gateway tries) over ${DAYS} days built in ${((Date.now() - built) / 1000).toFixed(1)} s`);

  const day = { from: (T0 + 15 * DAY) * 1000, to: (T0 + 16 * DAY) * 1000 };
  const month = { from: T0 * 1000, to: (T0 + DAYS * DAY) * 1000 };
  const plainRows = db.prepare('SELECT * FROM cdrs WHERE start_time >= ? AND start_time < ? ORDER BY start_time DESC, id DESC');
  const plain = (r: { from: number; to: number }) => () => plainRows.all(r.from / 1000, r.to / 1000).length;
  const stats = (r: { from: number; to: number }, p: Record<string, unknown>) => {
    const params = CdrStatsParamsSchema.parse({ ...r, ...p });
    return () => cdrStats(db, params).gateways.length;
  };
  // What cdr.stats read on the routing side before cdr-008: one row per call, final gateway only.
  const finalOnly = (r: { from: number; to: number }) => {
    const s = db.prepare(`SELECT routing_gateway, sip_code, refused_reason IS NOT NULL, count(*), sum(duration), sum(answer_ms - start_ms), count(answer_ms - start_ms)
      FROM cdrs WHERE start_time >= ? AND start_time <= ? AND coalesce(start_ms, start_time * 1000) >= ? AND coalesce(start_ms, start_time * 1000) < ? GROUP BY 1, 2, 3`);
    return () => s.all(r.from / 1000, r.to / 1000 - 1, r.from, r.to).length;
  };
  const exportPages = (r: { from: number; to: number }, csv: boolean) => () => {
    const parts: string[] = csv ? [cdrCsvHeader()] : [];
    let cursor: string | null = null;
    let n = 0;
    do {
      const page = searchCdrs(db, CdrSearchParamsSchema.parse({ ...r, limit: 1000, ...(cursor ? { cursor } : {}) }));
      if (csv) parts.push(cdrCsvRows(page.records));
      n += page.records.length;
      cursor = page.nextCursor;
    } while (cursor);
    return n;
  };
  const cases: { name: string; range: 'day' | 'month'; fn: () => unknown }[] = [
    { name: 'plain indexed SELECT of the day (baseline)', range: 'day', fn: plain(day) },
    { name: 'cdr.stats routing, one day', range: 'day', fn: stats(day, { side: 'routing' }) },
    { name: 'cdr.stats routing, final gateway only (old)', range: 'day', fn: finalOnly(day) },
    { name: 'cdr.stats mapping, one day', range: 'day', fn: stats(day, { side: 'mapping' }) },
    { name: 'cdr.stats routing, one gateway, one day', range: 'day', fn: stats(day, { side: 'routing', gateway: 'out-7' }) },
    { name: 'CSV export of the day: agent pages', range: 'day', fn: exportPages(day, false) },
    { name: 'CSV export of the day: pages + CSV text', range: 'day', fn: exportPages(day, true) },
    { name: 'plain indexed SELECT of 31 days (baseline)', range: 'month', fn: plain(month) },
    { name: 'cdr.stats routing, 31 days', range: 'month', fn: stats(month, { side: 'routing' }) },
    { name: 'cdr.stats routing, final gateway only (old)', range: 'month', fn: finalOnly(month) },
    { name: 'cdr.stats mapping, 31 days', range: 'month', fn: stats(month, { side: 'mapping' }) },
    { name: 'cdr.stats routing, one gateway, 31 days', range: 'month', fn: stats(month, { side: 'routing', gateway: 'out-7' }) },
  ];
  const times = cases.map(() => [] as number[]);
  cases.forEach((c) => c.fn());
  for (let r = 0; r < ROUNDS; r++) cases.forEach((c, i) => times[i]!.push(timeMs(c.fn)));
  console.log(`one day = ${plain(day)()} records; 31 days = ${plain(month)()}; median of ${ROUNDS} rounds`);
  console.log('case'.padEnd(48), 'ms'.padStart(10), 'x plain SELECT'.padStart(15));
  for (const range of ['day', 'month'] as const) {
    const base = median(times[cases.findIndex((c) => c.range === range)]!);
    cases.forEach((c, i) => {
      if (c.range !== range) return;
      const m = median(times[i]!);
      console.log(c.name.padEnd(48), m.toFixed(1).padStart(10), (m / base).toFixed(2).padStart(15));
    });
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
