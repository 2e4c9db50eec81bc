/**
 * History points of a chart's series for a time range: `monitor.history` in requests of at most
 * 12 series, `maxPoints` about the chart's width in pixels, so the agent does the thinning.
 */
import { useEffect, useState } from 'react';
import { MONITOR_HISTORY_MAX_POINTS, MONITOR_HISTORY_MAX_SERIES, type HistorySeries } from '@shared/rpc/agentApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { errorText } from '../util/errors';
import type { Row } from './downsample';

/** Rows by bucket start with each series' average; a series without a point there is null. */
export function historyRows(series: readonly HistorySeries[], keys: readonly string[]): Row[] {
  const byT = new Map<number, Row>();
  for (const s of series) {
    for (const [t, , avg] of s.points) {
      let row = byT.get(t);
      if (!row) {
        row = { t };
        for (const k of keys) row[k] = null;
        byT.set(t, row);
      }
      row[s.id] = avg;
    }
  }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

export interface HistoryState {
  rows: Row[];
  /** The widest bucket of the answer (0 before one): how coarse these rows are. */
  stepMs: number;
  loading: boolean;
  error: string | null;
}

export function useHistory(serverId: string, ids: readonly string[], range: { from: number; to: number } | null, width: number): HistoryState {
  const host = useHost();
  const [state, setState] = useState<HistoryState>({ rows: [], stepMs: 0, loading: false, error: null });
  const key = ids.join('\n');
  const maxPoints = Math.max(2, Math.min(MONITOR_HISTORY_MAX_POINTS, Math.round(width)));
  const from = range?.from;
  const to = range?.to;

  useEffect(() => {
    if (from === undefined || to === undefined || key === '') {
      setState({ rows: [], stepMs: 0, loading: false, error: null });
      return;
    }
    const keys = key.split('\n');
    let stale = false;
    setState((s) => ({ ...s, loading: true, error: null }));
    void (async () => {
      try {
        const parts: HistorySeries[] = [];
        for (let i = 0; i < keys.length; i += MONITOR_HISTORY_MAX_SERIES) {
          const r = await callAgent(host, serverId, 'monitor.history', { series: keys.slice(i, i + MONITOR_HISTORY_MAX_SERIES), from, to, maxPoints });
          parts.push(...r.series);
        }
        if (!stale) setState({ rows: historyRows(parts, keys), stepMs: Math.max(0, ...parts.map((p) => p.stepMs)), loading: false, error: null });
      } catch (e) {
        if (!stale) setState({ rows: [], stepMs: 0, loading: false, error: errorText(e) });
      }
    })();
    return () => {
      stale = true;
    };
  }, [host, serverId, key, from, to, maxPoints]);

  return state;
}
