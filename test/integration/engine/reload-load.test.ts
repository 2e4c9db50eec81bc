// Table reloads of 10,000 routing + 10,000 mapping gateways while Kamailio carries calls: the
// agent's rendered cfg, sized from this host, and the agent's own reload path (checkedReload +
// ReloadCoalescer, which spaces addressReload by reload_delta). drouting.reload and
// permissions.addressReload run back to back for the whole step; no call may fail. Measured while
// writing it: a 10,000-gateway drouting.reload took 1.2–16 s on this shared machine and delayed no
// call (0 retransmissions, as in the control step). The agent-level counterpart, with the full
// apply pipeline, is test/integration/agent/reload-under-load.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../switch-agent/src/engine/clock';
import { engineSizing, reloadTimeoutMs } from '../../../switch-agent/src/engine/engineSizing';
import { readHostFacts } from '../../../switch-agent/src/engine/hostFacts';
import { ReloadCoalescer } from '../../../switch-agent/src/engine/reloadCoalescer';
import { checkedReload, RELOAD_METHODS } from '../../../switch-agent/src/engine/tableReloads';
import type { MappingGatewayInput, RoutingGatewayInput } from '../../../switch-agent/src/engine/kamailio/schema';
import { failureSummary, startKamailioRig } from './loadRig';
import type { LoadResult, LoadRig } from './loadRig';
import { haveBinary, waitFor } from './procs';

const N = 10_000;
const RATE = Number(process.env.RELOAD_LOAD_RATE ?? 20);
const CALLS = RATE * 30;

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));

function bulk(): { routingGateways: RoutingGatewayInput[]; mappingGateways: MappingGatewayInput[] } {
  const routingGateways: RoutingGatewayInput[] = [];
  const mappingGateways: MappingGatewayInput[] = [];
  for (let i = 1; i < N; i++) {
    routingGateways.push({ name: `rgw-${i}`, prefixes: [`5${String(i).padStart(5, '0')}`], priority: i % 10, addresses: [{ host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port: 5060 }] });
    mappingGateways.push({ name: `mgw-${i}`, ips: [{ ip: `172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}` }] });
  }
  return { routingGateways, mappingGateways };
}

const summary = (r: LoadResult) => `${r.successful} ok, ${r.failed} failed ${JSON.stringify(failureSummary(r.failures))}, ${r.retransmissions} retransmissions`;

describe.skipIf(missing.length > 0)(`reloads of ${N} + ${N} gateways during a call load step${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let rig: LoadRig;

  beforeAll(async () => {
    rig = await startKamailioRig({ holdMs: 1000, shmMb: 256, sizing: engineSizing(readHostFacts()), extraTables: bulk(), rtpengineExtraArgs: ['--delete-delay=0'] });
    // Kamailio answers RPC before drouting has its 10,000 rules: calls in the first ~2 s got
    // "404 No Route" (measured; noted for the agent's readiness check). Wait until one routes.
    await waitFor('a call routed through the 10,000-gateway tables', 30_000, async () => ((await rig.load(1, 1)).failed === 0 ? true : undefined));
  }, 90_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('fails no call while drouting and the address table reload back to back', async () => {
    const control = await rig.load(CALLS, RATE);
    console.info(`control, no reload: ${summary(control)}`);
    expect(control.failed, control.errors).toBe(0);

    const rpc = () => rig.rpc()!;
    const routing = new ReloadCoalescer(checkedReload(rpc, RELOAD_METHODS.drouting, () => reloadTimeoutMs(2 * N)), 0, systemClock);
    const address = new ReloadCoalescer(checkedReload(rpc, RELOAD_METHODS.address, () => reloadTimeoutMs(N)), 5200, systemClock);
    let running = true;
    const step = rig.load(CALLS, RATE).finally(() => (running = false));
    const ms = { drouting: [] as number[], address: [] as number[] };
    const loop = async (c: ReloadCoalescer, out: number[]) => {
      while (running) {
        const t0 = performance.now();
        await c.request();
        out.push(Math.round(performance.now() - t0));
      }
    };
    await Promise.all([loop(routing, ms.drouting), loop(address, ms.address)]);
    const r = await step;
    console.info(`with reloads: ${summary(r)}; drouting.reload ms ${ms.drouting.join(' ')}; addressReload (spaced by reload_delta) ms ${ms.address.join(' ')}`);
    expect(ms.drouting.length, 'no drouting.reload ran during the step').toBeGreaterThanOrEqual(2);
    expect(ms.address.length, 'no addressReload ran during the step').toBeGreaterThanOrEqual(2);
    expect(r.failed, `${JSON.stringify(failureSummary(r.failures))}\n${r.errors}`).toBe(0);
    expect(r.successful).toBe(CALLS);
  }, 180_000);
});
