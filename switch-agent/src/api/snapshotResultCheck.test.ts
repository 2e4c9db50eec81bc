import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotArb } from '@shared/config/testing/arbitraries';
import { redactSnapshot } from '@shared/model';
import { AGENT_METHODS } from '@shared/rpc/agentApi';
import { withGatewayWiseResults } from './snapshotResultCheck';

const full = AGENT_METHODS['config.get'].result;
const quick = withGatewayWiseResults(AGENT_METHODS)['config.get'].result;

describe('config.get results checked gateway by gateway', () => {
  it('accepts and returns exactly what the method schema does', () => {
    fc.assert(
      fc.property(snapshotArb, fc.constantFrom('confirmed', 'pending'), (s, status) => {
        const value = { snapshot: redactSnapshot(s), status };
        expect(quick.safeParse(value)).toEqual(full.safeParse(value));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses what the method schema refuses, with the same issues (a secret value, an unknown field)', () => {
    const [s] = fc.sample(snapshotArb.filter((x) => x.mappingGateways.length > 0 && x.routingGateways.length > 0), { numRuns: 1, seed: 5 });
    const wire = redactSnapshot(s!);
    const leaking = { snapshot: { ...wire, mappingGateways: [{ ...wire.mappingGateways[0]!, password: { set: true, value: 'pw' } }] }, status: 'confirmed' };
    const extra = { snapshot: { ...wire, routingGateways: [{ ...wire.routingGateways[0]!, colour: 'red' }] }, status: 'confirmed' };
    const badStatus = { snapshot: wire, status: 'maybe' };
    for (const value of [leaking, extra, badStatus]) {
      const a = quick.safeParse(value);
      const b = full.safeParse(value);
      expect(a.success).toBe(false);
      expect(a.error?.issues).toEqual(b.error?.issues);
    }
  });

  it('a result that keeps the gateway lists reuses their checked form', () => {
    const [s] = fc.sample(snapshotArb.filter((x) => x.routingGateways.length > 0), { numRuns: 1, seed: 9 });
    const wire = redactSnapshot(s!);
    const first = quick.parse({ snapshot: wire, status: 'confirmed' }) as { snapshot: { routingGateways: unknown[] } };
    const second = quick.parse({ snapshot: { ...wire, revision: wire.revision + 1 }, status: 'pending' }) as typeof first;
    expect(second.snapshot.routingGateways).toBe(first.snapshot.routingGateways);
  });
});
