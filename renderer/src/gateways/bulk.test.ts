import { describe, expect, it } from 'vitest';
import { MappingGatewaySchema } from '@shared/model/mappingGateway';
import { cloneName, cloneOps, setEnabledOps } from './bulk';

describe('gateway bulk operations', () => {
  it('finds a free clone name within 64 characters', () => {
    expect(cloneName('gw', new Set(['gw']))).toBe('gw-copy');
    expect(cloneName('gw', new Set(['gw', 'gw-copy', 'gw-copy2']))).toBe('gw-copy3');
    expect(cloneName('x'.repeat(64), new Set()).length).toBe(64);
  });

  it('clones without withheld secrets and only toggles what differs', () => {
    const m = MappingGatewaySchema.parse({ name: 'm', authMode: 'password', username: 'u', password: { set: true } });
    const [op] = cloneOps('mappingGateways', [m], [m]);
    expect(op).toMatchObject({ op: 'mappingGateway.upsert', gateway: { name: 'm-copy', password: { set: false }, username: 'u' } });
    expect(setEnabledOps('mappingGateways', [m], true)).toEqual([]);
    expect(setEnabledOps('mappingGateways', [m], false)).toEqual([{ op: 'mappingGateway.upsert', gateway: { ...m, enabled: false } }]);
  });
});
