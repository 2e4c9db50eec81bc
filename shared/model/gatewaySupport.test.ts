import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAPPING_GATEWAY_SUPPORT, ROUTING_GATEWAY_SUPPORT, unenforcedGatewaySettings } from './gatewaySupport';
import { ENDPOINT_SUPPORT } from './endpointSupport';
import { rgw, mgw, snap } from '../../test/doubles/shared/configFixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('gateway engine support', () => {
  it('every enforced setting cites a test file that exists', () => {
    for (const s of [...Object.values(ROUTING_GATEWAY_SUPPORT), ...Object.values(MAPPING_GATEWAY_SUPPORT)]) {
      if (s.status !== 'enforced') continue;
      const file = s.test.split(' ')[0]!;
      expect(existsSync(path.join(root, file)), file).toBe(true);
      expect(readFileSync(path.join(root, file), 'utf8').length).toBeGreaterThan(0);
    }
  });

  it('marks the operators\' notes, and nothing else, as not an engine setting', () => {
    for (const table of [ROUTING_GATEWAY_SUPPORT, MAPPING_GATEWAY_SUPPORT, ENDPOINT_SUPPORT]) {
      const notEngine = Object.entries(table).filter(([, s]) => s.status === 'not-engine').map(([field]) => field);
      expect(notEngine).toEqual(['notes']);
      expect(table.notes).toEqual({ status: 'not-engine', why: expect.stringMatching(/^Kept for operators; the engine does not use it\.$/) });
    }
  });

  it('never warns about notes: they are not stored-only engine settings', () => {
    const next = snap({ routingGateways: [rgw('gw-a', { notes: 'carrier A, ticket 12' })], mappingGateways: [mgw('m1', { notes: 'front office' })] });
    expect(unenforcedGatewaySettings(snap(), next)).toEqual([]);
  });

  it('warns about stored-only settings a change sets, naming the field', () => {
    const prev = snap({ routingGateways: [rgw('gw-a')] });
    const next = snap({ routingGateways: [rgw('gw-a', { inviteTimeout: 5, cpsLimit: 7, allowPublish: true, priority: 3, registration: { enabled: true, username: 'u', password: { set: false }, realm: '', expirySec: null } })], mappingGateways: [mgw('m1', { cpsLimit: 10, onlineCheckIntervalSec: 30 })] });
    const w = unenforcedGatewaySettings(prev, next);
    // Every routing gateway setting is applied now; the mapping gateway's online check is still stored only.
    expect(w.map((x) => x.path).sort()).toEqual(['mappingGateways[m1].onlineCheckIntervalSec']);
    expect(w[0]?.message).toMatch(/^Stored only/);
  });

  it('says nothing about unchanged gateways or enforced settings', () => {
    const g = rgw('gw-a', { allowPublish: true });
    expect(unenforcedGatewaySettings(snap({ routingGateways: [g] }), snap({ routingGateways: [g] }))).toEqual([]);
    expect(unenforcedGatewaySettings(snap(), snap({ routingGateways: [rgw('gw-b', { priority: 9, prefixes: ['44'], cpsLimit: 5, maxConcurrentCalls: 9 })] }))).toEqual([]);
  });
});
