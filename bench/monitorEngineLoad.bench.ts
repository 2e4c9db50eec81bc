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
 * FIFO and the system, every second, rolled up into SQLite): the target is at least 0.95
 * of the rate without it. (rtpengine's ng statistics are not sampled here: the rig does not
 * expose its control socket; they are one small UDP exchange a second.)
 */
import { spawnSync } from 'node:child_process';
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

const LADDER = [250, 500, 750, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000];
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
  const kamailio = await startKamailioRig({ holdMs: 100, shmMb: 1024, rtpengineExtraArgs: ['--delete-delay=0'] });
  let proxied: number;
  let sampled: number;
  try {
    // Let each step's transactions expire (tm wait timer: 5 s) so steps do not add up.
    proxied = await highestCleanRate('kamailio', kamailio, 5500);
    // The same ladder with the agent's monitor sampling this Kamailio (its RPCs every second)
    // and the system, rolling up into SQLite, as the agent does.
    const monitor = samplingMonitor(kamailio);
    monitor.start();
    try {
      sampled = await highestCleanRate('sampled', kamailio, 5500);
    } finally {
      monitor.stop();
    }
  } finally {
    await kamailio.stop();
  }
  const top = LADDER[LADDER.length - 1]!;
  console.log(`\nhighest rate with 0 failed calls (ladder ${LADDER[0]}…${top}, ${SECONDS_PER_STEP} s per step)`);
  console.log(`  baseline: sipp UAC → UAS directly   ${String(baseline).padStart(5)} calls/s${baseline === top ? ' (ladder top)' : ''}`);
  console.log(`  through Kamailio (agent cfg)        ${String(proxied).padStart(5)} calls/s   ${baseline > 0 ? (proxied / baseline).toFixed(2) : 'n/a'} × baseline`);
  console.log(`  … with the monitor sampling it      ${String(sampled).padStart(5)} calls/s   ${proxied > 0 ? (sampled / proxied).toFixed(2) : 'n/a'} × without (target ≥ 0.95)`);
}
