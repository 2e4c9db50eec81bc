/**
 * The page chartFrames.bench.ts loads in headless Chromium: N monitor charts (the real
 * MonitorChart) fed live from client rings of 1 h at 1 s, one per "server" (two servers), a new
 * sample each second as the topic delivers them; frame times are collected with
 * requestAnimationFrame. `?charts=N&mode=live|week`: week draws 7-day history rows instead
 * (as many points with bands per series as the app asks the agent for at this chart width) and
 * measures the time to the first frame.
 */
import { createRoot } from 'react-dom/client';
import { startTransition, useEffect, useLayoutEffect, useState } from 'react';
import '../../renderer/src/i18n';
import { MonitorChart } from '../../renderer/src/monitor/MonitorChart';
import { PAGE_CHARTS } from '../../renderer/src/monitor/charts';
import { themeFor } from '../../renderer/src/monitor/chartTheme';
import { SampleRing } from '../../renderer/src/monitor/sampleRing';
import { historyPointsFor, historyRows } from '../../renderer/src/monitor/useHistory';
import { ToastProvider } from '../../renderer/src/util/toast';
import type { HistorySeries } from '@shared/rpc/agentApi';

const params = new URLSearchParams(location.search);
const N = Number(params.get('charts') ?? 12);
const MODE = params.get('mode') ?? 'live';
const TRANSITION = params.get('transition') !== '0';
const HOUR = 3600;
const T0 = Math.floor(Date.now() / 1000) * 1000 - HOUR * 1000;
const IDS = ['a', 'b'];
const CHART_WIDTH = 580;
const spec = { ...PAGE_CHARTS.engine[1]!, series: IDS };
const value = (t: number, k: number) => 50 + 40 * Math.sin(t / 60_000 + k) + 5 * Math.random();

const rings = [new SampleRing(HOUR), new SampleRing(HOUR)];
for (const [k, ring] of rings.entries()) for (let i = 0; i < HOUR; i++) ring.push({ t: T0 + i * 1000, step: 1, values: { a: value(T0 + i * 1000, k), b: value(T0 + i * 1000, k + 1) } });

const frames: number[] = [];
const updates: number[] = [];
(window as unknown as { bench: unknown }).bench = { frames, updates, ready: false, firstFrameMs: 0 };

function weekRows() {
  const to = Date.now();
  const from = to - 7 * 86_400_000;
  const w = (to - from) / historyPointsFor(CHART_WIDTH);
  const series: HistorySeries[] = IDS.map((id, k) => ({ id, stepMs: w, points: Array.from({ length: historyPointsFor(CHART_WIDTH) }, (_, i) => { const t = from + i * w; const v = value(t / 100, k); return [t, v * 0.8, v, v * 1.2, w] as [number, number, number, number, number]; }) }));
  return { rows: historyRows(series, IDS), from, to };
}

function App() {
  const [tick, setTick] = useState(0);
  // The first commit is done: the next frame is the first that shows the charts.
  useLayoutEffect(() => {
    requestAnimationFrame(() => {
      (window as unknown as { bench: { firstFrameMs: number } }).bench.firstFrameMs = performance.now() - started;
    });
  }, []);
  useEffect(() => {
    if (MODE !== 'live') return;
    const timer = setInterval(() => {
      const t = (rings[0]!.latest()?.t ?? T0) + 1000;
      for (const [k, ring] of rings.entries()) ring.push({ t, step: 1, values: { a: value(t, k), b: value(t, k + 1) } });
      const started = performance.now();
      requestAnimationFrame(() => updates.push(performance.now() - started));
      // As useMonitorFeed does: a new sample redraws the charts in a transition (TRANSITION=0 to compare without).
      if (TRANSITION) startTransition(() => setTick((x) => x + 1));
      else setTick((x) => x + 1);
    }, 1000);
    return () => clearInterval(timer);
  }, []);
  const theme = themeFor(false);
  const week = MODE === 'week' ? weekRows() : null;
  return (
    <ToastProvider>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 600px)', gap: 8 }}>
        {Array.from({ length: N }, (_, i) => {
          const ring = rings[i % 2]!;
          const to = ring.latest()?.t ?? T0;
          const rows = week ? week.rows : ring.rows(IDS, to - HOUR * 1000, to);
          return <MonitorChart key={i} spec={spec} title={`chart ${i}`} serverName={`server ${i % 2}`} ids={IDS} rows={rows} from={week?.from ?? to - HOUR * 1000} to={week?.to ?? to} theme={theme} loading={false} error={null} onZoom={() => undefined} width={CHART_WIDTH} />;
        })}
      </div>
      <span data-tick={tick} />
    </ToastProvider>
  );
}

const started = performance.now();
createRoot(document.getElementById('root')!).render(<App />);
requestAnimationFrame(() => {
  let last = performance.now();
  const loop = (now: number) => {
    frames.push(now - last);
    last = now;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  (window as unknown as { bench: { ready: boolean } }).bench.ready = true;
});
