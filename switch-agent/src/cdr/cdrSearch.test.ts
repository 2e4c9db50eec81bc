import { describe, expect, it } from 'vitest';
import { CdrSearchParamsSchema } from '@shared/rpc/cdrApi';
import { cdrDb } from '../../../test/doubles/agent/cdrFiles';
import { insertCdrRows } from '../../../test/doubles/agent/cdrRows';
import { searchCdrs } from './cdrSearch';

const T0 = 1_800_000_000;
const ms = (s: number) => s * 1000;

function db() {
  const d = cdrDb();
  insertCdrRows(d, [
    { start: T0, callId: 'a', caller: '100', callee: '555', mgw: 'in-1', rgw: 'out-1', code: 200, duration: 30 },
    { start: T0 + 1, callId: 'b', caller: '101', callee: '555', mgw: 'in-1', rgw: 'out-2', code: 503 },
    { start: T0 + 2, callId: 'c', caller: '100', callee: '556', mgw: 'in-2', rgw: 'out-1', code: 486 },
    { start: T0 + 2, callId: 'd', caller: '102', callee: '557', mgw: null, rgw: null, code: 403, refused: 'unknown source' },
    { start: T0 + 3, callId: 'e', caller: '100', callee: '555', mgw: 'both', rgw: 'both', code: 200, duration: 5 },
    { start: T0 + 9, callId: 'f', caller: '100', callee: '555', mgw: 'in-1', rgw: 'out-1', code: 200, duration: 60 },
  ]);
  return d;
}

const search = (d: ReturnType<typeof db>, p: Record<string, unknown>) => searchCdrs(d, CdrSearchParamsSchema.parse({ from: ms(T0), to: ms(T0 + 9), ...p }));
const ids = (r: { records: { callId: string }[] }) => r.records.map((x) => x.callId).join('');

describe('searchCdrs', () => {
  it('returns the range newest first with results in words', () => {
    const r = search(db(), {});
    expect(ids(r)).toBe('edcba');
    expect(r.records.map((x) => x.result)).toEqual(['answered', 'refused', 'failed', 'failed', 'answered']);
    expect(r.records[1]).toMatchObject({ reason: 'unknown source', sipCode: 403, source: '10.0.0.1:5060', startedAt: ms(T0 + 2) });
  });

  it('filters by caller, callee, result, SIP code and duration', () => {
    const d = db();
    expect(ids(search(d, { caller: '100' }))).toBe('eca');
    expect(ids(search(d, { callee: '555' }))).toBe('eba');
    expect(ids(search(d, { result: 'answered' }))).toBe('ea');
    expect(ids(search(d, { result: 'failed' }))).toBe('cb');
    expect(ids(search(d, { result: 'refused' }))).toBe('d');
    expect(ids(search(d, { sipCode: 503 }))).toBe('b');
    d.prepare("UPDATE cdrs SET ended_by = 'callee' WHERE call_id = 'e'").run();
    expect(ids(search(d, { endedBy: 'callee' }))).toBe('e');
    expect(ids(search(d, { endedBy: 'caller' }))).toBe('');
    expect(ids(search(d, { minDurationSec: 10 }))).toBe('a');
    expect(ids(search(d, { maxDurationSec: 10 }))).toBe('edcb');
  });

  it('bounds the range to the millisecond, reading rows without milliseconds as their whole second', () => {
    const d = cdrDb();
    insertCdrRows(d, [
      { start: T0, callId: 'old' },
      { start: T0, startMs: ms(T0) + 400, callId: 'x' },
      { start: T0, startMs: ms(T0) + 600, callId: 'y' },
    ]);
    const within = (from: number, to: number) => ids(searchCdrs(d, CdrSearchParamsSchema.parse({ from, to })));
    expect(within(ms(T0), ms(T0) + 1000)).toBe('yxold');
    expect(within(ms(T0) + 1, ms(T0) + 600)).toBe('x');
    expect(within(ms(T0) + 500, ms(T0 + 5))).toBe('y');
    expect(within(ms(T0) - 1000, ms(T0) + 1)).toBe('old');
    expect(searchCdrs(d, CdrSearchParamsSchema.parse({ from: ms(T0), to: ms(T0 + 1) })).records.find((r) => r.callId === 'x')?.startedAt).toBe(ms(T0) + 400);
  });

  it('matches a gateway on either side once, in time order', () => {
    const d = db();
    expect(ids(search(d, { gateway: 'out-1' }))).toBe('ca');
    expect(ids(search(d, { gateway: 'in-1' }))).toBe('ba');
    expect(ids(search(d, { gateway: 'both' }))).toBe('e');
    expect(ids(search(d, { gateway: 'in-1', to: ms(T0 + 10) }))).toBe('fba');
  });

  it('pages with a cursor across equal start times without repeats or gaps', () => {
    const d = db();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const r = search(d, { limit: 2, ...(cursor && { cursor }) });
      seen.push(ids(r));
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(seen).toEqual(['ed', 'cb', 'a']);
    const g1 = search(d, { gateway: 'out-1', to: ms(T0 + 10), limit: 1 });
    expect(ids(g1)).toBe('f');
    expect(ids(search(d, { gateway: 'out-1', to: ms(T0 + 10), limit: 5, cursor: g1.nextCursor! }))).toBe('ca');
  });

  it('refuses a foreign cursor and bad ranges, naming the field', () => {
    expect(() => search(db(), { cursor: 'bm9wZQ' })).toThrow(/^cursor: not a cursor returned by cdr.search/);
    const bad = CdrSearchParamsSchema.safeParse({ from: 10, to: 5 });
    expect(bad.success ? [] : bad.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['to: must be later than from']);
    const wide = CdrSearchParamsSchema.safeParse({ from: 0, to: 94 * 86_400_000 });
    expect(wide.success ? [] : wide.error.issues.map((i) => i.path.join('.'))).toEqual(['to']);
  });
});
