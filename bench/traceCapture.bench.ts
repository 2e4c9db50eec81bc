/**
 * A trace session capturing everything at the engine's top call rate (issue 9, "Measured"):
 *   - at each rate, calls through Kamailio (agent cfg, rtpengine, siptrace) without any session,
 *     then the same calls with one session matching everything and a client reading it;
 *   - for the session: messages delivered to the client against messages the session matched,
 *     and whether delivered + reported dropped = matched (an exact drop count);
 *   - the highest zero-failure rate of each, and their ratio (target ≥ 0.9), side by side in one run
 *     (a step fails when it fails twice in a row: this machine is shared with other work).
 * The agent side is the agent's own code in this process: the HEP listener, TraceSessions, the
 * trace.* methods and the trace topic on a UNIX socket, read by an AgentClient (the host's client)
 * with its default credit window. The client runs in the same process, so its decoding competes
 * with the capture for this process's core: a conservative set-up.
 * Calls are 100 ms, 2 s of calls per step; Kamailio's shared memory is 1 GB and rtpengine deletes
 * at once, as in engineLoad.bench.ts, so processing is what is measured.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_EVENTS } from '../shared/rpc/events';
import { TRACE_METHODS } from '../shared/rpc/traceApi';
import { AgentClient } from '../electron/core/agent';
import { traceHandlers } from '../switch-agent/src/api/traceHandlers';
import { systemClock } from '../switch-agent/src/engine/clock';
import { ConnectionHub, Dispatcher, startRpcServer, silentLogger } from '../switch-agent/src/rpc';
import { startHepListener } from '../switch-agent/src/trace/hepListener';
import { TraceSessions } from '../switch-agent/src/trace/sessions';
import { traceTopic } from '../switch-agent/src/trace/traceTopic';
import { failureSummary, startKamailioRig, type LoadRig } from '../test/integration/engine/loadRig';

const LADDER = [100, 200, 300, 400, 500, 600, 800, 1000, 1250, 1500, 2000, 2500, 3000];
const SECONDS_PER_STEP = 2;
/** Kamailio's tm wait timer: a step's transactions must be gone before the next one. */
const SETTLE_MS = 5500;

