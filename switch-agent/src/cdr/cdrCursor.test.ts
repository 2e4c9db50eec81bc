import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CdrSearchParamsSchema } from '@shared/rpc/cdrApi';
import { decodeCdrCursor, encodeCdrCursor } from './cdrCursor';
import { searchCdrs } from './cdrSearch';
import { CdrIngester } from './ingester';
import { append, cdrDb, cdrLine, tempDir } from '../../../test/doubles/agent/cdrFiles';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const T0 = 1_800_000_000; // 2027-01-15T08:00:00Z

function filled() {
  const dir = tempDir();
  dirs.push(dir);
  const db = cdrDb();
  const lines = [
    cdrLine('c0', { start: T0, callee: '111', rgw: 'gw-a', mgw: 'in-x' }),
    cdrLine('c1', { start: T0 + 10, callee: '222', rgw: 'gw-b', mgw: 'in-x' }),
    cdrLine('c2', { start: T0 + 10, callee: '111', rgw: 'gw-b', mgw: 'in-y' }),
  ];
  append(join(dir, 'acc_cdrs_1.log'), lines.join(''));
  new CdrIngester({ dir, db, rotate: async () => {} }).ingestNow();
  return db;
}

describe('cdr cursor and row mapping', () => {
  it('round-trips a cursor and rejects one it did not make', () => {
    expect(decodeCdrCursor(encodeCdrCursor(T0, 42))).toEqual({ startTime: T0, id: 42 });
    expect(() => decodeCdrCursor('bm9wZQ')).toThrow(/^cursor:/);
  });

  it('reads an ingested flatstore line back as the wire record with every field typed', () => {
    const { records } = searchCdrs(filled(), CdrSearchParamsSchema.parse({ from: T0 * 1000, to: (T0 + 60) * 1000 }));
    expect(records.map((r) => r.callId)).toEqual(['c2', 'c1', 'c0']);
    expect(records[2]).toEqual({
      id: 1, startedAt: T0 * 1000, endedAt: (T0 + 5) * 1000, durationSec: 5.25, callId: 'c0', caller: '100', callee: '111',
      mappingGateway: 'in-x', routingGateway: 'gw-a', routingAddress: '10.0.0.2:5060', source: '10.0.0.1:5060', sipCode: 200,
      result: 'answered', reason: null, endedBy: null, answeredAt: null, ringingAt: null, pddMs: null, attempts: [],
    });
  });

  it('uses the indexes for the filtered queries', () => {
    const db = filled();
    const plan = (where: string) => (db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM cdrs WHERE ${where} ORDER BY start_time DESC, id DESC`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan('start_time >= 1')).toMatch(/cdrs_start/);
    expect(plan("callee = '1'")).toMatch(/cdrs_callee/);
    expect(plan("mapping_gateway = 'a'")).toMatch(/cdrs_mapping_gateway/);
  });
});
