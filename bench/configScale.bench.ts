/**
 * The agent's config path at 0, 1,000 and 10,000 routing + as many mapping gateways, through the
 * real Dispatcher (params validated, handler, result validated: what one RPC costs the agent minus
 * the socket) and the real ConfigService on an in-memory SQLite store with an engine that plans like
 * the Kamailio driver but does not touch Kamailio.
 * Each step is printed as a ratio to the same step on the empty configuration, measured in the
 * same run, interleaved. Also prints the agent's RSS after loading 10,000 + 10,000 gateways.
 * Steps: a second client's read of an unchanged revision; the first read after a change; a
 * one-parameter apply (revision stored, see store/gatewayRows.ts); the engine plan of that apply;
 * adding or removing 1,000 gateways (alternating, so every sample is a real change).
 */
import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { useSha256Hex } from '@shared/config';
import { AGENT_METHODS } from '@shared/rpc/agentApi';
import { DEFAULT_MAX_FRAME_BYTES } from '@shared/rpc/protocol';
import type { ConfigOpInput } from '@shared/model/ops';
import { configHandlers } from '../switch-agent/src/api/configHandlers';
import { withGatewayWiseResults } from '../switch-agent/src/api/snapshotResultCheck';
import { planEngineActions } from '../switch-agent/src/engine/enginePlan';
import { snapshotToEngine } from '../switch-agent/src/engine/snapshotToEngine';
import { Dispatcher, type CallContext } from '../switch-agent/src/rpc/dispatcher';
import { chunkData, resultText } from '../switch-agent/src/rpc/resultText';
import type { ConfigSnapshot } from '@shared/model';
import { ManualClock, RecordingEngine, makeService } from '../test/doubles/agent/store';
import { median } from './support/median';

/** Plans like the Kamailio driver (cfg variables, table rows, drouting rules); records instead of touching Kamailio. */
class PlanningEngine extends RecordingEngine {
  override plan(prev: ConfigSnapshot, next: ConfigSnapshot) {
    return planEngineActions(snapshotToEngine(prev), snapshotToEngine(next));
  }
}

// As the agent does at start-up (serve.ts).
useSha256Hex((parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
});

const ctx: CallContext = { role: 'admin', user: 'bench', signal: new AbortController().signal, connectionId: 'bench', socket: 'admin.sock' };

function gatewayOps(n: number, offset = 0): ConfigOpInput[] {
  const ops: ConfigOpInput[] = [];
  for (let k = 0; k < n; k++) {
    const i = k + offset;
    ops.push({ op: 'routingGateway.upsert', gateway: { name: `rgw-${i}`, prefixes: [`5${String(i).padStart(5, '0')}`], priority: i % 10, addresses: [{ host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port: 5060 }] } });
    ops.push({ op: 'mappingGateway.upsert', gateway: { name: `mgw-${i}`, authMode: 'ip', ips: [{ ip: `172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}` }] } });
  }
  return ops;
}

async function agentWith(n: number) {
  const made = makeService(undefined, new ManualClock(), new PlanningEngine());
  const dispatcher = Dispatcher.create(withGatewayWiseResults(AGENT_METHODS), configHandlers(made.service, made.revisions, () => new Date()));
  const call = (method: string, params: unknown) => dispatcher.call(method, params, ctx) as Promise<Record<string, unknown>>;
  if (n > 0) await call('config.apply', { baseRevision: 0, ops: gatewayOps(n) });
  return { call, revision: () => made.service.current().revision, current: () => made.service.current() };
}


/**
 * A full collection before each sample: without it a step pays for the garbage the previous (larger)
 * step left, and the empty configuration's 1 ms apply measured 10–30 ms whenever a major collection
 * of the 10,000-gateway heap landed in it. Each step still pays for the collections its own work causes.
 */
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function time(fn: () => Promise<unknown>): Promise<number> {
  gc();
  const t0 = performance.now();
  const r = await fn();
  // A step that times only part of its work says so.
  if (typeof r === 'object' && r !== null && 'timedMs' in r) return (r as { timedMs: number }).timedMs;
  return performance.now() - t0;
}

