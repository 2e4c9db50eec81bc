import { describe, expect, it } from 'vitest';
import { redactSnapshot } from '../model/redact';
import type { ConfigSnapshot } from '../model/snapshot';
import { canonicalJson } from './json';
import { snapshotHash } from './hash';
import { emptySnapshot } from './snapshot';
import { validateSnapshot } from './validate';
import { mgw, rgw, snap } from '../../test/doubles/shared/configFixtures';

const paths = (r: { path: string }[]) => r.map((e) => e.path);

describe('validateSnapshot', () => {
  it('accepts a consistent configuration', () => {
    const s = snap({ routingGateways: [rgw('gw-a')], mappingGateways: [mgw('cust', { allowedRoutingGateways: ['gw-a'] })] });
    expect(validateSnapshot(s)).toEqual({ errors: [], warnings: [] });
  });

  it('reports schema errors by gateway name', () => {
    const s = { ...snap(), routingGateways: [{ ...rgw('gw-a'), priority: -1 }] };
    expect(paths(validateSnapshot(s).errors)).toEqual(['routingGateways[gw-a].priority']);
  });

  it('checks catalog values and cross-parameter rules', () => {
    const bad = snap({ params: { SS_SIP_TIMEOUT_INVITE: 999, SS_RTPENCRYPTIONMODE: '3' } });
    expect(paths(validateSnapshot(bad).errors)).toEqual(['params.SS_SIP_TIMEOUT_INVITE', 'params.SS_RTPENCRYPTIONKEY']);
  });

  it('checks per-gateway overrides against the overridden parameter', () => {
    const s = snap({ routingGateways: [rgw('gw-a', { inviteTimeout: 301 })] });
    expect(paths(validateSnapshot(s).errors)).toEqual(['routingGateways[gw-a].inviteTimeout']);
  });

  it('reports references to missing routing gateways and duplicate names', () => {
    const s = { ...snap({ mappingGateways: [mgw('cust', { allowedRoutingGateways: ['gone'] })] }), routingGateways: [rgw('gw-a'), rgw('gw-a')] };
    expect(paths(validateSnapshot(s).errors)).toEqual(['routingGateways[gw-a]', 'mappingGateways[cust].allowedRoutingGateways[0]']);
  });

  it('refuses one source address claimed by two enabled IP-authenticated gateways, and warns when one is disabled', () => {
    const a = mgw('a', { ips: [{ ip: '2001:db8::1' }] });
    const b = mgw('b', { authMode: 'ipPort', ips: [{ ip: '2001:DB8:0:0::1', port: 5060 }] });
    const c = mgw('c', { authMode: 'ipPort', ips: [{ ip: '198.51.100.9', port: 5060 }, { ip: '198.51.100.9', port: 5061 }] });
    expect(paths(validateSnapshot(snap({ mappingGateways: [a, b, c] })).errors)).toEqual(['mappingGateways[b].ips[0].ip']);
    const r = validateSnapshot(snap({ mappingGateways: [a, { ...b, enabled: false }] }));
    expect([paths(r.errors), paths(r.warnings)]).toEqual([[], ['mappingGateways[b].ips[0].ip']]);
  });

  it('requires credentials for password authentication and registration', () => {
    const s = snap({
      routingGateways: [rgw('gw-a', { registration: { enabled: true } })],
      mappingGateways: [mgw('cust', { authMode: 'password', ips: [] }), mgw('ipp', { authMode: 'ipPort', ips: [{ ip: '192.0.2.5' }] })],
    });
    expect(paths(validateSnapshot(s).errors)).toEqual([
      'routingGateways[gw-a].registration.username',
      'routingGateways[gw-a].registration.password',
      'mappingGateways[cust].username',
      'mappingGateways[cust].password',
      'mappingGateways[ipp].ips[0].port',
    ]);
  });

  it('accepts a withheld secret parameter and judges no rule on it', () => {
    const full = snap({ params: { SS_RTPENCRYPTIONMODE: '3', SS_RTPENCRYPTIONKEY: '0123456789abcdef' } });
    const wire = redactSnapshot(full) as ConfigSnapshot;
    expect(wire.params.SS_RTPENCRYPTIONKEY).toEqual({ set: true });
    expect(validateSnapshot(wire).errors).toEqual([]);
    expect(snapshotHash(wire)).toBe(snapshotHash(full));
  });
});

describe('canonicalJson and hash', () => {
  it('sorts keys, drops undefined members and refuses non-JSON numbers', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });

  it('hashes an empty configuration to a fixed digest (computed independently of this code)', () => {
    // E = sha256(""), the hash of an empty collection;
    // sha256("switchdeck-config/2\n" + '{"mappingGateways":"<E>","params":{},"routingGateways":"<E>"}')
    expect(emptySnapshot().hash).toBe('7670ba855f4d45983b0882a0fdc92010cb84baf9bf9edceb9bca65993f6ff883');
    expect(snapshotHash(emptySnapshot())).toBe(emptySnapshot().hash);
  });
});
