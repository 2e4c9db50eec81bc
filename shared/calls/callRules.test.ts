import { describe, expect, it } from 'vitest';
import type { Call } from '../rpc/callsApi';
import { callDurationSec, gatewayTotals, matchesCallFilter, sortCalls } from './callRules';

const NOW = 1_000_000;
const call = (id: string, o: Partial<Call> = {}): Call => ({
  id, callId: `c${id}`, caller: '100', callee: '200', mappingGateway: 'm1', routingGateway: 'r1', routingAddress: null,
  source: null, state: 'answered', codec: null, startedAt: NOW - 60_000, answeredAt: NOW - 30_000, ...o,
});

describe('call rules', () => {
  it('measures duration from the answer, 0 before it', () => {
    expect(callDurationSec(call('1:1'), NOW)).toBe(30);
    expect(callDurationSec(call('1:1', { answeredAt: null }), NOW)).toBe(0);
  });

  it('filters by gateway on either side, number in caller or callee, duration and state', () => {
    const c = call('1:1', { caller: '4930123', callee: '1555' });
    expect(matchesCallFilter(c, { gateway: 'm1' }, NOW)).toBe(true);
    expect(matchesCallFilter(c, { gateway: 'r1' }, NOW)).toBe(true);
    expect(matchesCallFilter(c, { gateway: 'x' }, NOW)).toBe(false);
    expect(matchesCallFilter(c, { number: '301' }, NOW)).toBe(true);
    expect(matchesCallFilter(c, { number: '155' }, NOW)).toBe(true);
    expect(matchesCallFilter(c, { number: '999' }, NOW)).toBe(false);
    expect(matchesCallFilter(c, { minDurationSec: 30 }, NOW)).toBe(true);
    expect(matchesCallFilter(c, { minDurationSec: 31 }, NOW)).toBe(false);
    expect(matchesCallFilter(c, { maxDurationSec: 29 }, NOW)).toBe(false);
    expect(matchesCallFilter(c, { states: ['ringing'] }, NOW)).toBe(false);
  });

  it('sorts both ways with missing values smallest and ties by start then id', () => {
    const a = call('1:1', { routingGateway: 'b', startedAt: 1 });
    const b = call('1:2', { routingGateway: null, startedAt: 2 });
    const c = call('1:3', { routingGateway: 'a', startedAt: 3 });
    const d = call('1:4', { routingGateway: 'a', startedAt: 3 });
    expect(sortCalls([a, b, c, d], { by: 'routingGateway', dir: 'asc' }, NOW).map((x) => x.id)).toEqual(['1:2', '1:3', '1:4', '1:1']);
    expect(sortCalls([a, b, c, d], { by: 'routingGateway', dir: 'desc' }, NOW).map((x) => x.id)).toEqual(['1:1', '1:3', '1:4', '1:2']);
    expect(sortCalls([a, b], { by: 'duration', dir: 'asc' }, NOW).map((x) => x.id)).toEqual(['1:1', '1:2']);
  });

  it('totals calls and answered calls per gateway and side', () => {
    expect(gatewayTotals([call('1:1'), call('1:2', { state: 'ringing', routingGateway: 'r2' }), call('1:3', { mappingGateway: null })])).toEqual([
      { gateway: 'm1', side: 'mapping', calls: 2, answered: 1 },
      { gateway: 'r1', side: 'routing', calls: 2, answered: 2 },
      { gateway: 'r2', side: 'routing', calls: 1, answered: 0 },
    ]);
  });
});