const sizes = (process.env.BENCH_SIZES ?? '0,1000,10000').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const agents = new Map<number, Awaited<ReturnType<typeof agentWith>>>();
for (const n of sizes) {
  const t0 = performance.now();
  agents.set(n, await agentWith(n));
  console.log(`set-up: ${n} + ${n} gateways in one apply: ${(performance.now() - t0).toFixed(0)} ms`);
  if (n === 10_000) console.log(`agent RSS with ${n} + ${n} gateways loaded: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}

let flip = 0;
const steps: Record<string, (a: Awaited<ReturnType<typeof agentWith>>) => Promise<unknown>> = {
  // What the agent does for a config.get: dispatch, then the text and chunk frames it sends
  // (remembered per result object, so a repeated read of an unchanged revision serializes nothing).
  // Timed: a second client reading the revision the first one just read.
  'read again (config.get + frames)': async (a) => {
    const read = async () => chunkData(resultText(await a.call('config.get', {})), DEFAULT_MAX_FRAME_BYTES);
    await read();
    const t0 = performance.now();
    await read();
    return { timedMs: performance.now() - t0 };
  },
  // The first read after a change pays the serialization once.
  'read after a change': async (a) => {
    await a.call('config.apply', { baseRevision: a.revision(), ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_RINGING', value: 100 + (flip++ % 2) }] });
    const t0 = performance.now();
    chunkData(resultText(await a.call('config.get', {})), DEFAULT_MAX_FRAME_BYTES);
    return { timedMs: performance.now() - t0 };
  },
  'apply one parameter': (a) => a.call('config.apply', { baseRevision: a.revision(), ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 20 + (flip++ % 2) }] }),
  // What the Kamailio driver computes for that apply before touching the engine (no I/O).
  'engine plan, one parameter': async (a) => {
    const prev = a.current();
    const next = { ...prev, params: { ...prev.params, SS_SIP_TIMEOUT_INVITE: 20 + (flip++ % 2) } };
    return planEngineActions(snapshotToEngine(prev), snapshotToEngine(next));
  },
  // Adds 500 + 500 gateways, and removes them again on the next round: every sample is a real change.
  'apply 1,000 gateways': (a) => {
    const added = a.current().routingGateways.some((g) => g.name === 'rgw-100000');
    const ops: ConfigOpInput[] = added
      ? Array.from({ length: 500 }, (_, k) => [
          { op: 'routingGateway.delete' as const, name: `rgw-${100_000 + k}` },
          { op: 'mappingGateway.delete' as const, name: `mgw-${100_000 + k}` },
        ]).flat()
      : gatewayOps(500, 100_000);
    return a.call('config.apply', { baseRevision: a.revision(), ops });
  },
};
const only = process.env.BENCH_STEP;
for (const k of Object.keys(steps)) if (only && !k.startsWith(only)) delete steps[k];
const samples = new Map<string, number[]>();
for (let r = 0; r < rounds; r++) {
  for (const [name, step] of Object.entries(steps)) {
    for (const n of sizes) {
      const key = `${name}@${n}`;
      samples.set(key, [...(samples.get(key) ?? []), await time(() => step(agents.get(n)!))]);
    }
  }
}
console.log(`\nmedian of ${rounds} interleaved rounds; ratio to the same step on the empty configuration`);
for (const name of Object.keys(steps)) {
  const base = median(samples.get(`${name}@${sizes[0]}`)!);
  const cells = sizes.map((n) => {
    const m = median(samples.get(`${name}@${n}`)!);
    return `${n}: ${(m / base).toFixed(1).padStart(6)} × (${m.toFixed(1)} ms)`;
  });
  console.log(`  ${name.padEnd(26)} ${cells.join('   ')}`);
}
