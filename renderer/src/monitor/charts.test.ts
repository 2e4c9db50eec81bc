import { describe, expect, it } from 'vitest';
import { SERIES_CATALOG } from '@shared/monitor/series';
import { chartSeries, MONITOR_PAGES, PAGE_CHARTS, seriesName } from './charts';

const find = (id: string) => Object.values(PAGE_CHARTS).flat().find((c) => c.id === id)!;

describe('chart series', () => {
  it('names only series of the catalog, each chart with the unit of its series', () => {
    const catalog = new Map(SERIES_CATALOG.map((s) => [s.id, s.unit]));
    for (const page of MONITOR_PAGES) {
      for (const chart of PAGE_CHARTS[page]) {
        for (const p of chart.series) expect(catalog.get(p), `${chart.id}: ${p}`).toBe(chart.unit);
      }
    }
  });

  it('expands families from what the agent reports, in the chart order, numbers sorted as numbers', () => {
    const available = ['sys.cpu.core.10', 'sys.cpu.core.2', 'sys.cpu.total', 'engine.sip.requests.total', 'engine.sip.requests.invite', 'sys.net.lo.rx_bytes', 'sys.net.lo.tx_bytes'];
    expect(chartSeries(find('cpuCores'), available)).toEqual(['sys.cpu.core.2', 'sys.cpu.core.10']);
    expect(chartSeries(find('sipRequests'), available)).toEqual(['engine.sip.requests.total', 'engine.sip.requests.invite']);
    expect(chartSeries(find('netBytes'), available)).toEqual(['sys.net.lo.rx_bytes', 'sys.net.lo.tx_bytes']);
    expect(chartSeries(find('cpu'), available)).toEqual(['sys.cpu.total']);
  });

  it('gives legend names a person reads', () => {
    expect(seriesName('gw.routing.gw.a.asr', find('gwRoutingAsr'))).toBe('gw.a');
    expect(seriesName('sys.net.eth0.rx_bytes', find('netBytes'))).toBe('eth0 rx');
    expect(seriesName('sys.cpu.core.3', find('cpuCores'))).toBe('core 3');
    expect(seriesName('engine.calls.active', find('calls'))).toBe('Calls up (confirmed dialogs)');
  });
});
