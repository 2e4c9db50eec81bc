import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MappingGatewaySchema, type MappingGateway } from '@shared/model/mappingGateway';
import { RoutingGatewaySchema, type RoutingGateway } from '@shared/model/routingGateway';
import { exportCsv } from './format';
import { importCsv } from './importCsv';
import { MAPPING_CSV } from './mappingCsv';
import { ROUTING_CSV } from './routingCsv';

const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/);
const prefix = fc.stringMatching(/^\+?[0-9*#]{0,8}$/);
const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const ip = fc.oneof(v4, fc.ipV6());
const host = fc.oneof(ip, fc.constantFrom('sbc.example.net', 'gw-1.carrier.test'));
const limit = (max: number) => fc.option(fc.integer({ min: 1, max }), { nil: null });
const notes = fc.string({ maxLength: 40, unit: 'grapheme' });
const secret = fc.constantFrom({ set: false }, { set: true }, { set: true, value: 'p@ss, "word"' });
const rule = fc.record({
  match: fc.record({ prefix, minLength: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }), maxLength: fc.option(fc.integer({ min: 10, max: 64 }), { nil: null }) }),
  action: fc.oneof(
    fc.constant({ kind: 'keep' as const }),
    fc.integer({ min: 1, max: 32 }).map((digits) => ({ kind: 'strip' as const, digits })),
    prefix.filter((p) => p !== '').map((p) => ({ kind: 'prepend' as const, prefix: p })),
    prefix.map((w) => ({ kind: 'replacePrefix' as const, with: w })),
  ),
});
const plan = fc.array(rule, { maxLength: 3 });

const routing: fc.Arbitrary<RoutingGateway> = fc.record({
  name, enabled: fc.boolean(),
  prefixes: fc.array(prefix.filter((p) => p !== ''), { maxLength: 4 }),
  prefixMode: fc.constantFrom('allow', 'deny'),
  priority: fc.integer({ min: 0, max: 1000 }),
  addresses: fc.array(fc.record({ host, port: fc.integer({ min: 1, max: 65535 }), transport: fc.constantFrom('udp', 'tcp', 'tls') }), { minLength: 1, maxLength: 3 }),
  maxConcurrentCalls: limit(1_000_000), cpsLimit: limit(100_000),
  inviteTimeout: fc.option(fc.nat(100_000), { nil: null }),
  stopSwitchAfterInviteTimeout: fc.option(fc.boolean(), { nil: null }),
  stopSwitchAfterSdp: fc.option(fc.boolean(), { nil: null }),
  stopSwitchCodes: fc.array(fc.integer({ min: 300, max: 699 }), { maxLength: 3 }),
  allowPublish: fc.boolean(),
  privacy: fc.constantFrom('none', 'passthrough', 'id'),
  pPreferredIdentity: fc.constantFrom('none', 'passthrough', 'caller'),
  pAssertedIdentity: fc.constantFrom('none', 'passthrough', 'caller'),
  callerDialPlan: plan, calleeDialPlan: plan,
  registration: fc.record({
    enabled: fc.boolean(), username: fc.stringMatching(/^[A-Za-z0-9._~+-]{0,10}$/), password: secret,
    realm: fc.stringMatching(/^[A-Za-z0-9.:_-]{0,10}$/), expirySec: fc.option(fc.integer({ min: 60, max: 86400 }), { nil: null }),
  }),
  notes,
  srtp: fc.boolean(),
  probe: fc.boolean(),
}).map(({ srtp, probe, ...g }) => RoutingGatewaySchema.parse({ ...g, ...(srtp && { mediaEncryption: 'sdes' }), ...(probe && { optionsProbe: true }) }));

const mapping: fc.Arbitrary<MappingGateway> = fc.record({
  name, enabled: fc.boolean(), authMode: fc.constantFrom('ip', 'ipPort', 'password'),
  ips: fc.array(fc.record({ ip, port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null }) }), { maxLength: 3 }),
  username: fc.stringMatching(/^[A-Za-z0-9._~+-]{0,10}$/), password: secret,
  cpsLimit: limit(100_000), maxConcurrentCalls: limit(1_000_000), maxCallDurationSec: limit(86_400),
  supportPrivacy: fc.boolean(), onlineCheckIntervalSec: fc.option(fc.integer({ min: 5, max: 3600 }), { nil: null }),
  allowedRoutingGateways: fc.oneof(fc.constant('all' as const), fc.array(name, { maxLength: 3 })),
  callerDialPlan: plan, calleeDialPlan: plan, notes,
}).map((g) => MappingGatewaySchema.parse(g));

const unique = <T extends { name: string }>(a: fc.Arbitrary<T>) => fc.uniqueArray(a, { maxLength: 6, selector: (g) => g.name });

describe('CSV round trip', () => {
  it('imports an exported routing table as unchanged, row for row', () => {
    fc.assert(fc.property(unique(routing), (gws) => {
      const r = importCsv(ROUTING_CSV, exportCsv(ROUTING_CSV, gws), gws);
      expect(r.fileProblems).toEqual([]);
      expect(r.rows.map((x) => [x.name, x.status, x.errors])).toEqual(gws.map((g) => [g.name, 'unchanged', []]));
      expect(r.ops).toEqual([]);
    }), { numRuns: 150 });
  });

  it('imports an exported mapping table as unchanged, row for row', () => {
    fc.assert(fc.property(unique(mapping), (gws) => {
      const r = importCsv(MAPPING_CSV, exportCsv(MAPPING_CSV, gws), gws);
      expect(r.rows.map((x) => [x.name, x.status, x.errors])).toEqual(gws.map((g) => [g.name, 'unchanged', []]));
    }), { numRuns: 150 });
  });

  it('recreates every field except passwords when the gateways do not exist yet', () => {
    fc.assert(fc.property(unique(routing), (gws) => {
      const r = importCsv(ROUTING_CSV, exportCsv(ROUTING_CSV, gws), []);
      expect(r.rows.every((x) => x.status === 'create')).toBe(true);
      const noSecrets = gws.map((g) => ({ ...g, registration: { ...g.registration, password: { set: false } } }));
      expect(r.ops).toEqual(noSecrets.map((gateway) => ({ op: 'routingGateway.upsert', gateway })));
    }), { numRuns: 100 });
  });
});
