/**
 * Alert evaluation cost: CPU of AlertEngine.observe (the default rules judging one 1-s sample)
 * against JSON-encoding the same sample once (what the monitor topic already pays per second for
 * one subscriber), as a ratio, in interleaved rounds. The sample is a switch with 1,000 routing and
 * 1,000 mapping gateways (~14,000 values): the pattern rules (gateway ASR, capacity, disks) scan
 * every id, so this is where evaluation is dearest. Nothing is stored (no database).
 */
import type { MonitorSample } from '@shared/rpc/agentApi';
import { AlertEngine } from '../switch-agent/src/alerts/alertEngine';
import { median } from './support/median';

const GATEWAYS = 1000;
const values: Record<string, number> = { 'sys.cpu.total': 35, 'engine.up': 1, 'rtp.up': 1, 'agent.storage.problems': 0, 'rtp.ports.used_pct': 12, 'sys.mem.used_pct': 40 };
for (let i = 0; i < 64; i++) values[`sys.cpu.core.${i}`] = 30;
for (const fs of ['root', 'var', 'var_log', 'boot']) values[`sys.fs.${fs}.used_pct`] = 50;
for (let i = 0; i < GATEWAYS; i++) {
  for (const kind of ['routing', 'mapping']) {
    const p = `gw.${kind}.carrier-${i}`;
    Object.assign(values, { [`${p}.active`]: 10, [`${p}.attempts`]: 1, [`${p}.answered`]: 1, [`${p}.asr`]: i % 50 === 0 ? 10 : 60, [`${p}.acd`]: 90, [`${p}.calls_window`]: 40, [`${p}.capacity_pct`]: 20 });
  }
}
const count = Object.keys(values).length;
const engine = new AlertEngine(undefined, { store: null, log: { warn: () => undefined }, now: () => 0 });
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const SAMPLES = 200;
let t = 0;
let sink = 0;
const evalRounds: number[] = [];
const jsonRounds: number[] = [];
for (let r = 0; r < 9; r++) {
  let c = cpuUs();
  for (let i = 0; i < SAMPLES; i++) {
    const s: MonitorSample = { t: (t += 1000), step: 1, values };
    engine.observe(s);
  }
  evalRounds.push((cpuUs() - c) / SAMPLES);
  c = cpuUs();
  for (let i = 0; i < SAMPLES; i++) sink += JSON.stringify({ t: (t += 1000), step: 1, values }).length;
  jsonRounds.push((cpuUs() - c) / SAMPLES);
}
const e = median(evalRounds);
const j = median(jsonRounds);
console.log(`sample of ${count} values, default rules; firing now: ${engine.list().filter((a) => a.state === 'firing').length} (${sink > 0 ? 'ok' : ''})`);
console.log(`alert evaluation: ${(e / 1000).toFixed(2)} ms per sample (${(e / 10_000).toFixed(3)} % of one core at 1 sample/s)`);
console.log(`JSON of the same sample: ${(j / 1000).toFixed(2)} ms`);
console.log(`ratio evaluation / one subscriber's JSON: ${(e / j).toFixed(2)}`);
