import { describe, expect, it } from 'vitest';
import { mgw, rgw, snap } from './testing/fixtures';
import { mapOpsSecrets, mapSnapshotSecrets } from './secretFields';

describe('secret fields', () => {
  it('visits every secret of a snapshot with its field path, and nothing else', () => {
    const s = snap({
      params: { SS_RTPENCRYPTIONKEY: 'k', SS_SIP_TIMEOUT_INVITE: 30 },
      mappingGateways: [mgw('m1', { authMode: 'password', username: 'u', password: { set: true, value: 'p' } })],
      routingGateways: [rgw('r1', { registration: { enabled: true, username: 'a', password: { set: true, value: 'q' }, realm: '', expirySec: null } })],
    });
    const seen: string[] = [];
    const out = mapSnapshotSecrets(s, (path, v, asParam) => {
      seen.push(`${path} ${asParam ? 'param' : 'field'}`);
      return asParam ? 'X' : { set: true, ref: 1 };
    }) as typeof s & { mappingGateways: { password: unknown }[] };
    expect(seen.sort()).toEqual([
      'mappingGateways[m1].password field',
      'params.SS_RTPENCRYPTIONKEY param',
      'routingGateways[r1].registration.password field',
    ]);
    expect(out.params).toEqual({ SS_RTPENCRYPTIONKEY: 'X', SS_SIP_TIMEOUT_INVITE: 30 });
    expect(out.mappingGateways[0]?.password).toEqual({ set: true, ref: 1 });
    // A stored form ({ set: true, <other key> }) is found again on the way back.
    const back: string[] = [];
    mapSnapshotSecrets(out, (path, v) => (back.push(path), v));
    expect(back.sort()).toEqual(['mappingGateways[m1].password', 'params.SS_RTPENCRYPTIONKEY', 'routingGateways[r1].registration.password']);
  });

  it('visits secrets in upserts and secret parameter sets, and leaves other ops alone', () => {
    const ops = [
      { op: 'param.set', name: 'SS_RTPENCRYPTIONKEY', value: 'k' },
      { op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 30 },
      { op: 'mappingGateway.upsert', gateway: mgw('m1', { authMode: 'password', username: 'u', password: { set: true, value: 'p' } }) },
      { op: 'mappingGateway.delete', name: 'm2' },
    ];
    const seen: string[] = [];
    const out = mapOpsSecrets(ops, (path, v) => (seen.push(path), v));
    expect(seen).toEqual(['params.SS_RTPENCRYPTIONKEY', 'mappingGateways[m1].password']);
    expect(out).toEqual(ops);
  });
});
