import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCdrCursor, encodeCdrCursor, listCdrs } from './cdrQuery';
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
    cdrLine('c3', { start: T0 + 20, callee: '111', rgw: 'gw-a', mgw: 'in-y' }),
    cdrLine('c4', { start: T0 + 30, callee: '333', rgw: 'in-x', mgw: 'in-z' }),
  ];
  append(join(dir, 'acc_cdrs_1.log'), lines.join(''));
  new CdrIngester({ dir, db, rotate: async () => {} }).ingestNow();
  return db;
}

const ids = (page: { items: { callId: string }[] }) => page.items.map((r) => r.callId);
const iso = (t: number) => new Date(t * 1000).toISOString();

describe('listCdrs', () => {
  it('returns the newest first with typed fields', () => {
    const db = filled();
    const page = listCdrs(db, { limit: 10 });
    expect(ids(page)).toEqual(['c4', 'c3', 'c2', 'c1', 'c0']);
    expect(page.nextCursor).toBeNull();
    expect(page.items[4]).toEqual({
      id: 1, startTime: iso(T0), endTime: iso(T0 + 5), durationSec: 5.25, callId: 'c0', srcIp: '10.0.0.1', srcPort: 5060,
      mappingGroup: 1, mappingGateway: 'in-x', routingGateway: 'gw-a', routingAddress: '10.0.0.2:5060', caller: '100', callee: '111', sipCode: 200, attempts: [], endedBy: null,
    });
  });

  it('filters by start time (since inclusive, until exclusive), callee and gateway on either side', () => {
    const db = filled();
    expect(ids(listCdrs(db, { limit: 10, since: iso(T0 + 10), until: iso(T0 + 30) }))).toEqual(['c3', 'c2', 'c1']);
    expect(ids(listCdrs(db, { limit: 10, since: new Date((T0 + 10) * 1000 + 500).toISOString() }))).toEqual(['c4', 'c3']);
    expect(ids(listCdrs(db, { limit: 10, until: new Date(T0 * 1000 + 500).toISOString() }))).toEqual(['c0']);
    expect(ids(listCdrs(db, { limit: 10, callee: '111' }))).toEqual(['c3', 'c2', 'c0']);
    expect(ids(listCdrs(db, { limit: 10, gateway: 'in-x' }))).toEqual(['c4', 'c1', 'c0']);
    expect(ids(listCdrs(db, { limit: 10, gateway: 'gw-b', callee: '111' }))).toEqual(['c2']);
  });

  it('pages with a cursor across rows that share a start time, without gaps or repeats', () => {
    const db = filled();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = listCdrs(db, { limit: 2, cursor });
      seen.push(...ids(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(['c4', 'c3', 'c2', 'c1', 'c0']);
    expect(pages).toBe(3);
  });

  it('rejects bad arguments naming the field', () => {
    const db = filled();
    expect(() => listCdrs(db, { limit: 0 })).toThrow(/^limit:/);
    expect(() => listCdrs(db, { limit: 1001 })).toThrow(/^limit:/);
    expect(() => listCdrs(db, { limit: 5, since: 'yesterday' })).toThrow(/^since:/);
    expect(() => listCdrs(db, { limit: 5, until: '2027-13-45T00:00:00Z' })).toThrow(/^until:/);
    expect(() => listCdrs(db, { limit: 5, cursor: 'bm9wZQ' })).toThrow(/^cursor:/);
    expect(decodeCdrCursor(encodeCdrCursor(T0, 42))).toEqual({ startTime: T0, id: 42 });
  });

  it('uses the indexes for the filtered queries', () => {
    const db = filled();
    const plan = (where: string) => (db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM cdrs WHERE ${where} ORDER BY start_time DESC, id DESC`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan('start_time >= 1')).toMatch(/cdrs_start/);
    expect(plan("callee = '1'")).toMatch(/cdrs_callee/);
    expect(plan("(mapping_gateway = 'a' OR routing_gateway = 'a')")).toMatch(/cdrs_mapping_gateway.*cdrs_routing_gateway|cdrs_routing_gateway.*cdrs_mapping_gateway/);
  });
});
