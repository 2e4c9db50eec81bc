// monitor.snapshot and monitor.history (shared/rpc/agentApi.ts): thin over the Monitor.
import { selectsSeries } from '@shared/monitor/series';
import type { AGENT_METHODS } from '@shared/rpc/agentApi';
import type { HandlerMap } from '../rpc/dispatcher';
import type { Monitor } from './monitor';

type MonitorMethods = Pick<typeof AGENT_METHODS, 'monitor.snapshot' | 'monitor.history'>;

export function monitorHandlers(monitor: Pick<Monitor, 'latest' | 'seriesIds' | 'history'>): HandlerMap<MonitorMethods> {
  return {
    'monitor.snapshot': ({ series }) => {
      const s = monitor.latest();
      const sample = s && series
        ? { ...s, values: Object.fromEntries(Object.entries(s.values).filter(([id]) => selectsSeries(series, id))) }
        : s;
      return { sample, series: monitor.seriesIds(series) };
    },
    'monitor.history': ({ series, from, to, maxPoints }) => ({ series: monitor.history(series, from, to, maxPoints) }),
  };
}
