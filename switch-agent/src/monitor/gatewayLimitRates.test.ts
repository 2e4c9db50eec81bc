import { describe, expect, it } from 'vitest';
import { GatewayLimitRates, htableCounters } from './gatewayLimitRates';

const dump = (items: Array<[string, number]>) => [{ entry: 0, size: items.length, slot: items.map(([name, value]) => ({ name, value, type: 'int' })) }];

describe('gateway limit rates', () => {
  it('reads counters by gateway name and ignores names no series id can hold', () => {
    expect([...htableCounters(dump([['mgw-a', 3], ['bad name!', 1]]))]).toEqual([['mgw-a', 3]]);
    expect(htableCounters('nonsense').size).toBe(0);
  });

  it('gives per-second rates; a gateway first refused after the first reading counts from 0', () => {
    const r = new GatewayLimitRates();
    const at = (t: number, m: Array<[string, number]>, g: Array<[string, number]>) => {
      const out: Record<string, number> = {};
      r.add(out, { mapping: dump(m), routing: dump(g) }, t);
      return out;
    };
    // Counting before the agent's first reading: no rate for what happened before it.
    expect(at(1000, [['m1', 7]], [])).toEqual({});
    expect(at(2000, [['m1', 9], ['m2', 4]], [['r1', 5]])).toEqual({
      'gw.mapping.m1.refused_limit': 2,
      'gw.mapping.m2.refused_limit': 4,
      'gw.routing.r1.skipped_limit': 5,
    });
    expect(at(4000, [['m1', 9], ['m2', 8]], [['r1', 5]])).toEqual({
      'gw.mapping.m1.refused_limit': 0,
      'gw.mapping.m2.refused_limit': 2,
      'gw.routing.r1.skipped_limit': 0,
    });
    // Engine restarted: counters went down, a reset, not a negative rate.
    expect(at(5000, [['m1', 1]], [])['gw.mapping.m1.refused_limit']).toBe(0);
  });
});
