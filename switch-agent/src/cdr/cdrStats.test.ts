import { describe, expect, it } from 'vitest';
import { CdrStatsParamsSchema } from '@shared/rpc/cdrApi';
import { cdrDb } from '../../../test/doubles/agent/cdrFiles';
import { insertCdrRows } from '../../../test/doubles/agent/cdrRows';
import { cdrStats, cdrStatsSql, foldCdrStats, type CdrStatsGroup } from './cdrStats';

const T0 = 1_800_000_000;
const ms = (s: number) => s * 1000;

function db() {
  const d = cdrDb();
  insertCdrRows(d, [
    // Answered 2 s after the INVITE, 30 s of talk (acc's duration includes the set-up).
    { start: T0, startMs: ms(T0), answerMs: ms(T0) + 2000, endMs: ms(T0) + 32_000, duration: 32, callId: 'a', mgw: 'in-1', rgw: 'out-1', code: 200 },
    // An older record: whole seconds, no answer time; its duration stands for the talk time.
    { start: T0 + 1, duration: 10, callId: 'b', mgw: 'in-1', rgw: 'out-1', code: 200 },
    { start: T0 + 2, callId: 'c', mgw: 'in-1', rgw: 'out-2', code: 503 },
    { start: T0 + 3, callId: 'd', mgw: 'in-1', rgw: 'out-2', code: 503 },
    { start: T0 + 4, callId: 'e', mgw: 'in-2', rgw: 'out-2', code: 486 },
    { start: T0 + 5, callId: 'f', code: 403, refused: 'source not allowed or wrong credentials' },
    { start: T0 + 6, callId: 'g', mgw: 'in-1', code: 404, refused: 'no routing gateway for the number' },
    // Refused without a reply: counted, no code.
    { start: T0 + 7, callId: 'h', mgw: 'in-1', code: null, refused: 'too many calls from the source' },
    // Outside the range.
    { start: T0 + 10, callId: 'i', mgw: 'in-1', rgw: 'out-1', code: 200, duration: 5 },
  ]);
  return d;
}

const stats = (d: ReturnType<typeof db>, p: Record<string, unknown>) => cdrStats(d, CdrStatsParamsSchema.parse({ from: ms(T0), to: ms(T0 + 10), ...p })).gateways;

