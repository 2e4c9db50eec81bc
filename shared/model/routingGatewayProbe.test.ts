import { describe, expect, it } from 'vitest';
import { snapshotHash } from '../config/hash';
import { RoutingGatewaySchema } from './routingGateway';

// snapshotHash of this one-gateway configuration computed with the schema before optionsProbe existed.
const PRE_PROBE_HASH = '30bc7b3f35ca036a098ba1e55cbafa94a4d0d19e7aa9a1477d928b7424ff237c';
const content = (g: object) => ({ params: {}, routingGateways: [g], mappingGateways: [], endpoints: [] }) as unknown as Parameters<typeof snapshotHash>[0];

describe('routing gateway optionsProbe', () => {
  it('is left out when not set, so gateways stored before it existed keep their content and hash', () => {
    const parsed = RoutingGatewaySchema.parse({ name: 'gw1', addresses: [{ host: '192.0.2.1' }] });
    expect('optionsProbe' in parsed).toBe(false);
    expect(snapshotHash(content(parsed))).toBe(PRE_PROBE_HASH);
    expect(snapshotHash(content({ ...parsed, optionsProbe: true }))).not.toBe(PRE_PROBE_HASH);
  });

  it('refuses a value that is not true or false, in plain words', () => {
    const r = RoutingGatewaySchema.safeParse({ name: 'gw1', addresses: [{ host: '192.0.2.1' }], optionsProbe: 'yes' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['optionsProbe'], message: 'must be true or false' });
  });
});
