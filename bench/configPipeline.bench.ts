/**
 * How the configuration pipeline scales with the number of gateways: each step of a one-field
 * apply on the agent (applyOps, validateSnapshot, snapshotHash, rebase) timed side by side with a
 * baseline that any design must pay — one JSON round trip of the same snapshot — and printed as a
 * ratio to it. Ratios, not milliseconds, because these machines are noisy.
 */
import { applyOps, rebase, snapshotHash, validateSnapshot } from '@shared/config';
import { normalizeSnapshot } from '@shared/config';
import { MappingGatewaySchema, RoutingGatewaySchema, type ConfigSnapshot } from '@shared/model';
import { median } from './support/median';

function snapshotWith(n: number): ConfigSnapshot {
  const routingGateways = Array.from({ length: n }, (_, i) =>
    RoutingGatewaySchema.parse({ name: `rgw-${i}`, prefixes: [`${100 + (i % 900)}`], priority: i % 10, addresses: [{ host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }] }),
  );
  const mappingGateways = Array.from({ length: Math.ceil(n / 10) }, (_, i) =>
    MappingGatewaySchema.parse({ name: `mgw-${i}`, authMode: 'ip', ips: [{ ip: `172.16.${(i >> 8) & 255}.${i & 255}` }] }),
  );
  return normalizeSnapshot({ revision: 1, hash: '', params: {}, routingGateways, mappingGateways, endpoints: [] });
}


function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

for (const n of [1_000, 10_000]) {
  const base = snapshotWith(n);
  const mine = [{ op: 'param.set' as const, name: 'SS_SIP_TIMEOUT_INVITE', value: 20 }];
  const theirsR = applyOps(base, [{ op: 'routingGateway.upsert', gateway: { ...base.routingGateways[0]!, priority: 7 } }]);
  if (!theirsR.ok) throw new Error('bench setup failed');
  const theirs = theirsR.snapshot;
  const steps: Record<string, () => unknown> = {
    'baseline: JSON round trip': () => JSON.parse(JSON.stringify(base)),
    'applyOps (1 param)': () => applyOps(base, mine),
    validateSnapshot: () => validateSnapshot(base),
    snapshotHash: () => snapshotHash(base),
    'rebase (disjoint change)': () => rebase(base, theirs, mine),
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  const rounds = n >= 10_000 ? 7 : 21;
  // Interleave the steps in every round so drifts in machine load hit all of them alike.
  for (let r = 0; r < rounds; r++) for (const [k, fn] of Object.entries(steps)) samples[k]!.push(time(fn));
  const baseline = median(samples['baseline: JSON round trip']!);
  console.log(`\n${n} routing gateways, ${Math.ceil(n / 10)} mapping gateways (median of ${rounds} interleaved rounds)`);
  for (const k of Object.keys(steps)) {
    const m = median(samples[k]!);
    console.log(`  ${k.padEnd(28)} ${(m / baseline).toFixed(2).padStart(7)} × baseline   (${m.toFixed(1)} ms)`);
  }
}
