// Applies while calls flow, on a 10,000 routing + 10,000 mapping gateway configuration: the real
// agent (its SQLite store, its Kamailio + rtpengine, private memory sized by the agent itself)
// carries a sipp load step while one-parameter applies (cfg.seti) and one-gateway applies
// (drouting.reload, permissions.addressReload of 10,000 rows) run back to back. No call may fail.
// Kamailio reloads a table into a fresh copy and swaps it in, so calls keep routing on the old one;
// the test proves that with the actual reload sizes, not by reading the module's source.
//
// The rate is modest because other suites share this machine; `RELOAD_LOAD_RATE` raises it. The
// step lasts 30 s: a 10,000-row routing apply takes 1–15 s here, so each kind of apply still runs
// during it (asserted); the control step only needs to show the load alone carries, 15 s of it.
// Retransmissions (a request not answered within 500 ms) are printed, not asserted: on a shared
// machine they also come from other processes' CPU use.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import type { AgentClient } from '../../../electron/core/agent';
import { haveBinary, mediaPorts } from '../engine/procs';
import { CALLER_IP, failureSummary, runLoad } from '../engine/loadRig';
import { uasXml } from '../engine/scenarioXml';
import { Gateways, startTestAgent, type TestAgent } from './agentHarness';

const N = Number(process.env.RELOAD_LOAD_GATEWAYS ?? 10_000);
const RATE = Number(process.env.RELOAD_LOAD_RATE ?? 20);
const SECONDS = Number(process.env.RELOAD_LOAD_SECONDS ?? 30);
const CONTROL_SECONDS = Number(process.env.RELOAD_LOAD_CONTROL_SECONDS ?? 15);
const HOLD_MS = 1000;
const GW = '127.0.0.5';
const ROUTED_PREFIX = '77';
/** Below every other suite's block (see mediaPorts in ../engine/procs.ts). */
const MEDIA = mediaPorts(2000, 4000);

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));

function bulkOps(gwPort: number): ConfigOpInput[] {
  const ops: ConfigOpInput[] = [
    { op: 'mappingGateway.upsert', gateway: { name: 'load-caller', authMode: 'ip', ips: [{ ip: CALLER_IP }] } },
    { op: 'routingGateway.upsert', gateway: { name: 'load-gw', prefixes: [ROUTED_PREFIX], priority: 1, addresses: [{ host: GW, port: gwPort }] } },
  ];
  for (let i = 1; i < N; i++) {
    ops.push({
      op: 'routingGateway.upsert',
      gateway: { name: `rgw-${i}`, prefixes: [`5${String(i).padStart(5, '0')}`], priority: i % 10, addresses: [{ host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port: 5060 }] },
    });
    ops.push({ op: 'mappingGateway.upsert', gateway: { name: `mgw-${i}`, authMode: 'ip', ips: [{ ip: `172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}` }] } });
  }
  return ops;
}

/** The n-th change of the cycle: a parameter, a routing gateway, a mapping gateway's address. */
function change(n: number): { what: string; ops: ConfigOpInput[] } {
  const i = 1 + (n % (N - 1));
  switch (n % 3) {
    case 0:
      return { what: 'param', ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 10 + (n % 5) }] };
    case 1:
      return {
        what: 'routing gateway',
        ops: [{ op: 'routingGateway.upsert', gateway: { name: `rgw-${i}`, prefixes: [`5${String(i).padStart(5, '0')}`], priority: (n % 9) + 1, addresses: [{ host: `10.99.${(n >> 8) & 255}.${n & 255}`, port: 5060 }] } }],
      };
    default:
      return { what: 'mapping gateway', ops: [{ op: 'mappingGateway.upsert', gateway: { name: `mgw-${i}`, authMode: 'ip', ips: [{ ip: `172.31.${(n >> 8) & 255}.${n & 255}` }] } }] };
  }
}