function have(bin: string, args: string[]): boolean {
  return spawnSync(bin, args, { stdio: 'ignore' }).error === undefined;
}
/** The kernel's UDP receive-buffer overflows, machine-wide (other processes' sockets included). */
function udpRcvbufErrors(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const head = (lines[0] ?? '').split(/\s+/);
  const values = (lines[1] ?? '').split(/\s+/);
  return Number(values[head.indexOf('RcvbufErrors')] ?? Number.NaN);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ms: number, f: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

interface StepResult {
  failed: number;
  note: string;
  capture?: { matched: number; delivered: number; dropped: number; hepReceived: number; expected: number; rcvbufErrors: number };
}

const missing = [['kamailio', '-v'], ['sipp', '-v'], ['rtpengine', '--version']].filter(([b, a]) => !have(b!, [a!])).map(([b]) => b);
if (missing.length > 0) {
  console.log(`trace capture bench skipped: ${missing.join(', ')} not installed`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'sd-trace-bench-'));
  let rig: LoadRig | undefined;
  const sessions = new TraceSessions({
    clock: systemClock,
    capture: async (on) => {
      await rig!.rpc()!.call('siptrace.status', [on ? 'on' : 'off']);
    },
    resolveGateway: () => undefined,
  });
  const listener = await startHepListener({ address: '127.0.0.1', onMessage: (m) => sessions.offer(m) });
  const hub = new ConnectionHub(AGENT_EVENTS, silentLogger);
  const dispatcher = Dispatcher.create(
    TRACE_METHODS,
    traceHandlers(sessions, (id, fn) => {
      const c = hub.list().find((x) => x.id === id);
      if (c) c.onClose(fn);
      else fn();
    }),
    { trace: traceTopic(sessions) },
    silentLogger,
  );
  const socket = join(dir, 'admin.sock');
  const server = await startRpcServer({ path: socket, role: 'admin', dispatcher, agent: { version: 'bench', hostname: 'bench' }, group: null, hub, logger: silentLogger });
  const stream = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect(socket, () => resolve(s));
    s.once('error', reject);
  });
  const client = await AgentClient.connect(stream, { server: 'bench', client: { name: 'traceCapture.bench', version: '0', user: 'bench' } });

  try {
    rig = await startKamailioRig({ holdMs: 100, shmMb: 1024, rtpengineExtraArgs: ['--delete-delay=0'], trace: { hepAddress: '127.0.0.1', hepPort: listener.address.port } });
    console.log(`HEP receive buffer granted: ${listener.receiveBufferBytes} bytes`);

    const plain = async (rate: number): Promise<StepResult> => {
      const r = await rig!.load(rate * SECONDS_PER_STEP, rate);
      return { failed: r.failed, note: r.failed === 0 ? 'ok' : `failed ${r.failed} ${JSON.stringify(failureSummary(r.failures))}` };
    };
    const traced = async (rate: number): Promise<StepResult> => {
      const { session } = await client.call('trace.start', { filter: {}, durationSec: 600, maxMessages: 100_000 });
      const got = { delivered: 0, dropped: 0, ended: false };
      const hepBefore = listener.counters().received;
      const overflowBefore = udpRcvbufErrors();
      await client.subscribe('trace', { sessionId: session.sessionId }, {
        onItems: (items) => void (got.delivered += items.length),
        onDropped: (d) => void (got.dropped += d.count ?? Number.NaN),
        onEnd: () => void (got.ended = true),
      });
      const r = await rig!.load(rate * SECONDS_PER_STEP, rate);
      // Late retransmissions and the last BYE answers: let the mirror go quiet, then stop the session.
      let last = -1;
      await until('HEP traffic to stop', 30_000, () => {
        const now = listener.counters().received;
        const quiet = now === last;
        last = now;
        return quiet;
      }).catch(() => undefined);
      await sleep(300);
      const { session: stopped } = await client.call('trace.stop', { sessionId: session.sessionId });
      await until('the subscription to end', 30_000, () => got.ended);
      await client.call('trace.stop', { sessionId: session.sessionId, discard: true });
      const capture = { matched: stopped.matched, delivered: got.delivered, dropped: got.dropped, hepReceived: listener.counters().received - hepBefore, expected: r.successful * 13, rcvbufErrors: udpRcvbufErrors() - overflowBefore };
      const exact = capture.delivered + capture.dropped === capture.matched ? 'exact' : 'NOT EXACT';
      const pct = capture.matched ? ((100 * capture.delivered) / capture.matched).toFixed(3) : '—';
      const note = `${r.failed === 0 ? 'ok' : `failed ${r.failed} ${JSON.stringify(failureSummary(r.failures))}`}; matched ${capture.matched} (13 × answered calls = ${capture.expected}), delivered ${capture.delivered} (${pct} %), dropped ${capture.dropped} (${exact})`;
      return { failed: r.failed, note, capture };
    };

    // Side by side: at each rate both modes, in alternating order, until both have failed. This
    // machine is shared, so a step fails only when it fails twice in a row (the same rule for both).
    const best = { plain: 0, traced: 0 };
    const open = { plain: true, traced: true };
    const captures: NonNullable<StepResult['capture']>[] = [];
    for (const [i, rate] of LADDER.entries()) {
      for (const mode of i % 2 === 0 ? (['plain', 'traced'] as const) : (['traced', 'plain'] as const)) {
        if (!open[mode]) continue;
        let failed = 0;
        for (let attempt = 1; attempt <= 2; attempt++) {
          const r = await (mode === 'plain' ? plain(rate) : traced(rate));
          console.log(`  ${mode.padEnd(7)} ${String(rate).padStart(5)} calls/s × ${SECONDS_PER_STEP} s${attempt === 2 ? ' (again)' : ''}: ${r.note}`);
          if (r.capture) captures.push(r.capture);
          failed = r.failed;
          await sleep(SETTLE_MS);
          if (failed === 0) break;
        }
        if (failed > 0) open[mode] = false;
        else best[mode] = rate;
      }
      if (!open.plain && !open.traced) break;
    }
    const atTop = captures.filter((c) => c.matched > 0);
    const worst = atTop.reduce((m, c) => Math.min(m, c.delivered / c.matched), 1);
    const allExact = atTop.every((c) => c.delivered + c.dropped === c.matched);
    console.log(`highest zero-failure rate: ${best.plain} calls/s without a session, ${best.traced} calls/s with a session capturing everything`);
    console.log(`ratio with/without: ${best.plain ? (best.traced / best.plain).toFixed(2) : '—'} (target ≥ 0.90; ladder steps ${LADDER.join(', ')})`);
    console.log(`delivered to the client: worst step ${(100 * worst).toFixed(3)} % of matched (target ≥ 99.9 %); drop count exact on every step: ${allExact ? 'yes' : 'NO'}`);
    console.log(`per traced step, HEP datagrams the listener read / matched / 13 × answered calls / UDP receive-buffer overflows on the machine: ${atTop.map((c) => `${c.hepReceived}/${c.matched}/${c.expected}/${c.rcvbufErrors}`).join(', ')}`);
  } finally {
    await client.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    await sessions.close().catch(() => undefined);
    await listener.close();
    await rig?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
