/** fast-check arbitraries for snapshots and ops, built from the catalog and the model (tests only). */
import fc from 'fast-check';
import { CATALOG, defaultValue, paramValueEquals, validateParamValue } from '../../catalog';
import type { ParamDef, ParamValue } from '../../catalog/types';
import type { DialRule } from '../../model/dialPlan';
import type { Endpoint } from '../../model/endpoint';
import type { MappingGateway } from '../../model/mappingGateway';
import type { RoutingGateway } from '../../model/routingGateway';
import type { Secret } from '../../model/secret';
import type { ConfigSnapshot } from '../../model/snapshot';
import { normalizeSnapshot } from '../snapshot';

const CHARS = 'abcXYZ0189-_.'.split('');

function rawValueArb(def: ParamDef): fc.Arbitrary<ParamValue> {
  const t = def.type;
  switch (t.kind) {
    case 'onoff':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: t.min, max: t.max });
    case 'enum':
      return fc.constantFrom(...t.options.map((o) => o.value));
    case 'string':
      return fc.string({ unit: fc.constantFrom(...CHARS), maxLength: Math.min(t.maxLength, 20) });
    case 'numberList': {
      const item = t.integerItems
        ? fc.integer({ min: Math.ceil(t.itemMin), max: Math.floor(t.itemMax) })
        : fc.integer({ min: Math.ceil(t.itemMin * 10), max: Math.floor(t.itemMax * 10) }).map((x) => x / 10);
      return fc
        .array(item, { minLength: t.minItems, maxLength: Math.min(t.maxItems, 6) })
        .map((xs) => (t.ascending ? [...xs].sort((a, b) => a - b) : xs));
    }
    case 'autoOrInteger':
      return fc.oneof(fc.constant('auto'), fc.integer({ min: t.min, max: t.max }));
    case 'noneOrInteger':
      return fc.oneof(fc.constant('none'), fc.integer({ min: t.min, max: t.max }));
  }
}

/** A valid value of the parameter (possibly its default). */
export function paramValueArb(def: ParamDef): fc.Arbitrary<ParamValue> {
  return rawValueArb(def).filter((v) => validateParamValue(def.name, v)?.severity !== 'error');
}

/** Stored params: a subset of the catalog with valid, non-default values. */
export const paramsArb: fc.Arbitrary<Record<string, ParamValue>> = fc
  .subarray(CATALOG as ParamDef[], { maxLength: 8 })
  .chain((defs) => fc.tuple(...defs.map((d) => paramValueArb(d).map((v) => [d.name, v] as const))))
  .map((pairs) => Object.fromEntries(pairs.filter(([n, v]) => !paramValueEquals(v, defaultValue(n)))));

export const secretArb: fc.Arbitrary<Secret> = fc.oneof(
  fc.constant({ set: false } as Secret),
  fc.constantFrom('pw1', 'pw2', 's3cret').map((value) => ({ set: true, value }) as Secret),
);

const dialRuleArb: fc.Arbitrary<DialRule> = fc.record({
  match: fc.record({ prefix: fc.constantFrom('', '00', '+1', '86'), minLength: fc.constantFrom(null, 4), maxLength: fc.constantFrom(null, 15) }),
  action: fc.oneof(
    fc.constant({ kind: 'keep' as const }),
    fc.integer({ min: 1, max: 3 }).map((digits) => ({ kind: 'strip' as const, digits })),
    fc.constantFrom('0', '+86').map((prefix) => ({ kind: 'prepend' as const, prefix })),
    fc.constantFrom('', '1').map((w) => ({ kind: 'replacePrefix' as const, with: w })),
  ),
});

export const GATEWAY_NAMES = ['gw-a', 'gw-b', 'gw-c', 'gw-d'];

