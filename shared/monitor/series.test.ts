import { describe, expect, it } from 'vitest';
import { SERIES_CATALOG, SERIES_ID_PATTERN, describeSeries, selectsSeries, seriesId, seriesSlot } from './series';

describe('series catalog', () => {
  it('ids are unique and every concrete id finds its entry', () => {
    expect(new Set(SERIES_CATALOG.map((s) => s.id)).size).toBe(SERIES_CATALOG.length);
    expect(describeSeries('sys.cpu.total')?.unit).toBe('percent');
    expect(describeSeries('sys.cpu.core.1')?.label).toBe('CPU busy, one core');
    expect(describeSeries('engine.sip.requests.total')?.id).toBe('engine.sip.requests.total');
    expect(describeSeries('engine.sip.requests.invite')?.id).toBe('engine.sip.requests.{name}');
    // Gateway names may contain dots: matched by prefix and suffix.
    expect(describeSeries('gw.routing.carrier.eu.asr')).toMatchObject({ unit: 'percent', history: 'rollup' });
    expect(describeSeries('gw.routing.x.acd')?.unit).toBe('seconds');
    expect(describeSeries('sys.fs.var_log.used_pct')?.unit).toBe('percent');
    expect(describeSeries('sys.net.eth0.rx_bytes')?.unit).toBe('bytes/s');
    expect(describeSeries('nope')).toBeUndefined();
  });

  it('slots turn names into id-safe parts', () => {
    expect(seriesSlot('/')).toBe('root');
    expect(seriesSlot('/var/log')).toBe('var_log');
    expect(seriesSlot('my disk')).toBe('my_disk');
    expect(SERIES_ID_PATTERN.test(seriesId('sys.fs.{name}.free', seriesSlot('/mnt/with space')))).toBe(true);
  });

  it('selectors are exact ids or prefixes ending in *', () => {
    expect(selectsSeries(undefined, 'a.b')).toBe(true);
    expect(selectsSeries(['gw.routing.*'], 'gw.routing.a.asr')).toBe(true);
    expect(selectsSeries(['gw.routing.*'], 'gw.mapping.a.asr')).toBe(false);
    expect(selectsSeries(['sys.cpu.total'], 'sys.cpu.total.x')).toBe(false);
  });
});
