/**
 * The Server monitor tab: System, Engine, Media and Gateways pages of charts over one time range.
 * Live draws the last minutes from the topic and scrolls each second; the other ranges (and a
 * zoom, made by dragging across any chart) ask the agent's history, thinned to each chart's width.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Callout, Intent, Tab, Tabs, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { ChartPanel, type ChartSource } from './ChartPanel';
import { MONITOR_PAGES, PAGE_CHARTS, type MonitorPage as PageName } from './charts';
import { useChartTheme } from './chartTheme';
import { focusSeries, useMonitorRequest, type GatewayFocus } from './MonitorLauncher';
import { MonitorToolbar } from './MonitorToolbar';
import { LIVE_WINDOW_MS, presetRange, type RangePreset } from './ranges';
import { useMonitorFeed } from './useMonitorFeed';
import { formatClock } from '../util/time';
import { FailureNote } from '../util/FailureDetails';

/** Ranges ending "now" move on this often while shown (the agent's finest rollup is a minute). */
const REFRESH_MS = 60_000;

export function MonitorPage({ serverId, serverName, active }: { serverId: string; serverName: string; active: boolean }) {
  const { t } = useTranslation();
  const theme = useChartTheme();
  const feed = useMonitorFeed(serverId, active);
  const [page, setPage] = useState<PageName>('engine');
  const [preset, setPreset] = useState<RangePreset>('live');
  const [custom, setCustom] = useState(() => ({ from: Date.now() - 3_600_000, to: Date.now() }));
  const [pausedAt, setPausedAt] = useState<{ t: number; version: number } | null>(null);
  const [zoom, setZoom] = useState<{ from: number; to: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  // "Open monitor for <gateway>" from a gateway table: the Gateways page with that gateway's lines only.
  const [focus, setFocus] = useState<GatewayFocus | null>(null);
  const request = useMonitorRequest(serverId);
  useEffect(() => {
    if (!request) return;
    setFocus(request.focus);
    setPage('gateways');
  }, [request]);
  const available = useMemo(() => focusSeries(feed.series, focus), [feed.series, focus]);

  const refreshing = active && pausedAt === null && zoom === null && preset !== 'live' && preset !== 'custom';
  useEffect(() => {
    if (!refreshing) return;
    const timer = setInterval(() => setNow(Date.now()), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refreshing]);

  const latest = feed.ring.latest();
  const source = useMemo<ChartSource>(() => {
    if (zoom) return { kind: 'history', ...zoom };
    if (preset === 'live') {
      const end = pausedAt?.t ?? latest?.t ?? now;
      return { kind: 'live', ring: feed.ring, version: pausedAt?.version ?? feed.version, from: end - LIVE_WINDOW_MS, to: end };
    }
    const r = presetRange(preset, pausedAt?.t ?? now, custom);
    return r.preset === 'live' ? { kind: 'history', from: now - LIVE_WINDOW_MS, to: now } : { kind: 'history', from: r.from, to: r.to };
  }, [zoom, preset, pausedAt, latest?.t, now, feed.ring, feed.version, custom]);

  const onZoom = useCallback((from: number, to: number) => setZoom({ from, to }), []);
  const onPause = (paused: boolean) => setPausedAt(paused ? { t: latest?.t ?? Date.now(), version: feed.ring.version } : null);
  const onPreset = (p: RangePreset) => {
    setZoom(null);
    setPreset(p);
    setNow(Date.now());
  };
  const engineDown = latest?.values['engine.up'] === 0;
  const rtpDown = latest?.values['rtp.up'] === 0;

  return (
    <div className="monitor-page">
      <div className="monitor-top">
        <Tabs id={`monitor-${serverId}`} selectedTabId={page} onChange={(id) => setPage(id as PageName)}>
          {MONITOR_PAGES.map((p) => <Tab key={p} id={p} title={t(`monitor.page.${p}`)} />)}
        </Tabs>
        {focus && <Tag intent={Intent.PRIMARY} onRemove={() => setFocus(null)}>{t('dense.gw.monitorFocus', { name: focus.name })}</Tag>}
        <MonitorToolbar preset={preset} onPreset={onPreset} custom={custom} onCustom={setCustom} paused={pausedAt !== null} onPause={onPause} zoomed={zoom !== null} onResetZoom={() => setZoom(null)} />
        <span className="monitor-status" role="status">
          {pausedAt ? t('monitor.pausedAt', { time: formatClock(pausedAt.t) }) : latest ? t('monitor.updated', { time: formatClock(latest.t) }) : t('monitor.waiting')}
        </span>
      </div>
      {feed.error && <Callout intent={Intent.DANGER} className="monitor-callout"><FailureNote failure={feed.error} lead={(error) => t('monitor.feedFailed', { error })} /></Callout>}
      {engineDown && <Callout intent={Intent.WARNING} className="monitor-callout">{t('monitor.engineDown')}</Callout>}
      {rtpDown && page === 'media' && <Callout intent={Intent.WARNING} className="monitor-callout">{t('monitor.rtpDown')}</Callout>}
      <div className="monitor-grid">
        {PAGE_CHARTS[page].map((spec) => (
          <ChartPanel key={spec.id} serverId={serverId} serverName={serverName} spec={spec} available={available} source={source} theme={theme} onZoom={onZoom} />
        ))}
      </div>
    </div>
  );
}
