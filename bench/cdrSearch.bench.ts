/**
 * cdr.search at scale: the first page (200 rows) of searches over one day inside a table of
 * 1,000,000 call records spread over 10 days (100,000 a day), against the same searches on a
 * table of 10,000 records (one day). Each figure is the median of interleaved rounds; the ratio
 * large/small says whether the cost follows the page or the table. The baseline row is a plain
 * indexed SELECT of the same first page (start_time range, ORDER BY start_time DESC LIMIT 200).
 * The absolute ms are printed for reference only (this machine is shared).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CdrSearchParamsSchema } from '@shared/rpc/cdrApi';
import { CDR_MIGRATIONS } from '../switch-agent/src/cdr/migrations';
import { searchCdrs } from '../switch-agent/src/cdr/cdrSearch';
import { runMigrations } from '../switch-agent/src/store/migrate';
import { insertCdrRows, type CdrRowInput } from '../test/doubles/agent/cdrRows';
import { median } from './support/median';

const DAY = 86_400;
const T0 = 1_800_000_000;
const ROUNDS = 15;

function* rows(count: number, days: number): Generator<CdrRowInput> {
  const codes = [200, 200, 200, 200, 486, 503, 404, 480];
  for (let i = 0; i < count; i++) {
    const code = codes[i % codes.length]!;
    yield {
      start: T0 + Math.floor((i / count) * days * DAY),
      startMs: (T0 + Math.floor((i / count) * days * DAY)) * 1000 + ((i * 37) % 1000),
      callId: `call-${i}`,
      caller: `5550${i % 5000}`,
      callee: `1${(i * 7919) % 20000}`,
      mgw: `in-${i % 50}`,
      rgw: `out-${i % 200}`,
      code,
      duration: code === 200 ? (i % 300) + 1 : 0,
      refused: i % 997 === 0 ? 'unknown source' : null,
    };
  }
}

function open(dir: string, count: number, days: number): Database.Database {
  const db = new Database(path.join(dir, `cdr-${count}.db`));
  db.pragma('journal_mode = WAL');
  runMigrations(db, CDR_MIGRATIONS);
  insertCdrRows(db, rows(count, days));
  return db;
}

const timeMs = (fn: () => unknown) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

const dir = mkdtempSync(path.join(tmpdir(), 'sd-cdr-bench-'));
try {
  const built = Date.now();
  const large = open(dir, 1_000_000, 10);
  const small = open(dir, 10_000, 1);
  console.log(`tables built in ${((Date.now() - built) / 1000).toFixed(1)} s`);
  // The busiest day of the large table (its 5th) and the only day of the small one.
  const dayOf = (db: Database.Database) => (db === large ? T0 + 4 * DAY : T0);
  const cases: Record<string, (db: Database.Database) => Record<string, unknown>> = {
    'plain indexed SELECT (baseline)': () => ({}),
    'one day': () => ({}),
    'one day, callee': () => ({ callee: '17919' }),
    'one day, caller': () => ({ caller: '55501234' }),
    'one day, gateway (either side)': () => ({ gateway: 'out-7' }),
    'one day, answered': () => ({ result: 'answered' }),
    'one day, refused (rare)': () => ({ result: 'refused' }),
    'one day, SIP code 503': () => ({ sipCode: 503 }),
    'one day, talk time ≥ 290 s (rare)': () => ({ minDurationSec: 290 }),
    'one day, 50th page via cursor': () => ({}),
  };
  const plain = (db: Database.Database) => {
    const s = db.prepare('SELECT * FROM cdrs WHERE start_time >= ? AND start_time < ? ORDER BY start_time DESC, id DESC LIMIT 200');
    return () => s.all(dayOf(db), dayOf(db) + DAY);
  };
  const runner = (name: string, db: Database.Database): (() => unknown) => {
    if (name.startsWith('plain')) return plain(db);
    const from = dayOf(db) * 1000;
    const p = CdrSearchParamsSchema.parse({ from, to: from + DAY * 1000, limit: 200, ...cases[name]!(db) });
    if (name.includes('50th page')) {
      let cursor: string | null = null;
      for (let i = 0; i < 49; i++) cursor = searchCdrs(db, { ...p, ...(cursor ? { cursor } : {}) }).nextCursor;
      return () => searchCdrs(db, { ...p, ...(cursor ? { cursor } : {}) });
    }
    return () => searchCdrs(db, p);
  };
  const results: Record<string, { large: number[]; small: number[]; rows: number }> = {};
  for (const name of Object.keys(cases)) {
    const L = runner(name, large);
    const S = runner(name, small);
    results[name] = { large: [], small: [], rows: (searchCdrs(large, CdrSearchParamsSchema.parse({ from: dayOf(large) * 1000, to: (dayOf(large) + DAY) * 1000, limit: 200, ...cases[name]!(large) })).records.length) };
    L(); S();
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of Object.keys(cases)) {
      const L = runner(name, large);
      const S = runner(name, small);
      results[name]!.large.push(timeMs(L));
      results[name]!.small.push(timeMs(S));
    }
  }
  const base = median(results['plain indexed SELECT (baseline)']!.large);
  console.log('first page of 200 rows over one day; median of %d rounds', ROUNDS);
  console.log('case'.padEnd(40), '1M rows ms'.padStart(11), '10k rows ms'.padStart(12), '1M / 10k'.padStart(9), '1M / plain'.padStart(11));
  for (const [name, r] of Object.entries(results)) {
    const l = median(r.large);
    const s = median(r.small);
    console.log(name.padEnd(40), l.toFixed(2).padStart(11), s.toFixed(2).padStart(12), (l / s).toFixed(2).padStart(9), (l / base).toFixed(2).padStart(11));
  }
  large.close();
  small.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
