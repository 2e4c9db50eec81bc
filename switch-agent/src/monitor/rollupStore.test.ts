import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../store/migrate';
import { MONITOR_MIGRATIONS } from './migrations';
import { RollupStore } from './rollupStore';

function store(maxSeries?: number) {
  const db = new Database(':memory:');
  runMigrations(db, MONITOR_MIGRATIONS);
  return { db, store: new RollupStore(db, maxSeries) };
}

describe('RollupStore', () => {
  it('stores and reads buckets by width and range', () => {
    const { store: s } = store();
    s.write(60_000, new Map([['a', { t: 0, min: 1, max: 3, sum: 120, n: 60 }]]));
    s.write(60_000, new Map([['a', { t: 60_000, min: 0, max: 9, sum: 60, n: 60 }]]));
    s.write(3_600_000, new Map([['a', { t: 0, min: 0, max: 9, sum: 180, n: 120 }]]));
    expect(s.range('a', 60_000, 0, 120_000)).toEqual([{ t: 0, min: 1, max: 3, sum: 120, n: 60 }, { t: 60_000, min: 0, max: 9, sum: 60, n: 60 }]);
    expect(s.range('a', 60_000, 60_000, 120_000)).toHaveLength(1);
    expect(s.range('a', 3_600_000, 0, 3_600_000)).toHaveLength(1);
    expect(s.range('unknown', 60_000, 0, 120_000)).toEqual([]);
  });

  it('merges a bucket written twice (agent restarted inside it)', () => {
    const { db, store: s } = store();
    s.write(60_000, new Map([['a', { t: 0, min: 2, max: 2, sum: 60, n: 30 }]]));
    const again = new RollupStore(db);
    again.write(60_000, new Map([['a', { t: 0, min: 1, max: 5, sum: 120, n: 30 }]]));
    expect(again.range('a', 60_000, 0, 60_000)).toEqual([{ t: 0, min: 1, max: 5, sum: 180, n: 60 }]);
  });

  it('prunes old buckets and series left without any', () => {
    const { db, store: s } = store();
    s.write(60_000, new Map([['old', { t: 0, min: 1, max: 1, sum: 1, n: 1 }], ['new', { t: 600_000, min: 1, max: 1, sum: 1, n: 1 }]]));
    expect(s.prune(60_000, 300_000)).toBe(1);
    expect(s.range('new', 60_000, 0, 1e9)).toHaveLength(1);
    expect(db.prepare('SELECT name FROM monitor_series').pluck().all()).toEqual(['new']);
  });

  it('bounds disk use: series over the cap are not stored', () => {
    const { store: s } = store(100);
    const many = new Map(Array.from({ length: 150 }, (_, i) => [`s${i}`, { t: 0, min: 0, max: 0, sum: 0, n: 1 }] as const));
    expect(s.write(60_000, many)).toBe(50);
    expect(s.write(60_000, new Map([['s1', { t: 60_000, min: 0, max: 0, sum: 0, n: 1 }]]))).toBe(0);
  });
});
