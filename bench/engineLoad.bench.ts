/**
 * Highest call rate with zero failed calls through Kamailio (the agent's cfg, rtpengine
 * anchoring, CDRs to flatstore): the engine as sized from this host (engineSizing.ts) against the
 * values it had before sizing (UNSIZED: 4 workers, 1 s rtpengine timeout), side by side. Rounds
 * alternate which configuration climbs first; each climbs the same ladder of rates, 2 s of calls
 * per step, and stops at the first step with a failed call. For that failing step it prints each
 * component's CPU (% of one core: kamailio's processes, rtpengine's threads, the two sipps), the
 * machine's busy share (other users included), datagrams the kernel dropped on each socket and the
 * load average — the account of what limited the step. Ratios, not calls/s, because this machine
 * is shared and noisy. Loopback only: 127.0.0.2 → (127.0.0.1 Kamailio) → 127.0.0.3.
 *
 * Shared memory is 1024 MB so the limit is processing, not the admission limit (see shmAdmitKb);
 * rtpengine runs with --delete-delay=0 so ports are reused at once. Calls are held 100 ms by
 * default (ENGINE_LOAD_HOLD_MS): the rig's media range (61000–65535, above the ephemeral range)
 * holds ~1,100 calls, so longer calls hit the port range, not the engine — a failing step says so.
 * ENGINE_LOAD_ROUNDS (default 3) and ENGINE_LOAD_LADDER ("500,1000,…") change the run.
 */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { engineSizing, UNSIZED } from '../switch-agent/src/engine/engineSizing';
import type { EngineSizing } from '../switch-agent/src/engine/engineSizing';
import { readHostFacts } from '../switch-agent/src/engine/hostFacts';
import { failureSummary, startKamailioRig } from '../test/integration/engine/loadRig';
import type { LoadResult } from '../test/integration/engine/loadRig';

const LADDER = (process.env.ENGINE_LOAD_LADDER ?? '250,500,750,1000,1250,1500,1750,2000,2500,3000,4000,5000').split(',').map(Number);
const HOLD_MS = Number(process.env.ENGINE_LOAD_HOLD_MS ?? 100);
const ROUNDS = Number(process.env.ENGINE_LOAD_ROUNDS ?? 3);
const SECONDS_PER_STEP = 2;
/** tm's wait timer (5 s) lets a step's transactions expire, so steps do not add up. */
const SETTLE_MS = 5500;

interface Climb { best: number; failing?: LoadResult; load: string; portsOut: boolean }

function have(bin: string, args: string[]): boolean {
  return spawnSync(bin, args, { stdio: 'ignore' }).error === undefined;
}

function pct(ms: number, of: number): string {
  return `${((ms / of) * 100).toFixed(0)}%`;
}

/** What limited a failing step, on one line. */
function account(c: Climb): string {
  const r = c.failing;
  if (!r) return 'no failing step (ladder top)';
  const cpu = Object.entries(r.cpu.components).map(([k, v]) => `${k} ${pct(v, r.cpu.ms)}`).join(', ');
  const drops = Object.entries(r.drops).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  return `failed at ${r.rate}: ${r.failed} ${JSON.stringify(failureSummary(r.failures))}${c.portsOut ? ' — rtpengine ran out of ports (rig range, not the engine)' : ''}\n`
    + `      cpu (of one core): ${cpu}; machine busy ${pct(r.cpu.machineBusy, 1)}; dropped datagrams: ${drops}; load ${c.load}`;
}

async function climb(name: string, sizing: EngineSizing): Promise<Climb> {
  const rig = await startKamailioRig({ holdMs: HOLD_MS, shmMb: 1024, sizing, rtpengineExtraArgs: ['--delete-delay=0'] });
  try {
    let best = 0;
    for (const rate of LADDER) {
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
      const logFrom = rig.log().length;
      const r = await rig.load(rate * SECONDS_PER_STEP, rate);
      console.log(`  ${name.padEnd(6)} ${String(rate).padStart(5)} calls/s: ${r.failed === 0 ? 'ok' : `failed ${r.failed}`}`);
      if (r.failed > 0) return { best, failing: r, load, portsOut: rig.log().slice(logFrom).includes('Ran out of ports') };
      best = rate;
      await new Promise((res) => setTimeout(res, SETTLE_MS));
    }
    return { best, load: '', portsOut: false };
  } finally {
    await rig.stop();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const missing = [['kamailio', '-v'], ['sipp', '-v'], ['rtpengine', '--version']].filter(([b, a]) => !have(b!, [a!])).map(([b]) => b);
if (missing.length > 0) {
  console.log(`engine load bench skipped: ${missing.join(', ')} not installed`);
} else {
  const host = readHostFacts();
  const configs: Record<string, EngineSizing> = { today: UNSIZED, sized: engineSizing(host) };
  console.log(`host: ${host.cpus} cpus, rmem_max ${host.rmemMaxBytes}; calls held ${HOLD_MS} ms`);
  for (const [k, v] of Object.entries(configs)) console.log(`  ${k}: ${JSON.stringify(v)}`);
  const results: Record<string, Climb[]> = { today: [], sized: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ['today', 'sized'] : ['sized', 'today'];
    for (const name of order) {
      const c = await climb(name, configs[name]!);
      results[name]!.push(c);
      console.log(`  round ${round + 1} ${name}: highest clean ${c.best} calls/s; ${account(c)}`);
    }
  }
  // A round where today's configuration failed the first step has no ratio.
  const ratios = results.sized!.flatMap((s, i) => (results.today![i]!.best > 0 ? [s.best / results.today![i]!.best] : []));
  console.log(`\nhighest rate with 0 failed calls (${SECONDS_PER_STEP} s steps, ${HOLD_MS} ms calls, ${ROUNDS} rounds)`);
  console.log(`  today (unsized): ${results.today!.map((c) => c.best).join(', ')} calls/s (median ${median(results.today!.map((c) => c.best))})`);
  console.log(`  sized from host: ${results.sized!.map((c) => c.best).join(', ')} calls/s (median ${median(results.sized!.map((c) => c.best))})`);
  console.log(`  sized / today per round: ${ratios.map((r) => r.toFixed(2)).join(', ') || 'none'}${ratios.length ? ` (median ${median(ratios).toFixed(2)})` : ''}`
    + `${ratios.length < ROUNDS ? `; ${ROUNDS - ratios.length} round(s) where today failed the first step` : ''}`);
  console.log('  Shared machine: rates are low and noisy; repeat on a quiet host before quoting calls/s.');
}
