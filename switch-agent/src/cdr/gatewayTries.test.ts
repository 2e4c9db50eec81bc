// cdr_gateway_tries (migration cdr-008): filled from rows that existed before it, kept in step by
// every insert and delete of cdrs.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { insertCdrRows } from '../../../test/doubles/agent/cdrRows';
import { runMigrations } from '../store/migrate';
import { CDR_MIGRATIONS } from './migrations';
import { pruneCdrBatch } from './retention';

const T0 = 1_800_000_000;
const tries = (db: Database.Database) =>
  db.prepare('SELECT cdr_id, seq, gateway, code, refused, talk_sec, answer_delay_ms, pdd_ms FROM cdr_gateway_tries ORDER BY cdr_id, seq').raw().all();

describe('cdr_gateway_tries', () => {
  it('is filled from the records made before it, each attempt a row, a call without one a row', () => {
    const db = new Database(':memory:');
    runMigrations(db, CDR_MIGRATIONS.slice(0, CDR_MIGRATIONS.findIndex((m) => m.id === 'cdr-007-pdd')));
    const ins = db.prepare(`INSERT INTO cdrs (start_time, end_time, duration, call_id, routing_gateway, sip_code, refused_reason, start_ms, answer_ms, end_ms, attempts)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const t = T0 * 1000;
    const failover = [{ gateway: 'A', address: 'a:1', code: 503, startMs: t + 5, endMs: t + 50 }, { gateway: 'B', address: 'b:1', code: 200, startMs: t + 50, endMs: t + 450, lastReply: 'ringing' }];
    ins.run(T0, T0 + 10, 10, 'c1', 'B', 200, null, t, t + 450, t + 10_450, JSON.stringify(failover));
    // Before attempts were kept: counted under its routing gateway, whole seconds, acc's duration.
    ins.run(T0 + 1, T0 + 8, 7, 'c2', 'C', 200, null, null, null, null, null);
    ins.run(T0 + 2, T0 + 2, 0, 'c3', null, 403, 'source not allowed or wrong credentials', t + 2000, null, t + 2000, null);
    runMigrations(db, CDR_MIGRATIONS);
    expect(tries(db)).toEqual([
      [1, 0, 'A', 503, 0, null, null, null],
      [1, 1, 'B', 200, 0, 10, 400, null],
      [2, 0, 'C', 200, 0, 7, null, null],
      [3, 0, null, 403, 1, null, null, null],
    ]);
  });

  it('follows inserts and deletes of call records (retention included)', () => {
    const db = new Database(':memory:');
    runMigrations(db, CDR_MIGRATIONS);
    const t = T0 * 1000;
    insertCdrRows(db, [
      { start: T0, startMs: t, answerMs: t + 500, endMs: t + 1500, duration: 1.5, callId: 'a', rgw: 'B', code: 200, ringMs: t + 200, pddMs: 200,
        attempts: [{ gateway: 'A', address: 'a:1', code: 486, startMs: t + 5, endMs: t + 100, ringMs: t + 80 }, { gateway: 'B', address: 'b:1', code: 200, startMs: t + 100, endMs: t + 500, ringMs: t + 200 }] },
      { start: T0 + 5, startMs: t + 5000, answerMs: t + 5300, endMs: t + 6300, duration: 1.3, callId: 'b', rgw: 'C', code: 200, pddMs: 300, attempts: [] },
    ]);
    expect(tries(db)).toEqual([
      [1, 0, 'A', 486, 0, null, null, 75],
      [1, 1, 'B', 200, 0, 1, 400, 100],
      [2, 0, 'C', 200, 0, 1, 300, 300],
    ]);
    expect(pruneCdrBatch(db, { maxAgeDays: 1, maxRows: 1, batchRows: 10 }, (T0 + 10) * 1000)).toBe(1);
    expect(tries(db)).toEqual([[2, 0, 'C', 200, 0, 1, 300, 300]]);
  });
});
