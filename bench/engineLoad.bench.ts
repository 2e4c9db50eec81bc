/**
 * Highest call rate with zero failed calls through Kamailio (the agent's cfg, rtpengine
 * anchoring, CDRs to flatstore), as a ratio to the same sipp pair calling each other directly.
 * Both climb the same ladder of rates, 2 s of calls per step (100 ms calls), and stop at the
 * first step with a failed call. Ratios, not calls/s, because this machine is shared and noisy;
 * the calls/s are printed too. Loopback only: 127.0.0.2 → (127.0.0.1 Kamailio) → 127.0.0.3.
 *
 * Shared memory is 1024 MB so the limit measured is processing, not the admission limit (see
 * shmAdmitKb); rtpengine runs with --delete-delay=0 so its port range is not the limit either.
 */
import { spawnSync } from 'node:child_process';
import { failureSummary, startDirectRig, startKamailioRig } from '../test/integration/engine/loadRig';
import type { LoadRig } from '../test/integration/engine/loadRig';

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
  try {
    // Let each step's transactions expire (tm wait timer: 5 s) so steps do not add up.
    proxied = await highestCleanRate('kamailio', kamailio, 5500);
  } finally {
    await kamailio.stop();
  }
  const top = LADDER[LADDER.length - 1]!;
  console.log(`\nhighest rate with 0 failed calls (ladder ${LADDER[0]}…${top}, ${SECONDS_PER_STEP} s per step)`);
  console.log(`  baseline: sipp UAC → UAS directly   ${String(baseline).padStart(5)} calls/s${baseline === top ? ' (ladder top)' : ''}`);
  console.log(`  through Kamailio (agent cfg)        ${String(proxied).padStart(5)} calls/s   ${baseline > 0 ? (proxied / baseline).toFixed(2) : 'n/a'} × baseline`);
}
