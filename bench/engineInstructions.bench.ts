/**
 * Instructions per call that Kamailio's SIP workers execute, generated cfg against the hand-written
 * baseline (issue 12), counted by valgrind's callgrind instead of timed. CPU time on this shared
 * machine moves by ±15% between rounds (engineLoad, cfgRouteCost); an instruction count does not:
 * repeated runs agree within 0.5%, so a change of 1% of a call shows. Instructions are not CPU
 * time (cache misses and system calls are not in them), but on this rig the two ratios agreed: 1.147
 * in instructions, 1.13–1.15 in cfgRouteCost's CPU per call, for the same cfgs.
 *
 * The engineLoad rig (loadRig.ts, same sizing, sipp pair and rtpengine) with Kamailio run under
 * `valgrind --tool=callgrind` (each process writes its own count when it exits). For each
 * configuration, two runs one after the other:
 *  - A: start, a warm-up of WARMUP_CALLS, tm's wait timer let expire, stop;
 *  - B: the same, then ENGINE_INSN_CALLS calls (default 300) at ENGINE_INSN_RATE calls/s (default 20).
 * Instructions per call = (B − A) / calls, summed over the processes that receive SIP (those whose
 * profile holds udp_rcv_loop): start-up and warm-up cancel out. The timer processes are left out:
 * their work follows the wall clock, which valgrind stretches differently in each run.
 * ENGINE_INSN_CONFIGS: "generated,handwritten" (default), and any variant of support/cfgCostVariants.ts
 * by name (what a piece of the script costs, in instructions). A run with a failed call is reported
 * and not counted: a failed call does other work. Needs valgrind (Debian package `valgrind`).
 * About a minute per configuration; nothing else should run (a slowed Kamailio fails calls).
 * ENGINE_INSN_KEEP=<folder> keeps each counted run's callgrind files there, named
 * <config>A.<pid> / <config>B.<pid>, for callgrind_annotate (which function a difference is in).
 * ENGINE_INSN_LAYOUTS=<n> (default 1) counts each configuration n times, each time with its memory laid
 * out differently (unused shared variables and script statements added, nothing more run), and
 * reports the median and the range. Why: where earlier blocks lie changes what the allocator (tlsf)
 * spends per allocation; one layout can make a change look 2% better or worse than it is.
 * ENGINE_INSN_KAMAILIO_ARGS: more Kamailio arguments for every run (e.g. "-X fm": another allocator).
 * ENGINE_INSN_CACHE=1 adds callgrind's cache simulation (twice as slow): first-level (L1) and
 * last-level (LL) cache misses per call, and a rough cycle estimate as KCachegrind makes it,
 * instructions + 10 x L1 misses + 100 x LL misses. It models one process's caches, not the caches
 * the processes share with each other, so it is a hint, not a measurement of the machine.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { engineSizing } from '../switch-agent/src/engine/engineSizing';
import { readHostFacts } from '../switch-agent/src/engine/hostFacts';
import { renderKamailioCfg } from '../switch-agent/src/engine/kamailio/renderCfg';
import type { KamailioSettings } from '../switch-agent/src/engine/kamailio/renderCfg';
import { failureSummary, startKamailioRig } from '../test/integration/engine/loadRig';
import { mediaPorts } from '../test/integration/engine/procs';
import { fillHandwrittenCfg, handwrittenTemplate } from './support/handwrittenCfg';
import { padLayout, variantNamed } from './support/cfgCostVariants';
import { median } from './support/median';

const CALLS = Number(process.env.ENGINE_INSN_CALLS ?? 300);
const RATE = Number(process.env.ENGINE_INSN_RATE ?? 20);
const WARMUP_CALLS = 40;
const WARMUP_RATE = 10;
/** tm's wait timer (5 s): a step's transactions are gone before the next part. */
const SETTLE_MS = 6000;
const CACHE = process.env.ENGINE_INSN_CACHE === '1';
/** callgrind's events, in its summary line's order (the last six only with the cache simulation). */
const EVENTS = CACHE ? ['Ir', 'Dr', 'Dw', 'I1mr', 'D1mr', 'D1mw', 'ILmr', 'DLmr', 'DLmw'] : ['Ir'];
type Counts = number[];

interface Config { name: string; render: (s: KamailioSettings) => string }

function configs(): Config[] {
  const template = handwrittenTemplate();
  const asked = (process.env.ENGINE_INSN_CONFIGS ?? 'generated,handwritten').split(',').map((x) => x.trim());
  return asked.map((name) => {
    if (name === 'handwritten') return { name, render: (s: KamailioSettings) => fillHandwrittenCfg(template, s) };
    if (name === 'generated') return { name, render: renderKamailioCfg };
    const variant = variantNamed(name, 'ENGINE_INSN_CONFIGS (besides generated and handwritten)');
    return { name, render: (s: KamailioSettings) => variant.patch(renderKamailioCfg(s)) };
  });
}