describe.skipIf(missing.length > 0)(`applies during a call load step on ${N} + ${N} gateways${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let t: TestAgent;
  let gateways: Gateways;
  let admin: AgentClient;
  let gwPort = 0;

  beforeAll(async () => {
    // pkgMb null: the agent sizes Kamailio's private memory from the tables, as in production.
    t = await startTestAgent({ pkgMb: null, engine: { rtpPortMin: MEDIA.min, rtpPortMax: MEDIA.max, shmMb: 256 } });
    admin = await t.client('admin', 'alice');
    gateways = new Gateways(t.dir);
    writeFileSync(join(t.dir, 'uas.xml'), uasXml());
    gwPort = await gateways.start(GW, join(t.dir, 'uas.xml'));
    const t0 = performance.now();
    const r = await admin.call('config.apply', { baseRevision: 0, ops: bulkOps(gwPort) });
    console.info(`initial apply of ${N} + ${N} gateways: ${(performance.now() - t0).toFixed(0)} ms, plan ${r.plan.map((p) => p.target).join(', ')}`);
  }, 240_000);

  afterAll(async () => {
    await gateways?.stop();
    await t?.stop();
  });

  const calls = RATE * SECONDS;
  const controlCalls = RATE * CONTROL_SECONDS;
  /** Retransmissions of the control step, scaled to the step's number of calls. */
  let controlRetransmissions = 0;

  it('carries the load step with no apply running (the control for retransmissions)', async () => {
    const r = await runLoad({ dir: t.dir, target: t.sip, holdMs: HOLD_MS, calls: controlCalls, rate: RATE, callee: `${ROUTED_PREFIX}5550100` });
    controlRetransmissions = Math.round((r.retransmissions * calls) / controlCalls);
    console.info(`control: ${controlCalls} calls at ${RATE}/s with no apply: ${r.successful} ok, ${r.failed} failed, ${r.retransmissions} retransmissions`);
    expect(r.failed, `${JSON.stringify(failureSummary(r.failures))}\n${r.errors}`).toBe(0);
  }, 120_000);

  it('fails and drops no call while parameters and gateways are applied again and again', async () => {
    let running = true;
    const step = runLoad({ dir: t.dir, target: t.sip, holdMs: HOLD_MS, calls, rate: RATE, callee: `${ROUTED_PREFIX}5550100` }).finally(() => (running = false));
    const stepStart = performance.now();
    const applied: { what: string; ms: number; at: number }[] = [];
    let revision = (await admin.call('config.get', {})).snapshot.revision;
    for (let n = 0; running; n++) {
      const c = change(n);
      const t0 = performance.now();
      const r = await admin.call('config.apply', { baseRevision: revision, ops: c.ops });
      revision = r.revision;
      applied.push({ what: c.what, ms: Math.round(performance.now() - t0), at: Math.round((t0 - stepStart) / 1000) });
    }
    const result = await step;
    const byKind = (k: string) => applied.filter((a) => a.what === k).map((a) => a.ms);
    console.info(`${calls} calls at ${RATE}/s (${HOLD_MS} ms each): ${result.successful} ok, ${result.failed} failed, ${result.retransmissions} retransmissions (control, scaled to ${calls} calls: ${controlRetransmissions}); `
      + `applies during the step (ms): param ${byKind('param').join(' ')}; routing gateway ${byKind('routing gateway').join(' ')}; mapping gateway ${byKind('mapping gateway').join(' ')}`);
    // Which second of the step each apply started in, next to what sipp saw in that second.
    const timeline = result.perSecond.map((p, sec) => `${sec}s${applied.filter((a) => a.at === sec).map((a) => ` [${a.what} ${a.ms} ms]`).join('')}: retrans ${p.retransmissions} failed ${p.failed}`);
    if (result.failed > 0 || result.retransmissions > controlRetransmissions) console.info(timeline.join('\n'));
    // Each kind of apply happened while calls were flowing (otherwise this proves nothing) ...
    for (const k of ['param', 'routing gateway', 'mapping gateway']) expect(byKind(k).length, `no ${k} apply ran during the step`).toBeGreaterThanOrEqual(1);
    // ... and no call failed or went missing.
    expect(result.failed, `${JSON.stringify(failureSummary(result.failures))}\n${result.errors}\n--- agent log ---\n${t.log.text()}`).toBe(0);
    expect(result.successful).toBe(calls);
  }, 300_000);
});
