/**
 * Feeds one chart: its series from what the agent reports, rows from the live ring (live mode) or
 * from `monitor.history` (any other range), and the width it is drawn at.
 */
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { chartSeries, type ChartSpec } from './charts';
import type { ChartTheme } from './chartTheme';
import { CARD_PAD, MonitorChart } from './MonitorChart';
import type { SampleRing } from './sampleRing';
import { useElementWidth } from './useElementWidth';
import { useHistory } from './useHistory';

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
  const liveRows = useMemo(
    () => (live ? live.ring.rows(ids, live.from, live.to) : []),
    // The ring changes in place: its version says when rows must be read again.
    [live?.ring, live?.version, live?.from, live?.to, ids],
  );
  return (
    <div ref={ref} className="monitor-cell">
      <MonitorChart
        spec={spec}
        title={t(`monitor.chart.${spec.id}`)}
        serverName={serverName}
        ids={ids}
        rows={live ? liveRows : history.rows}
        from={source.from}
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
