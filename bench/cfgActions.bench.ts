/**
 * Script actions Kamailio executes per call, generated cfg vs the hand-written baseline (issue 12).
 * cfgRouteCost measures CPU, which moves ±0.08 between rounds on this shared machine; this counts
 * the interpreter's work instead, which is the same on a loaded machine: Kamailio's `debugger`
 * module with cfgtrace logs one line per executed action (route, line, action). Each cfg runs in
 * the engineLoad rig (mapping gateway → Kamailio + rtpengine → routing gateway, INVITE 180/200 ACK,
 * BYE 200), places CFG_ACTIONS_CALLS calls (default 5) one after the other, and only the SIP
 * receivers' lines count (core.psx): rtimer processes run per tick, not per call (listed apart).
 * The cfg's own log_prefix is replaced by one naming the message (request method or reply status),
 * so the table is per SIP message and per route. Prints actions per call for both and their ratio.
 * CFG_ACTIONS_DUMP=<dir> keeps each cfg and its trace there.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineSizing } from '../switch-agent/src/engine/engineSizing';
import { readHostFacts } from '../switch-agent/src/engine/hostFacts';
import type { KamailioSettings } from '../switch-agent/src/engine/kamailio/renderCfg';
import { renderKamailioCfg } from '../switch-agent/src/engine/kamailio/renderCfg';
import { startKamailioRig } from '../test/integration/engine/loadRig';
import { waitFor } from '../test/integration/engine/procs';
import { fillHandwrittenCfg, handwrittenTemplate } from './support/handwrittenCfg';
import { countActions, traced } from './support/cfgTrace';
import type { ActionCount } from './support/cfgTrace';

const CALLS = Number(process.env.CFG_ACTIONS_CALLS ?? 5);
const DUMP = process.env.CFG_ACTIONS_DUMP;

/** The SIP receivers' pids from core.psx (its DSC names each process's role). */
function receiverPids(psx: unknown): Set<string> {
  const rows = Array.isArray(psx) ? (psx as { PID?: number; DSC?: string }[]) : [];
  return new Set(rows.filter((r) => /receiver/.test(r.DSC ?? '')).map((r) => String(r.PID)));
}

async function measure(name: string, renderCfg: (s: KamailioSettings) => string): Promise<ActionCount> {
  const rig = await startKamailioRig({
    holdMs: 100, renderCfg, patchCfg: traced,
    // One receiver: a message's lines are then consecutive, so the table can tell messages apart.
    sizing: { ...engineSizing(readHostFacts()), udpWorkers: 1 },
  });
  try {
    const pids = receiverPids(await rig.rpc()!.call('core.psx'));
    for (let i = 0; i < CALLS; i++) {
      const r = await rig.load(1, 1);
      if (r.failed > 0) throw new Error(`call ${i + 1} failed: ${r.errors}`);
    }
    // The last BYE's 200 reached sipp after Kamailio traced it; the log pipe may lag behind.
    const c = await waitFor('the last call\'s trace', 10_000, () => {
      const n = countActions(rig.log(), pids);
      return n.perMessage.get('req BYE') === CALLS ? n : undefined;
    });
    // CFG_ACTIONS_DUMP=<dir>: each cfg and its trace, to read which lines run.
    if (DUMP) {
      writeFileSync(join(DUMP, `${name}.cfg`), readFileSync(join(rig.dir, 'kamailio.cfg')));
      writeFileSync(join(DUMP, `${name}.trace`), rig.log());
    }
    return c;
  } finally {
    await rig.stop();
  }
}

function table(name: string, c: ActionCount): void {
  console.log(`\n${name}: ${(c.total / CALLS).toFixed(1)} actions per call`);
  for (const [msg, n] of [...c.actionsByMessage].sort()) console.log(`  ${msg.padEnd(16)} x${(c.perMessage.get(msg)! / CALLS).toFixed(0)}  ${(n / CALLS).toFixed(1).padStart(6)}`);
  console.log('  per route (per call):');
  for (const [route, n] of [...c.byRoute].sort((a, b) => b[1] - a[1])) console.log(`    ${route.padEnd(40)} ${(n / CALLS).toFixed(1).padStart(6)}`);
  if (c.timers.size > 0) console.log(`  timer routes (per tick, not per call; whole run): ${[...c.timers].map(([r, n]) => `${r} ${n}`).join(', ')}`);
}

if (spawnSync('kamailio', ['-v'], { stdio: 'ignore' }).error !== undefined) {
  console.log('cfg actions bench skipped: kamailio not installed');
} else {
  const template = handwrittenTemplate();
  const hand = await measure('handwritten', (s) => fillHandwrittenCfg(template, s));
  const gen = await measure('generated', renderKamailioCfg);
  table('hand-written', hand);
  table('generated', gen);
  console.log(`\nactions per call: generated ${(gen.total / CALLS).toFixed(1)}, hand-written ${(hand.total / CALLS).toFixed(1)}, ratio ${(gen.total / hand.total).toFixed(2)}x (${CALLS} calls each)`);
}
