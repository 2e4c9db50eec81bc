import { describe, expect, it } from 'vitest';
import type { ConfigOp } from '../model/ops';
import { applyOps } from './apply';
import { snapshotHash } from './hash';
import { mgw, rgw, snap } from '../../test/doubles/shared/configFixtures';

describe('applyOps', () => {
  it('sets a parameter, and setting it to its default removes it', () => {
    const r1 = applyOps(snap(), [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 20 }]);
    expect(r1.ok && r1.snapshot.params).toEqual({ SS_SIP_TIMEOUT_INVITE: 20 });
    if (!r1.ok) return;
    const r2 = applyOps(r1.snapshot, [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 10 }]);
    expect(r2.ok && r2.snapshot.params).toEqual({});
    const r3 = applyOps(r1.snapshot, [{ op: 'param.reset', name: 'SS_SIP_TIMEOUT_INVITE' }]);
    expect(r3.ok && r3.snapshot.params).toEqual({});
  });

  it('keeps the revision and recomputes the hash', () => {
    const base = snap({ revision: 7 });
    const r = applyOps(base, [{ op: 'routingGateway.upsert', gateway: rgw('gw-a') }]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.revision).toBe(7);
    expect(r.snapshot.hash).toBe(snapshotHash(r.snapshot));
    expect(r.snapshot.hash).not.toBe(base.hash);
  });

  it('names the field of every error and applies nothing', () => {
    const bad = { ...rgw('gw-a'), addresses: [{ host: '192.0.2.1', port: 70000, transport: 'udp' }] };
    const r = applyOps(snap(), [
      { op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 0 },
      { op: 'param.set', name: 'SS_NO_SUCH_THING', value: 1 },
      { op: 'routingGateway.upsert', gateway: bad } as ConfigOp,
      { op: 'mappingGateway.delete', name: 'nobody' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual([
      'params.SS_SIP_TIMEOUT_INVITE',
      'params.SS_NO_SUCH_THING',
      'routingGateways[gw-a].addresses[0].port',
      'mappingGateways[nobody]',
    ]);
  });

  it('keeps a stored secret when the upsert says { set: true } and refuses to keep a missing one', () => {
    const stored = mgw('cust', { authMode: 'password', ips: [], username: 'u1', password: { set: true, value: 'old' } });
    const base = snap({ mappingGateways: [stored] });
    const r = applyOps(base, [{ op: 'mappingGateway.upsert', gateway: { ...stored, cpsLimit: 5, password: { set: true } } }]);
    expect(r.ok && r.snapshot.mappingGateways[0]?.password).toEqual({ set: true, value: 'old' });
    const r2 = applyOps(snap(), [{ op: 'mappingGateway.upsert', gateway: { ...stored, password: { set: true } } }]);
    expect(r2.ok ? [] : r2.errors.map((e) => e.path)).toEqual(['mappingGateways[cust].password']);
  });

  it('says why a new gateway password is refused, on the password field', () => {
    const gw = { ...mgw('cust', { authMode: 'password', ips: [], username: 'u1', password: { set: true, value: 'old' } }), password: { set: true, value: 'pässwort' } };
    const r = applyOps(snap(), [{ op: 'mappingGateway.upsert', gateway: gw } as ConfigOp]);
    expect(r.ok ? [] : r.errors).toEqual([{ path: 'mappingGateways[cust].password.value', message: 'must contain printable ASCII characters only' }]);
  });

  it('fills schema defaults of an upserted gateway and keeps gateways sorted', () => {
    const r = applyOps(snap(), [
      { op: 'routingGateway.upsert', gateway: { name: 'zz', addresses: [{ host: 'sip.example.net' }] } } as unknown as ConfigOp,
      { op: 'routingGateway.upsert', gateway: rgw('aa') },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.routingGateways.map((g) => g.name)).toEqual(['aa', 'zz']);
    expect(r.snapshot.routingGateways[1]?.addresses[0]).toEqual({ host: 'sip.example.net', port: 5060, transport: 'udp' });
  });
});
