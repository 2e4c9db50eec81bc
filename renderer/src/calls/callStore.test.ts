import { describe, expect, it } from 'vitest';
import { toCallFilter } from './callFilters';
import { CallStore } from './callStore';
import { formatDuration } from './callColumns';

const call = (id: string) => ({ id, callId: `c${id}`, caller: '1', callee: '2', mappingGateway: null, routingGateway: null, routingAddress: null, source: null, state: 'answered', codec: null, startedAt: 0, answeredAt: 0 });

describe('CallStore', () => {
  it('applies calls, gone and synced, keeps the array until a change, and counts foreign items', () => {
    const s = new CallStore();
    expect(s.apply([{ kind: 'call', call: call('1:1') }, { kind: 'call', call: call('1:2') }])).toBe(true);
    expect(s.syncedAt).toBeNull();
    const before = s.calls();
    expect(s.calls()).toBe(before);
    expect(s.apply([{ kind: 'gone', id: '1:1', callId: 'c1:1' }, { kind: 'synced', t: 9, calls: 1 }, { kind: 'teleported' }])).toBe(true);
    expect(s.calls()).not.toBe(before);
    expect(s.calls().map((c) => c.id)).toEqual(['1:2']);
    expect(s.syncedAt).toBe(9);
    expect(s.rejected).toBe(1);
    expect(s.apply([{ nonsense: true }])).toBe(false);
  });
});

describe('call filter form', () => {
  it('turns typed text into a filter and names the wrong field', () => {
    expect(toCallFilter({ gateway: 'gw', number: ' 555 ', minSec: '10', maxSec: '' })).toEqual({ filter: { gateway: 'gw', number: '555', minDurationSec: 10 }, problem: null });
    expect(toCallFilter({ gateway: '', number: '', minSec: '-1', maxSec: '' }).problem).toBe('minSec');
    expect(toCallFilter({ gateway: '', number: '', minSec: '', maxSec: '1.5' }).problem).toBe('maxSec');
    expect(toCallFilter({ gateway: '', number: '', minSec: '20', maxSec: '10' }).problem).toBe('range');
  });

  it('formats talk time', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
