/**
 * History points of a chart's series for a time range: `monitor.history` in requests of at most
 * 12 series, `maxPoints` about the chart's width in pixels, so the agent does the thinning.
 */
import { useEffect, useState } from 'react';
import { MONITOR_HISTORY_MAX_POINTS, MONITOR_HISTORY_MAX_SERIES, type HistorySeries } from '@shared/rpc/agentApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import i18next from '../i18n';
import { plainFailure, type PlainFailure } from '../util/failure';
import type { Row } from './downsample';
import { bandKeys, WIDTH_KEY } from './rowKeys';

/**
 * Rows with each series' average, placed in the middle of the stretch each point covers (points
 * carry their width: one answer may join 1-h, 1-min and 1-s sources, and a bucket cut at such a
 * seam is narrower), with min and max for the band. A series without a point there is null.
 */
export function historyRows(series: readonly HistorySeries[], keys: readonly string[]): Row[] {
  const byT = new Map<number, Row>();
  for (const s of series) {
    const band = bandKeys(s.id);
    for (const [start, min, avg, max, width] of s.points) {
      const t = start + width / 2;
      let row = byT.get(t);
      if (!row) {
        row = { t, [WIDTH_KEY]: width };
        for (const k of keys) {
          row[k] = null;
          const b = bandKeys(k);
          row[b.lo] = null;
          row[b.hi] = null;
        }
        byT.set(t, row);
      }
      row[s.id] = avg;
      row[band.lo] = min;
      row[band.hi] = max;
    }
  }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

/** Points asked of the agent per series: one per pixel of the chart's width, within the protocol's cap. */
export function historyPointsFor(width: number): number {
  return Math.max(2, Math.min(MONITOR_HISTORY_MAX_POINTS, Math.round(width)));
}

export interface HistoryState {
  rows: Row[];
  loading: boolean;
  error: PlainFailure | null;
}

export function useHistory(serverId: string, ids: readonly string[], range: { from: number; to: number } | null, width: number): HistoryState {
  const host = useHost();
  const [state, setState] = useState<HistoryState>({ rows: [], loading: false, error: null });
  const key = ids.join('\n');
  const maxPoints = historyPointsFor(width);
  const from = range?.from;
  const to = range?.to;

  useEffect(() => {
    if (from === undefined || to === undefined || key === '') {
      setState({ rows: [], loading: false, error: null });
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
        if (!stale) setState({ rows: historyRows(parts, keys), loading: false, error: null });
      } catch (e) {
        if (!stale) setState({ rows: [], loading: false, error: plainFailure(i18next.t.bind(i18next), e, 'read') });
      }
    })();
    return () => {
      stale = true;
    };
  }, [host, serverId, key, from, to, maxPoints]);

  return state;
}