export function routingGatewayArb(name: string): fc.Arbitrary<RoutingGateway> {
  return fc.record({
    name: fc.constant(name),
    enabled: fc.boolean(),
    prefixes: fc.uniqueArray(fc.constantFrom('1', '44', '86', '0086'), { maxLength: 3 }),
    prefixMode: fc.constantFrom('allow' as const, 'deny' as const),
    priority: fc.integer({ min: 0, max: 9 }),
    addresses: fc.array(
      fc.record({ host: fc.constantFrom('192.0.2.1', '2001:db8::1', 'sip.example.net'), port: fc.constantFrom(5060, 5080), transport: fc.constantFrom('udp' as const, 'tcp' as const, 'tls' as const) }),
      { minLength: 1, maxLength: 2 },
    ),
    maxConcurrentCalls: fc.constantFrom(null, 30, 100),
    cpsLimit: fc.constantFrom(null, 5, 20),
    inviteTimeout: fc.constantFrom(null, 5, 20),
    stopSwitchAfterInviteTimeout: fc.constantFrom(null, true, false),
    stopSwitchAfterSdp: fc.constantFrom(null, true, false),
    stopSwitchCodes: fc.uniqueArray(fc.constantFrom(403, 404, 486, 503), { maxLength: 2 }),
    allowPublish: fc.boolean(),
    privacy: fc.constantFrom('none' as const, 'passthrough' as const, 'id' as const),
    pPreferredIdentity: fc.constantFrom('none' as const, 'passthrough' as const, 'caller' as const),
    pAssertedIdentity: fc.constantFrom('none' as const, 'passthrough' as const, 'caller' as const),
    callerDialPlan: fc.array(dialRuleArb, { maxLength: 2 }),
    calleeDialPlan: fc.array(dialRuleArb, { maxLength: 2 }),
    registration: fc.record({
      enabled: fc.boolean(),
      username: fc.constantFrom('', 'acct1'),
      password: secretArb,
      realm: fc.constantFrom('', 'example.net'),
      expirySec: fc.constantFrom(null, 600),
    }),
    notes: fc.constantFrom('', 'carrier A'),
  });
}

export function mappingGatewayArb(name: string): fc.Arbitrary<MappingGateway> {
  return fc.record({
    name: fc.constant(name),
    enabled: fc.boolean(),
    authMode: fc.constantFrom('ip' as const, 'ipPort' as const, 'password' as const),
    ips: fc.array(fc.record({ ip: fc.constantFrom('198.51.100.7', '198.51.100.8', '2001:db8::7'), port: fc.constantFrom(null, 5060) }), { maxLength: 2 }),
    username: fc.constantFrom('', 'cust1', 'cust2'),
    password: secretArb,
    cpsLimit: fc.constantFrom(null, 10),
    maxConcurrentCalls: fc.constantFrom(null, 50),
    maxCallDurationSec: fc.constantFrom(null, 3600),
    supportPrivacy: fc.boolean(),
    onlineCheckIntervalSec: fc.constantFrom(null, 30),
    allowedRoutingGateways: fc.oneof(fc.constant('all' as const), fc.subarray(GATEWAY_NAMES, { maxLength: 2 })),
    callerDialPlan: fc.array(dialRuleArb, { maxLength: 1 }),
    calleeDialPlan: fc.array(dialRuleArb, { maxLength: 1 }),
    notes: fc.constantFrom('', 'customer B'),
  });
}

export function endpointArb(name: string): fc.Arbitrary<Endpoint> {
  return fc.record({
    name: fc.constant(name),
    enabled: fc.boolean(),
    password: secretArb,
    allowedRoutingGateways: fc.oneof(fc.constant('all' as const), fc.subarray(GATEWAY_NAMES, { maxLength: 2 })),
    notes: fc.constantFrom('', 'front desk'),
  });
}

function itemsArb<T>(make: (name: string) => fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.subarray(GATEWAY_NAMES).chain((names) => (names.length ? fc.tuple(...names.map(make)) : fc.constant([] as T[])));
}

/** Snapshots satisfying the model schema (not necessarily every cross-item rule). */
export const snapshotArb: fc.Arbitrary<ConfigSnapshot> = fc
  .record({
    revision: fc.nat({ max: 1000 }),
    params: paramsArb,
    routingGateways: itemsArb(routingGatewayArb),
    mappingGateways: itemsArb(mappingGatewayArb),
    endpoints: itemsArb(endpointArb),
  })
  .map((s) => normalizeSnapshot({ ...s, params: s.params as ConfigSnapshot['params'], hash: '' }));
