/**
 * The monitor's cost in engine throughput (issue 8: sampling on ≥ 0.95 × off). Highest call rate
 * with zero failed calls through Kamailio (the agent's cfg, rtpengine
 * anchoring, CDRs to flatstore), as a ratio to the same sipp pair calling each other directly.
 * Both climb the same ladder of rates, 2 s of calls per step (100 ms calls), and stop at the
 * first step with a failed call. Ratios, not calls/s, because this machine is shared and noisy;
 * the calls/s are printed too. Loopback only: 127.0.0.2 → (127.0.0.1 Kamailio) → 127.0.0.3.
 *
 * Shared memory is 1024 MB so the limit measured is processing, not the admission limit (see
 * shmAdmitKb); rtpengine runs with --delete-delay=0 so its port range is not the limit either.
 * Then the Kamailio ladder again with the monitor sampling (Kamailio's statistics over its RPC
 * FIFO and the system, every second, rolled up into SQLite): the issue's target is at least 0.95
 * of the rate without it. (rtpengine's ng statistics are not sampled here: the rig does not
 * expose its control socket; they are one small UDP exchange a second.)
 */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { engineSizing } from '../switch-agent/src/engine/engineSizing';
import { readHostFacts } from '../switch-agent/src/engine/hostFacts';
import { failureSummary, startDirectRig, startKamailioRig } from '../test/integration/engine/loadRig';
import type { LoadRig } from '../test/integration/engine/loadRig';
import Database from 'better-sqlite3';
import { systemClock } from '../switch-agent/src/engine/clock';
import { KamailioSampler } from '../switch-agent/src/monitor/kamailioSampler';
import { MONITOR_MIGRATIONS } from '../switch-agent/src/monitor/migrations';
import { Monitor } from '../switch-agent/src/monitor/monitor';
import { nodeProcFs } from '../switch-agent/src/monitor/nodeProcFs';
import { RollupStore } from '../switch-agent/src/monitor/rollupStore';
import { SystemSampler } from '../switch-agent/src/monitor/systemSampler';
import { runMigrations } from '../switch-agent/src/store/migrate';
import { median } from './support/median';

/** The agent's monitor as serve.ts wires it, sampling the rig's Kamailio and this machine. */
function samplingMonitor(rig: LoadRig): Monitor {
  const db = new Database(':memory:');
  runMigrations(db, MONITOR_MIGRATIONS);
  return new Monitor({
    samplers: [new SystemSampler(nodeProcFs), new KamailioSampler(() => rig.rpc() ?? null)],
    clock: systemClock,
    store: new RollupStore(db),
    log: { warn: (m, d) => console.log(`  monitor: ${m} ${JSON.stringify(d ?? {})}`) },
  });
}

/**
 * Fine steps where the engine's limit lies on this machine (1,000–2,500 calls/s measured), so a 5 %
 * difference can show; MONITOR_LOAD_LADDER overrides it. MONITOR_LOAD_ROUNDS rounds alternate which
 * of off/on climbs first, on one engine sized from this host as the agent sizes it.
 */
const LADDER = (process.env.MONITOR_LOAD_LADDER ?? '250,500,750,1000,1100,1200,1300,1400,1500,1600,1700,1800,1900,2000,2200,2400,2600,2800,3000').split(',').map(Number);
const ROUNDS = Number(process.env.MONITOR_LOAD_ROUNDS ?? 3);
const SECONDS_PER_STEP = 2;

function have(bin: string, args: string[]): boolean {
  return spawnSync(bin, args, { stdio: 'ignore' }).error === undefined;
}

async function highestCleanRate(name: string, rig: LoadRig, settleMs: number): Promise<number> {
  let best = 0;
  for (const rate of LADDER) {
    const r = await rig.load(rate * SECONDS_PER_STEP, rate);
    const note = r.failed === 0 ? 'ok' : `failed ${r.failed} ${JSON.stringify(failureSummary(r.failures))}`;
    console.log(`  ${name.padEnd(9)} ${String(rate).padStart(5)} calls/s × ${SECONDS_PER_STEP} s: ${note}`);
    if (r.failed > 0) break;
    best = rate;
    await new Promise((res) => setTimeout(res, settleMs));
  }
  return best;
}


/** Let each step's transactions expire (tm wait timer: 5 s) so steps do not add up. */
const SETTLE_MS = 5500;

const missing = [['kamailio', '-v'], ['sipp', '-v'], ['rtpengine', '--version']].filter(([b, a]) => !have(b!, [a!])).map(([b]) => b);
if (missing.length > 0) {
  console.log(`engine load bench skipped: ${missing.join(', ')} not installed`);
} else {
  const direct = await startDirectRig({ holdMs: 100 });
  let baseline: number;
  try {
    baseline = await highestCleanRate('direct', direct, 500);
  } finally {
    await direct.stop();
  }
  const kamailio = await startKamailioRig({ holdMs: 100, shmMb: 1024, sizing: engineSizing(readHostFacts()), rtpengineExtraArgs: ['--delete-delay=0'] });
  const off: number[] = [];
  const on: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const sampling of round % 2 === 0 ? [false, true] : [true, false]) {
        if (!sampling) {
          off.push(await highestCleanRate('kamailio', kamailio, SETTLE_MS));
          continue;
        }
        // The agent's monitor sampling this Kamailio (its RPCs every second) and the system,
        // rolling up into SQLite, as the agent does.
        const monitor = samplingMonitor(kamailio);
        monitor.start();
        try {
          on.push(await highestCleanRate('sampled', kamailio, SETTLE_MS));
        } finally {
          monitor.stop();
        }
      }
      console.log(`  round ${round + 1}: without ${off.at(-1)} calls/s, with sampling ${on.at(-1)} calls/s`);
    }
  } finally {
    await kamailio.stop();
  }
  const top = LADDER[LADDER.length - 1]!;
  const ratios = on.flatMap((v, i) => (off[i]! > 0 ? [v / off[i]!] : []));
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`\nhighest rate with 0 failed calls (ladder ${LADDER[0]}…${top}, ${SECONDS_PER_STEP} s per step, ${ROUNDS} rounds, load ${load})`);
  console.log(`  baseline: sipp UAC → UAS directly   ${String(baseline).padStart(5)} calls/s${baseline === top ? ' (ladder top)' : ''}`);
  console.log(`  through Kamailio (agent cfg, sized) ${off.join(', ')} calls/s (median ${median(off)}; ${baseline > 0 ? (median(off) / baseline).toFixed(2) : 'n/a'} × baseline)`);
  console.log(`  … with the monitor sampling it      ${on.join(', ')} calls/s (median ${median(on)})`);
  console.log(`  with / without per round: ${ratios.map((r) => r.toFixed(2)).join(', ')}${ratios.length ? ` (median ${median(ratios).toFixed(2)}; target ≥ 0.95)` : ''}`);
}
