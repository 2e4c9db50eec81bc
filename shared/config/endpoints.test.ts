import { describe, expect, it } from 'vitest';
import { mapOpsSecrets, mapSnapshotSecrets } from './secretFields';
import { applyOps, emptySnapshot, snapshotErrors } from './index';
import { legacySnapshotHash } from './hash';

const pw = (value: string) => ({ set: true as const, value });

describe('endpoints in the configuration model', () => {
  it('are upserted, keep a withheld password, and are deleted by account', () => {
    const first = applyOps(emptySnapshot(), [{ op: 'endpoint.upsert', endpoint: { name: '1001', password: pw('s3cret') } as never }]);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.snapshot.endpoints).toEqual([{ name: '1001', enabled: true, password: pw('s3cret'), allowedRoutingGateways: 'all', notes: '' }]);
    const kept = applyOps(first.snapshot, [{ op: 'endpoint.upsert', endpoint: { name: '1001', password: { set: true }, notes: 'desk' } as never }]);
    expect(kept.ok && kept.snapshot.endpoints[0]).toMatchObject({ password: pw('s3cret'), notes: 'desk' });
    const gone = applyOps(first.snapshot, [{ op: 'endpoint.delete', name: '1001' }]);
    expect(gone.ok && gone.snapshot.endpoints).toEqual([]);
  });

  it('name the endpoint field of a malformed op', () => {
    const r = applyOps(emptySnapshot(), [{ op: 'endpoint.upsert', endpoint: { name: '1001', password: { set: 'yes' } } } as never]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(['endpoints[1001].password.set']);
  });

  it('need a password, and an account that no password mapping gateway uses as its user name', () => {
    const r = applyOps(emptySnapshot(), [
      { op: 'endpoint.upsert', endpoint: { name: 'trunk1', password: pw('x') } as never },
      { op: 'endpoint.upsert', endpoint: { name: '1002' } as never },
      { op: 'mappingGateway.upsert', gateway: { name: 'mgw', authMode: 'password', username: 'trunk1', password: pw('y') } as never },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(snapshotErrors(r.snapshot)).toEqual([
      { path: 'endpoints[1002].password', message: 'required: an endpoint registers with its account and password', reason: { code: 'endpoint.passwordRequired', values: {} } },
      { path: 'endpoints[trunk1].name', message: 'account trunk1 is also the user name of mapping gateway mgw', reason: { code: 'endpoint.accountTaken', values: { account: 'trunk1', other: 'mgw' } } },
    ]);
  });

  it('leave the hash of a configuration without endpoints as it was, and change it when one is added', () => {
    const empty = emptySnapshot();
    // The hashes from before endpoints existed: scheme 2 (validate.test.ts keeps the same golden
    // value) and scheme 1, which older export documents carry.
    expect(empty.hash).toBe('7670ba855f4d45983b0882a0fdc92010cb84baf9bf9edceb9bca65993f6ff883');
    expect(legacySnapshotHash(empty)).toBe('a199a73fc30589fbf087d52f4e89de041807941fa2b864c9547ebb707a7fc9c4');
    const r = applyOps(empty, [{ op: 'endpoint.upsert', endpoint: { name: '1001', password: pw('a') } as never }]);
    expect(r.ok && r.snapshot.hash).not.toBe(empty.hash);
  });

  it('have their passwords visited by the sealing walk, in snapshots and in ops', () => {
    const seen: string[] = [];
    mapSnapshotSecrets({ endpoints: [{ name: '1001', password: pw('a') }] }, (path) => seen.push(path));
    mapOpsSecrets([{ op: 'endpoint.upsert', endpoint: { name: '1002', password: pw('b') } }], (path) => seen.push(path));
    expect(seen).toEqual(['endpoints[1001].password', 'endpoints[1002].password']);
  });
});