/** callgrind's counts (EVENTS) of the SIP-receiving processes in one run's files. */
function workerCounts(dir: string): { total: Counts; workers: number } {
  let total: Counts = EVENTS.map(() => 0);
  let workers = 0;
  for (const f of readdirSync(dir).filter((x) => x.startsWith('callgrind.'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    const summary = /^summary: ([\d ]+)$/m.exec(text);
    if (!summary) throw new Error(`${f}: no summary line (the process did not exit cleanly)`);
    if (text.includes('udp_rcv_loop')) {
      const counts = summary[1]!.trim().split(/ +/).map(Number);
      total = total.map((x, i) => x + (counts[i] ?? 0));
      workers++;
    }
  }
  return { total, workers };
}

const KEEP = process.env.ENGINE_INSN_KEEP;

/** Copies a run's callgrind files into KEEP as <tag>.<pid>, replacing an earlier run's of the same tag. */
function keepFiles(out: string, tag: string): void {
  mkdirSync(KEEP!, { recursive: true });
  for (const f of readdirSync(KEEP!)) if (f.startsWith(`${tag}.`)) rmSync(join(KEEP!, f));
  for (const f of readdirSync(out)) if (f.startsWith('callgrind.')) copyFileSync(join(out, f), join(KEEP!, `${tag}.${f.slice('callgrind.'.length)}`));
}

/** One run under callgrind: warm-up, then `calls` more (0 for run A). Null when a call failed. */
async function run(config: Config, calls: number): Promise<Counts | null> {
  const out = mkdtempSync(join(tmpdir(), 'sd-insn-'));
  const rig = await startKamailioRig({
    holdMs: 100, sizing: engineSizing(readHostFacts()), rtpPorts: mediaPorts(2000, 8000), renderCfg: config.render,
    ...(process.env.ENGINE_INSN_KAMAILIO_ARGS && { kamailioExtraArgs: process.env.ENGINE_INSN_KAMAILIO_ARGS.split(' ') }),
    kamailioUnder: ['valgrind', '--tool=callgrind', ...(CACHE ? ['--cache-sim=yes'] : []), `--callgrind-out-file=${out}/callgrind.%p`, `--log-file=${out}/valgrind.%p.log`],
  });
  let failed = 0;
  try {
    const warm = await rig.load(WARMUP_CALLS, WARMUP_RATE);
    failed += warm.failed;
    if (warm.failed > 0) console.log(`  ${config.name}: ${warm.failed} of ${WARMUP_CALLS} warm-up calls failed (${JSON.stringify(failureSummary(warm.failures))})`);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    if (calls > 0) {
      const step = await rig.load(calls, RATE);
      failed += step.failed;
      if (step.failed > 0) console.log(`  ${config.name}: ${step.failed} of ${calls} calls failed (${JSON.stringify(failureSummary(step.failures))})`);
      await new Promise((r) => setTimeout(r, SETTLE_MS));
    }
  } finally {
    await rig.stop();
  }
  try {
    const { total, workers } = workerCounts(out);
    if (workers === 0) throw new Error('no SIP worker profile found');
    if (failed > 0) return null;
    if (KEEP) keepFiles(out, `${config.name}${calls > 0 ? 'B' : 'A'}`);
    return total;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.log('engineInstructions needs valgrind (apt-get install valgrind)');
  process.exit(1);
}
/** A run again when one of its calls failed (once): a valgrind-slowed Kamailio loses a call to a stall now and then. */
async function runTwice(config: Config, calls: number): Promise<Counts | null> {
  return (await run(config, calls)) ?? run(config, calls);
}

const LAYOUTS = Number(process.env.ENGINE_INSN_LAYOUTS ?? 1);

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const results: { name: string; perCall: number | null }[] = [];
for (const config of configs()) {
  const counted: number[] = [];
  for (let layout = 0; layout < LAYOUTS; layout++) {
    const laid: Config = { name: config.name, render: (s) => padLayout(config.render(s), 16 * layout) };
    const a = await runTwice(laid, 0);
    const b = await runTwice(laid, CALLS);
    const per = a === null || b === null ? null : b.map((x, i) => (x - a[i]!) / CALLS);
    const label = `${config.name}${LAYOUTS > 1 ? ` (layout ${layout})` : ''}`.padEnd(22);
    if (per === null) {
      console.log(`${label} calls failed: not counted (run again on a quiet machine)`);
      continue;
    }
    const [ir = 0, , , i1 = 0, d1r = 0, d1w = 0, lli = 0, lldr = 0, lldw = 0] = per;
    const l1 = i1 + d1r + d1w;
    const ll = lli + lldr + lldw;
    // With the cache simulation the ratio below is of the cycle estimate, else of instructions.
    counted.push(CACHE ? ir + 10 * l1 + 100 * ll : ir);
    console.log(`${label} ${n(ir)} instructions per call${CACHE ? `; L1 misses ${n(l1)} (instructions ${n(i1)}, data ${n(d1r + d1w)}), LL misses ${n(ll)}; cycle estimate ${n(ir + 10 * l1 + 100 * ll)}` : ''}`);
  }
  const scores = [...counted].sort((x, y) => x - y);
  results.push({ name: config.name, perCall: scores.length === 0 ? null : median(scores) });
  if (LAYOUTS > 1 && scores.length > 0) console.log(`${config.name.padEnd(22)} median ${n(median(scores))} over ${scores.length} layouts (${n(scores[0]!)}–${n(scores.at(-1)!)})`);
}
const base = results.find((r) => r.name === 'handwritten')?.perCall;
if (base) {
  console.log(`\n${'config'.padEnd(22)} ratio to hand-written (${CACHE ? 'cycle estimate' : 'instructions'})`);
  for (const r of results) if (r.perCall !== null) console.log(`${r.name.padEnd(22)} ${(r.perCall / base).toFixed(3)}`);
}
