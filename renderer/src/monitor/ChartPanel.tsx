/**
 * Feeds one chart: its series from what the agent reports, rows from the live ring (live mode) or
 * from `monitor.history` (any other range), and the width it is drawn at.
 */
import { memo, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chartSeries, type ChartSpec } from './charts';
import type { ChartTheme } from './chartTheme';
import { CARD_PAD, MonitorChart } from './MonitorChart';
import { LIVE_WINDOW_MS, MIN_LIVE_SPAN_MS } from './ranges';
import type { SampleRing } from './sampleRing';
import { useElementWidth } from './useElementWidth';
import { WIDTH_KEY } from './rowKeys';
import { useHistory } from './useHistory';

/** The coarsest history that may lead into the live line (10 min at chart width is ~1–2 s buckets). */
const MAX_SEED_STEP_MS = 5000;

export type ChartSource =
  | { kind: 'live'; ring: SampleRing; version: number; from: number; to: number }
  | { kind: 'history'; from: number; to: number };

interface Props {
  serverId: string;
  serverName: string;
  spec: ChartSpec;
  available: readonly string[];
  source: ChartSource;
  theme: ChartTheme;
  onZoom: (from: number, to: number) => void;
}

function ChartPanelImpl({ serverId, serverName, spec, available, source, theme, onZoom }: Props) {
  const { t } = useTranslation();
  const [ref, cellWidth] = useElementWidth<HTMLDivElement>();
  const width = Math.max(0, cellWidth - CARD_PAD);
  const ids = useMemo(() => chartSeries(spec, available), [spec, available]);
  const live = source.kind === 'live' ? source : null;
  const history = useHistory(serverId, ids, source.kind === 'history' ? source : null, width);
  // Live starts with what the agent already holds: the minutes before this tab's first item, once.
  const oldest = live?.ring.oldest()?.t ?? null;
  const [seedTo, setSeedTo] = useState<number | null>(null);
  useEffect(() => {
    if (seedTo === null && oldest !== null) setSeedTo(oldest);
  }, [seedTo, oldest]);
  const seedRange = live && seedTo !== null && seedTo > live.from ? { from: seedTo - LIVE_WINDOW_MS, to: seedTo - 1 } : null;
  const seed = useHistory(serverId, ids, seedRange, width);
  const liveRows = useMemo(() => {
    if (!live) return [];
    const ring = live.ring.rows(ids, live.from, live.to);
    const first = ring[0]?.t ?? live.to;
    // Minute buckets (an agent younger than its minute) would draw as a long straight ramp into the
    // second-by-second line: only seed points about as fine as the live items join it.
    const seeded = seed.rows.filter((r) => r.t >= live.from && r.t < first && (r[WIDTH_KEY] ?? Infinity) <= MAX_SEED_STEP_MS);
    return [...seeded, ...ring];
    // The ring changes in place: its version says when rows must be read again.
  }, [live?.ring, live?.version, live?.from, live?.to, ids, seed.rows]);
  // A young agent has less than the live window: the axis starts at its first value (but spans at least MIN_LIVE_SPAN_MS).
  const from = live ? Math.max(live.from, Math.min(liveRows[0]?.t ?? live.from, live.to - MIN_LIVE_SPAN_MS)) : source.from;
  return (
    <div ref={ref} className="monitor-cell">
      <MonitorChart
        spec={spec}
        title={t(`monitor.chart.${spec.id}`)}
        serverName={serverName}
        ids={ids}
        rows={live ? liveRows : history.rows}
        from={from}
        to={source.to}
        theme={theme}
        loading={!live && history.loading}
        error={live ? null : history.error}
        onZoom={onZoom}
        width={width}
      />
    </div>
  );
}

export const ChartPanel = memo(ChartPanelImpl);
