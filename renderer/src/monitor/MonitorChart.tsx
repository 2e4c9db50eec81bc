/**
 * One chart of the monitor: lines (or an area for a level) of series sharing a unit, drawn with
 * recharts without animation from rows already thinned to the chart's width. Drag across it to
 * zoom; the header shows the latest value and exports what is shown as CSV or PNG. A live chart
 * redraws its plot only when its window has slid by a pixel (see pixelHold): the header follows
 * every sample, the recharts plot about once per pixel of time.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Card } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts';
import { downloadBlob, downloadText } from '../gateways/csv/files';
import { failureToast, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { useToast } from '../util/toast';
import type { ChartSpec } from './charts';
import { seriesName } from './charts';
import { ChartLegend } from './ChartLegend';
import { seriesKey } from '../i18n/enSeries';
import type { ChartTheme } from './chartTheme';
import { buildSeriesCsv, exportFileName } from './csv';
import { downsampleRows, type Row } from './downsample';
import { withGaps } from './gaps';
import { bandKeys, WIDTH_KEY } from './rowKeys';
import { chartPhase, heldFrame, type Frame } from './pixelHold';
import { chartPng } from './exportPng';
import { byteTicks, formatDuration, formatTick, niceTicks, formatTimeTick, formatValue, timeTicks, unitLabel } from './format';
import { formatTime } from '../util/time';

export const CHART_HEIGHT = 220;
/** No new sample for this long: a held frame is replaced by the newest rows. Longer than the 1 s sampling. */
const SETTLE_MS = 1500;
/** Charts with more series than this draw no min/max bands (per-core CPU, requests by method). */
const MAX_BANDS = 4;

/** A tooltip heading: the time, and for a point standing for more than a second, how long a stretch. */
function pointLabel(t: number, row: Row | undefined, tr: (k: string, o?: Record<string, unknown>) => string): string {
  const width = row?.[WIDTH_KEY] ?? null;
  const time = formatTime(t);
  return width !== null && width > 1000 ? tr('monitor.pointSpan', { time, span: formatDuration(width) }) : time;
}
/** Space the value axis and margins take from the width: what is left is the plot's pixels. */
const AXIS_W = 64;
/** Right margin: room for the last time label, which sits on the plot's edge. */
const RIGHT_MARGIN = 28;
/** Card padding on both sides: the chart is this much narrower than its cell. */
export const CARD_PAD = 2 * 10;

export interface MonitorChartProps {
  spec: ChartSpec;
  title: string;
  serverName: string;
  ids: readonly string[];
  /** Every row of the range (not yet thinned): what CSV export writes. */
  rows: readonly Row[];
  from: number;
  to: number;
  theme: ChartTheme;
  loading: boolean;
  error: PlainFailure | null;
  onZoom: (from: number, to: number) => void;
  /** The chart's width in CSS pixels (measured by the caller, who also asks history for that many points). */
  width: number;
}

interface PlotProps {
  spec: ChartSpec;
  ids: readonly string[];
  names: readonly string[];
  frame: Frame;
  theme: ChartTheme;
  width: number;
  onZoom: (from: number, to: number) => void;
}

