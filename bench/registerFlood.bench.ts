/**
 * A REGISTER flood from many source addresses while legitimate calls run, through Kamailio with the
 * agent's cfg and one digest account (so every REGISTER is challenged and the limits apply).
 * Three runs side by side on one engine, each with the same call load (sipp, 100 ms calls):
 *   1. calls only (the baseline);
 *   2. calls + flood with SS_ENDPOINTREGISTERSUSPEND Off (every REGISTER is processed);
 *   3. calls + flood with the defaults (SS_ENDPOINTREGISTERRETRY 6, suspension On).
 * The flood is bare REGISTERs (a new Call-ID and user each) from FLOOD_SOURCES loopback addresses at
 * FLOOD_RATE requests/s; each run uses its own addresses, so suspensions do not carry over.
 * Printed: failed calls, Kamailio CPU (all its processes, from /proc) as a ratio to the baseline, the
 * flood requests answered, and how many flood sources ended suspended (answered, then silent).
 * Ratios, not absolute figures, because this 2-core machine is shared with the load generators
 * (CPU % of a core assumes 100 clock ticks/s, as on Debian).
 *
 * Measured 2026-12-05 (`npm run bench registerFlood`, 2 cores shared with other sessions):
 *   calls only (baseline)            0 / 1000 calls failed   CPU 1.00 × baseline (~7% of a core)
 *   + flood 1,999/s, suspension Off  1 / 1000 calls failed   CPU 1.53 ×   19,934 of 19,988 REGISTERs answered, 0 / 200 sources suspended
 *   + flood 2,000/s, defaults        0 / 1000 calls failed   CPU 1.17 ×    1,400 of 19,996 answered (7 per source), 200 / 200 suspended
 */
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { startKamailioRig } from '../test/integration/engine/loadRig';
import type { LoadRig, LoadResult } from '../test/integration/engine/loadRig';

const FLOOD_RATE = 2000;
const FLOOD_SOURCES = 200;
const SECONDS = 10;
const CALL_RATE = 100;

function have(bin: string, args: string[]): boolean {
  return spawnSync(bin, args, { stdio: 'ignore' }).error === undefined;
}

/** utime + stime (clock ticks) of every process in Kamailio's process group. */
function cpuTicks(pgid: number): number {
  let ticks = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // Gone meanwhile.
    }
  }
  return ticks;
}

interface FloodResult { sent: number; rate: number; answered: number; suspendedSources: number }

/** Bare REGISTERs from `sources` addresses at `rate`/s for `seconds`; counts replies per source. */
async function flood(target: { host: string; port: number }, firstOctet: number, sources: number, rate: number, seconds: number): Promise<FloodResult> {
  const socks: { s: Socket; ip: string; port: number; answers: number; lastAnswerAt: number; sent: number }[] = [];
  for (let i = 0; i < sources; i++) {
    const ip = `127.${firstOctet}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, ip, () => r()));
    const entry = { s, ip, port: s.address().port, answers: 0, lastAnswerAt: 0, sent: 0 };
    s.on('message', () => {
      entry.answers++;
      entry.lastAnswerAt = entry.sent;
    });
    socks.push(entry);
  }
  let n = 0;
  const tickMs = 10;
  const start = Date.now();
  const end = start + seconds * 1000;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (Date.now() >= end) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Catch up with the clock, so timer drift does not lower the rate.
      const due = Math.floor(((Date.now() - start) * rate) / 1000);
      for (; n < due; n++) {
        const src = socks[n % socks.length]!;
        const id = `fl${n}`;
        const msg = [
          `REGISTER sip:${target.host}:${target.port} SIP/2.0`,
          `Via: SIP/2.0/UDP ${src.ip}:${src.port};branch=z9hG4bK-${id}`,
          `From: <sip:u${n}@${target.host}>;tag=${id}`,
          `To: <sip:u${n}@${target.host}>`,
          `Call-ID: ${id}@${src.ip}`,
          'CSeq: 1 REGISTER',
          `Contact: <sip:u${n}@${src.ip}:${src.port}>`,
          'Max-Forwards: 70',
          'Expires: 300',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n');
        src.sent++;
        src.s.send(msg, target.port, target.host);
      }
    }, tickMs);
  });
  await new Promise((r) => setTimeout(r, 1000));
  for (const x of socks) x.s.close();
  const answered = socks.reduce((a, x) => a + x.answers, 0);
  // Suspended: answered at first, then silent for (at least) the last half of what it sent.
  const suspendedSources = socks.filter((x) => x.answers > 0 && x.lastAnswerAt < x.sent / 2).length;
  return { sent: n, rate: Math.round(n / seconds), answered, suspendedSources };
}

async function run(rig: LoadRig, pgid: number, withFlood: { octet: number } | null): Promise<{ calls: LoadResult; cpu: number; flood?: FloodResult }> {
  const before = cpuTicks(pgid);
  const calls = rig.load(CALL_RATE * SECONDS, CALL_RATE);
  const f = withFlood ? await flood(rig.target, withFlood.octet, FLOOD_SOURCES, FLOOD_RATE, SECONDS) : undefined;
  const c = await calls;
  return { calls: c, cpu: cpuTicks(pgid) - before, ...(f ? { flood: f } : {}) };
}

const missing = [['kamailio', '-v'], ['sipp', '-v'], ['rtpengine', '--version']].filter(([b, a]) => !have(b!, [a!])).map(([b]) => b);
if (missing.length > 0) {
  console.log(`register flood bench skipped: ${missing.join(', ')} not installed`);
} else {
  const rig = await startKamailioRig({ holdMs: 100, shmMb: 512, rtpengineExtraArgs: ['--delete-delay=0'], passwordAccounts: [{ username: '1001', password: 'bench-pw' }] });
  try {
    const rpc = rig.rpc()!;
    const psx = (await rpc.call('core.psx')) as { PID?: number; IDX?: number }[] | { PID?: number }[];
    const pgid = Math.min(...(Array.isArray(psx) ? psx : []).map((p) => Number(p.PID)).filter((x) => x > 0));
    const line = (name: string, r: Awaited<ReturnType<typeof run>>, base: number) =>
      console.log(
        `  ${name.padEnd(34)} calls failed ${String(r.calls.failed).padStart(4)} / ${r.calls.calls}   Kamailio CPU ${(r.cpu / base).toFixed(2)} × baseline (${((r.cpu / SECONDS)).toFixed(0)}% of a core)` +
          (r.flood ? `   flood ${r.flood.rate}/s answered ${r.flood.answered} / ${r.flood.sent}, sources suspended ${r.flood.suspendedSources} / ${FLOOD_SOURCES}` : ''),
      );
    const baseline = await run(rig, pgid, null);
    await new Promise((r) => setTimeout(r, 5500));
    await rpc.call('cfg.seti', ['switchdeck', 'reg_suspend', 0]);
    const unprotected = await run(rig, pgid, { octet: 10 });
    await new Promise((r) => setTimeout(r, 5500));
    await rpc.call('cfg.seti', ['switchdeck', 'reg_suspend', 1]);
    const defended = await run(rig, pgid, { octet: 11 });
    const base = Math.max(1, baseline.cpu);
    console.log(`\nREGISTER flood ${FLOOD_RATE}/s from ${FLOOD_SOURCES} addresses for ${SECONDS} s, legitimate calls ${CALL_RATE}/s (100 ms)`);
    line('calls only (baseline)', baseline, base);
    line('+ flood, suspension Off', unprotected, base);
    line('+ flood, defaults (retry 6, On)', defended, base);
  } finally {
    await rig.stop();
  }
}
