/**
 * What the app's renderer does with a server's configuration before the gateway tables can show
 * it, with the renderer's own code and no Node shortcuts (the renderer hashes with the portable
 * SHA-256 of shared/): parse the config.get answer as it arrives (JSON text), check it against the
 * agent API (callAgent), build the effective configuration the gateway pages show (staging.ts:
 * applyOps + validateSnapshot), then the same after staging one edit. The DOM table is virtual
 * (only visible rows are drawn), so it is not measured here.
 * Printed as ratios to a 100 + 100 gateway configuration measured side by side, and as absolute
 * times against the 2 s goal for opening a 10,000 + 10,000 gateway server.
 */
import { applyOps, emptySnapshot } from '@shared/config';
import { redactSnapshot, type ConfigOpInput } from '@shared/model';
import { AGENT_METHODS } from '@shared/rpc/agentApi';
import { effectiveConfig } from '../renderer/src/config/staging';
import { median } from './support/median';

function configText(n: number): string {
  const ops: ConfigOpInput[] = [];
  for (let i = 0; i < n; i++) {
    ops.push({ op: 'routingGateway.upsert', gateway: { name: `rgw-${i}`, prefixes: [`5${String(i).padStart(5, '0')}`], priority: i % 10, addresses: [{ host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port: 5060 }] } });
    ops.push({ op: 'mappingGateway.upsert', gateway: { name: `mgw-${i}`, authMode: 'ip', ips: [{ ip: `172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}` }] } });
  }
  const r = applyOps(emptySnapshot(), ops as never);
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
  return JSON.stringify({ snapshot: redactSnapshot({ ...r.snapshot, revision: 1 }), status: 'confirmed' });
}


const sizes = (process.env.BENCH_SIZES ?? '100,10000').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const texts = new Map(sizes.map((n) => [n, configText(n)]));
const phases = ['JSON.parse', 'check (callAgent)', 'effective config', 'stage one edit'] as const;
const samples = new Map<string, number[]>();
const record = (key: string, ms: number) => samples.set(key, [...(samples.get(key) ?? []), ms]);

for (let r = 0; r < rounds; r++) {
  for (const n of sizes) {
    // Fresh objects every round, as each time the app opens the server.
    let t = performance.now();
    const raw: unknown = JSON.parse(texts.get(n)!);
    record(`JSON.parse@${n}`, performance.now() - t);
    t = performance.now();
    const got = AGENT_METHODS['config.get'].result.parse(raw);
    record(`check (callAgent)@${n}`, performance.now() - t);
    t = performance.now();
    effectiveConfig(got.snapshot, []);
    record(`effective config@${n}`, performance.now() - t);
    t = performance.now();
    const first = got.snapshot.routingGateways[0]!;
    effectiveConfig(got.snapshot, [{ op: 'routingGateway.upsert', gateway: { ...first, priority: (first.priority + 1) % 10 } }]);
    record(`stage one edit@${n}`, performance.now() - t);
  }
}

console.log(`median of ${rounds} rounds; ratio to ${sizes[0]} + ${sizes[0]} gateways`);
for (const n of sizes) {
  const total = phases.slice(0, 3).reduce((sum, p) => sum + median(samples.get(`${p}@${n}`)!), 0);
  console.log(`  ${n} + ${n} gateways: open (first three phases) ${total.toFixed(0)} ms${n === 10_000 ? ` (goal ≤ 2000 ms)` : ''}`);
}
for (const p of phases) {
  const base = median(samples.get(`${p}@${sizes[0]}`)!);
  const cells = sizes.map((n) => {
    const m = median(samples.get(`${p}@${n}`)!);
    return `${n}: ${(m / base).toFixed(1).padStart(6)} × (${m.toFixed(1)} ms)`;
  });
  console.log(`  ${p.padEnd(20)} ${cells.join('   ')}`);
}