/** The recharts plot of one frame: memoised, so a chart whose frame is held skips it entirely. */
function PlotImpl({ spec, ids, names, frame, theme, width, onZoom }: PlotProps) {
  const { t } = useTranslation();
  const { rows, from, to } = frame;
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const plotWidth = Math.max(50, width - AXIS_W - RIGHT_MARGIN);
  const shown = useMemo(() => downsampleRows(withGaps(rows, ids), ids, plotWidth), [rows, ids, plotWidth]);
  // Min/max bands where the rows have them (history, merged live items), on charts few enough
  // series that the bands stay readable.
  const bands = useMemo(() => (ids.length <= MAX_BANDS ? ids.filter((id) => shown.some((r) => r[bandKeys(id).hi] != null)) : []), [ids, shown]);
  // Round value ticks chosen here: recharts' own pick for a [0, max] domain gives steps like 0.65.
  const yTicks = useMemo(() => {
    let max = 0;
    for (const r of shown) for (const id of ids) max = Math.max(max, r[id] ?? 0, r[bandKeys(id).hi] ?? 0);
    if (spec.unit === 'percent') return max <= 100 ? [0, 25, 50, 75, 100] : niceTicks(max);
    return spec.unit === 'bytes' ? byteTicks(max) : niceTicks(max, 5, spec.unit === 'count');
  }, [shown, ids, spec.unit]);
  // About one label per 110 px: "10:05:30" needs ~50 px, the rest is air.
  const ticks = useMemo(() => timeTicks(from, to, Math.max(2, Math.floor(plotWidth / 110))), [from, to, plotWidth]);
  const color = (i: number) => theme.lines[i % theme.lines.length] ?? theme.text;
  const label = (v: unknown) => (typeof v === 'number' ? v : Number(v));
  return (
    <ComposedChart
      width={width}
      height={CHART_HEIGHT}
      data={shown}
      margin={{ top: 8, right: RIGHT_MARGIN, bottom: 0, left: 0 }}
      onMouseDown={(s) => s.activeLabel !== undefined && setDrag({ a: label(s.activeLabel), b: label(s.activeLabel) })}
      onMouseMove={(s) => drag && s.activeLabel !== undefined && setDrag({ a: drag.a, b: label(s.activeLabel) })}
      onMouseUp={() => {
        if (drag && Math.abs(drag.b - drag.a) >= 2000) onZoom(Math.min(drag.a, drag.b), Math.max(drag.a, drag.b));
        setDrag(null);
      }}
      onMouseLeave={() => setDrag(null)}
    >
      <CartesianGrid stroke={theme.grid} strokeDasharray="3 3" />
      <XAxis dataKey="t" type="number" scale="time" domain={[from, to]} allowDataOverflow ticks={ticks} interval={0} tickFormatter={(v: number) => formatTimeTick(v, to - from)} stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 11 }} />
      <YAxis width={AXIS_W} ticks={yTicks} tickFormatter={(v: number) => formatTick(v, spec.unit)} stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 11 }} domain={[0, yTicks.at(-1) ?? 'auto']} />
      <Tooltip
        isAnimationActive={false}
        labelFormatter={(v, payload) => pointLabel(label(v), payload[0]?.payload as Row | undefined, t)}
        formatter={(v) => formatValue(Number(v), spec.unit)}
        contentStyle={{ background: theme.background, borderColor: theme.grid, color: theme.text, fontSize: 12 }}
        labelStyle={{ color: theme.text }}
      />
      <Legend itemSorter={null} wrapperStyle={{ fontSize: 12, color: theme.text }} content={ChartLegend} />
      {bands.map((id) => {
        const b = bandKeys(id);
        const i = ids.indexOf(id);
        return (
          <Area key={`band:${id}`} className="monitor-band" type="linear" dataKey={(r: Row) => [r[b.lo] ?? null, r[b.hi] ?? null]} name={t('monitor.band', { name: names[i] })} stroke="none" fill={color(i)} fillOpacity={0.14} legendType="none" tooltipType="none" activeDot={false} dot={false} isAnimationActive={false} />
        );
      })}
      {ids.map((id, i) =>
        spec.area && i === 0 ? (
          <Area key={id} type="linear" dataKey={id} name={names[i]} stroke={color(i)} fill={color(i)} fillOpacity={0.18} strokeWidth={1.5} dot={false} isAnimationActive={false} />
        ) : (
          <Line key={id} type="linear" dataKey={id} name={names[i]} stroke={color(i)} strokeWidth={1.5} dot={false} activeDot={{ r: 3 }} isAnimationActive={false} />
        ),
      )}
      {drag && <ReferenceArea x1={Math.min(drag.a, drag.b)} x2={Math.max(drag.a, drag.b)} fill={theme.zoom} strokeOpacity={0} />}
    </ComposedChart>
  );
}

const Plot = memo(PlotImpl);

