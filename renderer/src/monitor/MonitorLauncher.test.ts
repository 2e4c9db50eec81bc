import { describe, expect, it } from 'vitest';
import { focusSeries } from './MonitorLauncher';

describe('monitor focused on one gateway', () => {
  const series = ['engine.calls.active', 'gw.routing.carrier-a.asr', 'gw.routing.carrier-ab.asr', 'gw.mapping.carrier-a.asr', 'gw.routing.carrier-b.attempts'];
  it('keeps the other series and only that gateway of that kind (not a name it is the prefix of)', () => {
    expect(focusSeries(series, { kind: 'routing', name: 'carrier-a' })).toEqual(['engine.calls.active', 'gw.routing.carrier-a.asr']);
    expect(focusSeries(series, { kind: 'mapping', name: 'carrier-a' })).toEqual(['engine.calls.active', 'gw.mapping.carrier-a.asr']);
    expect(focusSeries(series, null)).toBe(series);
  });
});
