/**
 * The trace's reorder window (switch-agent/src/trace/reorderWindow.ts) with a full hold: CPU per
 * message when pairing requests with replies, as ratios against capture order only (no pairing)
 * with the same number of messages held. A busy trace can hold up to its bound (5,000 in
 * traceService); pairing must then cost what it costs with a handful held, not a walk of all of them.
 * Time stands still (a manual clock), so every message stays held until the bound pushes the
 * earliest out: the window holds exactly `held` messages throughout. Each transaction is a reply
 * that arrives before its request (the case that makes the window search), then the request.
 * Rounds alternate the cases; the table is the median of REORDER_ROUNDS (default 7).
 * When pairing walked the held list (before the index by transaction), this machine measured 2.1 µs
 * per message with 100 held and 13.3 µs with 5,000 (6.4x); with the index, 2.4 and 2.8 µs (1.17x).
 */
import { FakeClock } from '../test/doubles/agent/fakeClock';
import { ReorderWindow } from '../switch-agent/src/trace/reorderWindow';
import { median } from './support/median';

interface Msg { t: number; txn: string; reply: boolean }

const ROUNDS = Number(process.env.REORDER_ROUNDS ?? 7);
const MESSAGES = 200_000;
const NOW_MS = 1_000_000;
/** Capture times within the window before NOW_MS (µs), so nothing expires: only the bound releases. */
const FIRST_US = NOW_MS * 1000 - 19_000;
const STEP_US = 19_000 / MESSAGES;
const messages: Msg[] = [];
for (let k = 0; k < MESSAGES / 2; k++) {
  // The reply captured a moment before its request (siptrace's stamp of a sent request), arriving first.
  messages.push({ t: FIRST_US + 2 * k * STEP_US, txn: `call-${k};z9hG4bK-${k};INVITE`, reply: true });
  messages.push({ t: FIRST_US + (2 * k + 1) * STEP_US, txn: `call-${k};z9hG4bK-${k};INVITE`, reply: false });
}

/** CPU microseconds per message pushed through a window holding `held` messages. */
function run(held: number, pairing: boolean): number {
  const clock = new FakeClock(NOW_MS);
  let out = 0;
  const w = new ReorderWindow<Msg>({
    clock, windowMs: 20, maxHeld: held, captureUs: (m) => m.t, emit: () => { out++; },
    ...(pairing && { links: (m: Msg) => (m.reply ? { follows: m.txn } : { opens: [m.txn] }), requestWaitMs: 300 }),
  });
  const t0 = process.cpuUsage();
  for (const m of messages) w.push(m);
  const d = process.cpuUsage(t0);
  w.flush();
  if (out !== MESSAGES) throw new Error(`reorder window bench: ${out} of ${MESSAGES} messages came out`);
  return (d.user + d.system) / MESSAGES;
}

const cases = [
  { name: 'capture order, 100 held', held: 100, pairing: false },
  { name: 'pairing, 100 held', held: 100, pairing: true },
  { name: 'capture order, 5000 held', held: 5000, pairing: false },
  { name: 'pairing, 5000 held', held: 5000, pairing: true },
];
const results = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? cases : [...cases].reverse();
  for (const c of order) results.get(c.name)!.push(run(c.held, c.pairing));
}
const m = (name: string) => median(results.get(name)!);
console.log(`reorder window, ${MESSAGES} messages per run, ${ROUNDS} rounds (median CPU µs per message)`);
for (const c of cases) console.log(`  ${c.name.padEnd(26)} ${m(c.name).toFixed(3)} µs`);
console.log(`  pairing / capture order: ${(m('pairing, 100 held') / m('capture order, 100 held')).toFixed(2)}x with 100 held, ${(m('pairing, 5000 held') / m('capture order, 5000 held')).toFixed(2)}x with 5000 held`);
console.log(`  pairing, 5000 held / 100 held: ${(m('pairing, 5000 held') / m('pairing, 100 held')).toFixed(2)}x (near 1 when pairing does not walk the held messages)`);
