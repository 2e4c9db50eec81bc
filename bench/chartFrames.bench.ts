/**
 * Renderer frame time with 12 live monitor charts (1 h at 1 s, two servers' rings, a new sample
 * a second) against 1 chart, run alternately in the same headless Chromium (Debian's, through
 * playwright-core as test/e2e does); and the time to the first frame of 12 charts of 7-day
 * history (one point per pixel of chart width, with min/max bands) against 1.
 *
 * Why a bench page and not the browser shell: the charts are the renderer's cost; the shell adds
 * an SSH session and an agent per server, which this machine's other benches measure, and whose
 * noise would hide the chart cost. The page uses the real MonitorChart, SampleRing and historyRows.
 * The issue's target: 12 live charts keep frame time p95 under 16.7 ms.
 */
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = process.cwd();
const CHROMIUM = process.env.SWITCHDECK_CHROMIUM ?? '/usr/bin/chromium';
const WINDOW_MS = Number(process.env.CHART_BENCH_MS ?? 15_000);
const out = path.join(root, 'dist/bench/chartFrames');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(root, 'bench/support/chartFrames.page.tsx')],
  outfile: path.join(out, 'page.js'),
  bundle: true,
  // A classic script: Chromium refuses module scripts from file:// pages.
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  minify: true,
  alias: { '@shared': path.join(root, 'shared') },
  loader: { '.css': 'empty' },
  logLevel: 'warning',
});
writeFileSync(path.join(out, 'index.html'), '<!doctype html><html><body style="margin:0"><div id="root"></div><script src="page.js"></script></body></html>');

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
type Bench = { frames: number[]; updates: number[]; ready: boolean; firstFrameMs: number };
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN;

async function run(charts: number, mode: 'live' | 'week'): Promise<Bench> {
  const page = await browser.newPage({ viewport: { width: 1900, height: 1100 } });
  page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
  await page.goto(`file://${out}/index.html?charts=${charts}&mode=${mode}&transition=${process.env.TRANSITION ?? '1'}`);
  await page.waitForFunction(() => { const b = (window as unknown as { bench?: { ready: boolean; firstFrameMs: number } }).bench; return b?.ready === true && b.firstFrameMs > 0; }, undefined, { timeout: 60_000 });
  if (mode === 'live') {
    await page.evaluate(() => {
      const b = (window as unknown as { bench: Bench }).bench;
      b.frames.length = 0;
      b.updates.length = 0;
    });
    await page.waitForTimeout(WINDOW_MS);
  }
  const b = await page.evaluate(() => (window as unknown as { bench: Bench }).bench);
  await page.close();
  return b;
}

try {
  const live: Record<number, { frames: number[]; updates: number[] }> = { 1: { frames: [], updates: [] }, 12: { frames: [], updates: [] } };
  for (let r = 0; r < 2; r++) {
    for (const n of [1, 12]) {
      const b = await run(n, 'live');
      live[n]!.frames.push(...b.frames);
      live[n]!.updates.push(...b.updates);
    }
  }
  const week: Record<number, number[]> = { 1: [], 12: [] };
  for (let r = 0; r < 3; r++) for (const n of [1, 12]) week[n]!.push((await run(n, 'week')).firstFrameMs);
  const f1 = p(live[1]!.frames, 0.95);
  const f12 = p(live[12]!.frames, 0.95);
  const u1 = p(live[1]!.updates, 0.95);
  const u12 = p(live[12]!.updates, 0.95);
  console.log(`renderer frames, headless Chromium, ${(2 * WINDOW_MS) / 1000} s per case, alternating runs`);
  console.log(`  frame interval p95:       1 chart ${f1.toFixed(1)} ms   12 charts ${f12.toFixed(1)} ms   ${(f12 / f1).toFixed(2)} × (target: 12 charts < 16.7 ms)`);
  // A chart redraws its plot about once per pixel of time (pixelHold), so p95 alone would hide the frames that do: show the tail too.
  const f12s = live[12]!.frames;
  const long = f12s.filter((f) => f > 50).length;
  console.log(`  12 charts, frame interval p99 ${p(f12s, 0.99).toFixed(1)} ms   max ${Math.max(...f12s).toFixed(1)} ms   over 50 ms: ${long} of ${f12s.length} frames`);
  console.log(`  a second's update p95:    1 chart ${u1.toFixed(1)} ms   12 charts ${u12.toFixed(1)} ms   ${(u12 / u1).toFixed(2)} ×  (new sample → next frame, ${live[12]!.updates.length} updates)`);
  const w1 = p(week[1]!, 0.5);
  const w12 = p(week[12]!, 0.5);
  console.log(`  7-day history, first frame (median of 3): 1 chart ${w1.toFixed(0)} ms   12 charts ${w12.toFixed(0)} ms   ${(w12 / w1).toFixed(2)} ×  (target: < 1000 ms)`);
} finally {
  await browser.close();
}
