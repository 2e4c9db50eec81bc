/**
 * Opening a long history: `monitor.history` for 12 series over 7 days (minute rollups in SQLite,
 * the last hour from the 1-s ring) at 1000 points each, then the client's work before drawing
 * (rows by point middle, LTTB to the plot width) — as a ratio to the same for 15 minutes (the ring
 * alone), run side by side. The target: a 7-day history opens in under 1 s (this is the
 * agent + client computing part; the drawing is in chartFrames).
 */
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { historyRows } from '../renderer/src/monitor/useHistory';
import { downsampleRows } from '../renderer/src/monitor/downsample';
import { FakeClock } from '../test/doubles/agent/fakeClock';
import { runMigrations } from '../switch-agent/src/store/migrate';
import { MONITOR_MIGRATIONS } from '../switch-agent/src/monitor/migrations';
import { Monitor } from '../switch-agent/src/monitor/monitor';
import { RollupStore } from '../switch-agent/src/monitor/rollupStore';
import type { Agg } from '../switch-agent/src/monitor/buckets';
import { median } from './support/median';

const MIN = 60_000;
const DAY = 86_400_000;
const IDS = Array.from({ length: 12 }, (_, i) => `sys.net.eth${i}.rx_bytes`);
const value = (t: number, i: number) => 1000 * (i + 1) * (1 + Math.sin(t / 3_600_000 + i));

const db = new Database(':memory:');
runMigrations(db, MONITOR_MIGRATIONS);
const store = new RollupStore(db);
const start = Date.UTC(2026, 10, 1);
const now = start + 8 * DAY;
// 8 days of minute and hour rollups written as the agent writes them.
for (let t = start; t < now - 3_600_000; t += MIN) {
  store.write(MIN, new Map(IDS.map((id, i): [string, Agg] => { const v = value(t, i); return [id, { t, min: v * 0.9, max: v * 1.1, sum: v * 60, n: 60 }]; })));
}
for (let t = start; t < now - 3_600_000; t += 3_600_000) {
  store.write(3_600_000, new Map(IDS.map((id, i): [string, Agg] => { const v = value(t, i); return [id, { t, min: v * 0.8, max: v * 1.2, sum: v * 3600, n: 3600 }]; })));
}
const clock = new FakeClock(now - 3_600_000);
const monitor = new Monitor({ samplers: [{ name: 'bench', sample: (t) => Object.fromEntries(IDS.map((id, i) => [id, value(t, i)])) }], clock, store, log: { warn: () => undefined } });
for (let i = 0; i < 3600; i++) {
  await monitor.tick();
  clock.advance(1000);
}

function open(from: number): number {
  const t0 = performance.now();
  const series = monitor.history(IDS, from, now, 1000);
  const rows = historyRows(series, IDS);
  downsampleRows(rows, IDS, 1000);
  return performance.now() - t0;
}

const week: number[] = [];
const quarter: number[] = [];
for (let r = 0; r < 15; r++) {
  quarter.push(open(now - 15 * MIN));
  week.push(open(now - 7 * DAY));
}
const w = median(week);
const q = median(quarter);
console.log('open a history of 12 series at 1000 points (agent query + client rows), median of 15, side by side');
console.log(`  baseline: 15 minutes (1-s ring)                ${q.toFixed(1)} ms`);
console.log(`  7 days (minute rollups + ring)                 ${w.toFixed(1)} ms   ${(w / q).toFixed(2)} × baseline   (target: well under 1000 ms)`);
