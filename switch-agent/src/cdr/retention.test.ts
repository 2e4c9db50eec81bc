import { describe, expect, it } from 'vitest';
import { cdrDb } from '../../../test/doubles/agent/cdrFiles';
import { insertCdrRows } from '../../../test/doubles/agent/cdrRows';
import { CdrPruner, pruneCdrBatch } from './retention';

const T0 = 1_800_000_000;
const DAY = 86_400;
const now = (T0 + 10 * DAY) * 1000;

function filled(n: number, spreadDays: number) {
  const db = cdrDb();
  insertCdrRows(db, Array.from({ length: n }, (_, i) => ({ start: T0 + Math.floor((i / n) * spreadDays * DAY), callId: `c${i}` })));
  return db;
}
const ids = (db: ReturnType<typeof cdrDb>) => db.prepare('SELECT call_id FROM cdrs ORDER BY id').pluck().all() as string[];

describe('pruneCdrBatch', () => {
  it('deletes records older than the age limit, oldest first, at most a batch at a time', () => {
    const db = filled(10, 10); // c0 at day 0 … c9 at day 9; now = day 10
    const policy = { maxAgeDays: 5, maxRows: 1000, batchRows: 3 };
    expect(pruneCdrBatch(db, policy, now)).toBe(3);
    expect(ids(db)[0]).toBe('c3');
    expect(pruneCdrBatch(db, policy, now)).toBe(2);
    expect(pruneCdrBatch(db, policy, now)).toBe(0);
    expect(ids(db)).toEqual(['c5', 'c6', 'c7', 'c8', 'c9']);
  });

  it('deletes the oldest beyond the row limit', () => {
    const db = filled(10, 1);
    const policy = { maxAgeDays: 365, maxRows: 4, batchRows: 4 };
    expect(pruneCdrBatch(db, policy, now)).toBe(4);
    expect(pruneCdrBatch(db, policy, now)).toBe(2);
    expect(pruneCdrBatch(db, policy, now)).toBe(0);
    expect(ids(db)).toEqual(['c6', 'c7', 'c8', 'c9']);
  });
});

describe('pruneCdrBatch within one second', () => {
  it('goes by the millisecond start, not the order the records were ingested in', () => {
    const db = cdrDb();
    // Ingested 3, 1, 2 (Kamailio's workers write in their own order), all in one second.
    insertCdrRows(db, [3, 1, 2].map((n) => ({ start: T0, startMs: T0 * 1000 + n * 20, callId: `c${n}` })));
    expect(pruneCdrBatch(db, { maxAgeDays: 365, maxRows: 2, batchRows: 10 }, now)).toBe(1);
    expect(ids(db).sort()).toEqual(['c2', 'c3']);
  });
});

describe('CdrPruner', () => {
  it('runs batches until done, yielding between them, and counts what it deleted', async () => {
    const db = filled(25, 1);
    let yields = 0;
    const p = new CdrPruner({ db, policy: { maxAgeDays: 365, maxRows: 5, batchRows: 4 }, intervalMs: 60_000, now: () => now, yieldNow: async () => { yields++; } });
    await p.pruneNow();
    expect(ids(db)).toHaveLength(5);
    expect(p.pruned).toBe(20);
    expect(yields).toBe(5); // 4+4+4+4+4 = 20 full batches, then an empty one ends the pass
    await p.pruneNow();
    expect(p.pruned).toBe(20);
  });

  it('starts a pass on its timer and stops cleanly', async () => {
    const db = filled(6, 1);
    let tick: (() => void) | undefined;
    const timer = { setInterval: (fn: () => void) => ((tick = fn), 1), clearInterval: () => (tick = undefined) };
    const p = new CdrPruner({ db, policy: { maxAgeDays: 365, maxRows: 2, batchRows: 100 }, intervalMs: 1000, timer, now: () => now });
    p.start();
    tick!();
    await p.pruneNow();
    expect(ids(db)).toEqual(['c4', 'c5']);
    await p.stop();
    expect(tick).toBeUndefined();
  });
});