function MonitorChartImpl({ spec, title, serverName, ids, rows, from, to, theme, loading, error, onZoom, width }: MonitorChartProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const boxRef = useRef<HTMLDivElement>(null);
  const plotWidth = Math.max(50, width - AXIS_W - RIGHT_MARGIN);
  const phase = useMemo(() => chartPhase(`${serverName}\u0000${title}`), [serverName, title]);
  // The last frame drawn (committed): a new sample within the same pixel keeps it.
  const drawnRef = useRef<Frame | null>(null);
  const next = useMemo(() => ({ rows, from, to }), [rows, from, to]);
  const frame = heldFrame(drawnRef.current, next, plotWidth, phase);
  useEffect(() => {
    drawnRef.current = frame;
  }, [frame]);
  // Samples stopped (paused, or the feed stalled) with the newest ones held back: draw them, so a
  // still chart shows everything its header does.
  const [, redraw] = useState(0);
  useEffect(() => {
    if (frame === next) return;
    const timer = setTimeout(() => {
      drawnRef.current = next;
      redraw((n) => n + 1);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [frame, next]);
  // The caller's onZoom may change identity each render; the memoised plot keeps one.
  const zoomRef = useRef(onZoom);
  zoomRef.current = onZoom;
  const zoom = useCallback((a: number, b: number) => zoomRef.current(a, b), []);
  const names = useMemo(() => ids.map((id) => seriesName(id, spec, (pattern, label) => t(`monitorSeries.${seriesKey(pattern)}`, { defaultValue: label }))), [ids, spec, t]);
  // The headline number: the chart's main level (its area) or its only series; several lines have no single "latest".
  const latest = useMemo(() => {
    const first = ids[0];
    if (!first || (!spec.area && ids.length > 1)) return null;
    for (let i = rows.length - 1; i >= 0; i -= 1) {
      const v = rows[i]?.[first];
      if (v !== null && v !== undefined) return v;
    }
    return null;
  }, [rows, ids, spec.area]);
  const color = (i: number) => theme.lines[i % theme.lines.length] ?? theme.text;

  const exportCsv = () => {
    const columns = ids.map((id) => ({ key: id, header: `${id} (${unitLabel(spec.unit)})` }));
    downloadText(exportFileName(serverName, title, new Date(), 'csv'), buildSeriesCsv(rows, columns));
  };
  const exportPng = async () => {
    const svg = boxRef.current?.querySelector<SVGSVGElement>('.recharts-wrapper > svg.recharts-surface');
    if (!svg) return;
    try {
      const blob = await chartPng(svg, `${serverName} · ${title} (${unitLabel(spec.unit)})`, names.map((name, i) => ({ name, color: color(i) })), theme);
      downloadBlob(exportFileName(serverName, title, new Date(), 'png'), blob);
    } catch (e) {
      toast(...failureToast(t, e, 'read', (error) => t('monitor.pngFailed', { error })));
    }
  };

  const empty = ids.length === 0 || (!loading && rows.length === 0);

  return (
    <Card className="monitor-chart" compact role="figure" aria-label={title}>
      <div className="monitor-chart-head">
        <h3 className="monitor-chart-title" title={title}>{title}</h3>
        <span className="monitor-chart-unit">{t(`monitorUnits.${spec.unit}`)}</span>
        <span className="monitor-chart-latest" aria-label={t('monitor.latest')}>{latest === null ? '' : formatValue(latest, spec.unit)}</span>
        <span className="monitor-chart-actions">
          <Button size="small" variant="minimal" icon="th-derived" disabled={rows.length === 0} onClick={exportCsv} aria-label={t('monitor.exportCsv', { title })} title={t('monitor.exportCsv', { title })} />
          <Button size="small" variant="minimal" icon="media" disabled={rows.length === 0} onClick={() => void exportPng()} aria-label={t('monitor.exportPng', { title })} title={t('monitor.exportPng', { title })} />
        </span>
      </div>
      <div ref={boxRef} className="monitor-chart-body" style={{ height: CHART_HEIGHT }}>
        {error && <FailureNote className="monitor-chart-empty" failure={error} lead={(text) => t('monitor.loadFailed', { error: text })} />}
        {!error && empty && <div className="monitor-chart-empty">{loading ? t('monitor.loading') : ids.length === 0 ? t('monitor.noSeries') : t('monitor.noData')}</div>}
        {!error && !empty && width > 0 && <Plot spec={spec} ids={ids} names={names} frame={frame} theme={theme} width={width} onZoom={zoom} />}
      </div>
    </Card>
  );
}

export const MonitorChart = memo(MonitorChartImpl);