describe('cdrStats', () => {
  it('counts each routing gateway\'s calls, ASR, ACD, time to answer and failure codes', () => {
    expect(stats(db(), { side: 'routing' })).toEqual([
      { gateway: 'out-2', attempts: 3, answered: 0, failed: 3, refused: 0, asr: 0, acdSec: null, answerDelayMs: null, pddMs: null, failureCodes: [{ code: 503, count: 2 }, { code: 486, count: 1 }] },
      { gateway: null, attempts: 3, answered: 0, failed: 0, refused: 3, asr: 0, acdSec: null, answerDelayMs: null, pddMs: null, failureCodes: [{ code: 403, count: 1 }, { code: 404, count: 1 }] },
      { gateway: 'out-1', attempts: 2, answered: 2, failed: 0, refused: 0, asr: 1, acdSec: 20, answerDelayMs: 2000, pddMs: null, failureCodes: [] },
    ]);
  });

  it('groups by the mapping gateway on that side, and by one gateway when asked', () => {
    const d = db();
    const mapping = stats(d, { side: 'mapping' });
    expect(mapping.map((g) => [g.gateway, g.attempts, g.answered, g.failed, g.refused])).toEqual([['in-1', 6, 2, 2, 2], ['in-2', 1, 0, 1, 0], [null, 1, 0, 0, 1]]);
    expect(mapping[0]!.asr).toBeCloseTo(1 / 3, 10);
    expect(mapping[0]!.failureCodes).toEqual([{ code: 503, count: 2 }, { code: 404, count: 1 }]);
    expect(stats(d, { side: 'routing', gateway: 'out-1' }).map((g) => [g.gateway, g.attempts])).toEqual([['out-1', 2]]);
    expect(stats(d, { side: 'mapping', gateway: 'out-1' })).toEqual([]);
    expect(stats(d, { side: 'routing', to: ms(T0 + 11) }).find((g) => g.gateway === 'out-1')?.attempts).toBe(3);
  });

  it('walks an existing index: the gateway\'s when one is asked for, the start time\'s otherwise', () => {
    const d = db();
    const plan = (p: Record<string, unknown>) => {
      const { sql, args } = cdrStatsSql(CdrStatsParamsSchema.parse({ from: ms(T0), to: ms(T0 + 10), ...p }));
      return (d.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('; ');
    };
    expect(plan({ side: 'routing', gateway: 'out-1' })).toMatch(/USING INDEX cdr_gateway_tries_gateway \(gateway=\? AND start_time>\? AND start_time<\?\)/);
    expect(plan({ side: 'routing' })).toMatch(/SEARCH cdr_gateway_tries USING PRIMARY KEY \(start_time>\? AND start_time<\?\)/);
    expect(plan({ side: 'mapping', gateway: 'in-1' })).toMatch(/USING INDEX cdrs_mapping_gateway/);
    expect(plan({ side: 'mapping' })).toMatch(/USING INDEX cdrs_start/);
  });

  it('counts every routing gateway a call tried, each with its own reply, delay to ring and answer', () => {
    const d = cdrDb();
    const a = (gateway: string, code: number, startMs: number, endMs: number, ringMs?: number | null) => ({ gateway, address: 'h:5060', code, startMs, endMs, lastReply: 'ringing', ...(ringMs !== undefined && { ringMs }) });
    const t = ms(T0);
    insertCdrRows(d, [
      // A refused the call (503, no ring), B rang 300 ms after its INVITE and answered 200 ms later.
      { start: T0, startMs: t, answerMs: t + 600, endMs: t + 10_600, duration: 10.6, callId: 'x', mgw: 'in-1', rgw: 'B', code: 200, ringMs: t + 400, pddMs: 400,
        attempts: [a('A', 503, t + 10, t + 100, null), a('B', 200, t + 100, t + 600, t + 400)] },
      // A rang (150 ms) and then said busy; C answered without any 18x, 250 ms after its INVITE.
      { start: T0 + 1, startMs: t + 1000, answerMs: t + 1500, endMs: t + 3500, duration: 2.5, callId: 'y', mgw: 'in-1', rgw: 'C', code: 200, ringMs: t + 1160, pddMs: 160,
        attempts: [a('A', 486, t + 1010, t + 1200, t + 1160), a('C', 200, t + 1250, t + 1500, null)] },
      // Written before ring times were kept: its attempt's delay is unknown (no ringMs key).
      { start: T0 + 2, startMs: t + 2000, answerMs: t + 2300, endMs: t + 3000, duration: 1, callId: 'z', mgw: 'in-2', rgw: 'B', code: 200, attempts: [a('B', 200, t + 2010, t + 2300)] },
    ]);
    const routing = stats(d, { side: 'routing' });
    expect(routing.map((g) => [g.gateway, g.attempts, g.answered, g.failed, g.failureCodes.map((c) => `${c.code}x${c.count}`).join(' ')])).toEqual([
      ['A', 2, 0, 2, '486x1 503x1'], ['B', 2, 2, 0, ''], ['C', 1, 1, 0, ''],
    ]);
    const by = Object.fromEntries(routing.map((g) => [g.gateway, g]));
    // A's PDD is the busy attempt that rang; B's only the attempt that recorded it; C's runs to its answer.
    expect([by.A!.pddMs, by.B!.pddMs, by.C!.pddMs]).toEqual([150, 300, 250]);
    // Time to answer from the INVITE sent to that gateway; talk time of the call it answered.
    expect([by.B!.answerDelayMs, by.C!.answerDelayMs]).toEqual([(500 + 290) / 2, 250]);
    expect(by.B!.acdSec).toBeCloseTo((10 + 0.7) / 2, 6);
    // Per call on the mapping side: the first 18x the caller got, unknown for the old record.
    const mapping = stats(d, { side: 'mapping' });
    expect(mapping.map((g) => [g.gateway, g.attempts, g.answered, g.pddMs])).toEqual([['in-1', 2, 2, 280], ['in-2', 1, 1, null]]);
    expect(stats(d, { side: 'routing', gateway: 'A' }).map((g) => [g.gateway, g.attempts, g.failed])).toEqual([['A', 2, 2]]);
  });

  it('lists at most five failure codes, most frequent first', () => {
    const groups: CdrStatsGroup[] = [400, 404, 408, 480, 486, 500, 503].map((code, i) => ({ gateway: 'gw', code, refused: 0, calls: i + 1, talkSec: 0, answerDelayMs: null, timedAnswers: 0, pddMs: null, timedPdd: 0 }));
    const [g] = foldCdrStats(groups);
    expect(g!.failureCodes.map((c) => c.code)).toEqual([503, 500, 486, 480, 408]);
    expect(g!.attempts).toBe(28);
  });

  it('refuses a range that is empty or too wide, naming the field in plain words', () => {
    const issues = (p: Record<string, unknown>) => {
      const r = CdrStatsParamsSchema.safeParse({ side: 'routing', ...p });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ from: 10, to: 5 })).toEqual(['to: must be later than from']);
    expect(issues({ from: 0, to: 32 * 86_400_000 })).toEqual(['to: the range may span at most 31 days']);
    expect(issues({ from: 0, to: 31 * 86_400_000 })).toEqual([]);
  });
});
