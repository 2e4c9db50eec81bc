// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConfigOp } from '@shared/model/ops';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { ConfigSession } from './configSession';

beforeEach(() => sessionStorage.clear());

const HASH = 'd'.repeat(64);
const host = () => new FakeHost({ agent: { 'config.get': () => ({ snapshot: { revision: 2, hash: HASH, params: {}, routingGateways: [], mappingGateways: [], endpoints: [] }, status: 'confirmed' }) } });
const raise: ConfigOp = { op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 20 };

describe('staged changes across a reload', () => {
  it('come back in a new session of the same window', async () => {
    const before = new ConfigSession(host(), 's1');
    await before.load();
    before.stage([raise]);
    const after = new ConfigSession(host(), 's1');
    expect(after.getState().staged).toEqual([raise]);
    expect(new ConfigSession(host(), 's2').getState().staged).toEqual([]);
    after.clearStaged();
    expect(new ConfigSession(host(), 's1').getState().staged).toEqual([]);
  });

  it('are not written anywhere when they carry a password', async () => {
    const s = new ConfigSession(host(), 's1');
    await s.load();
    s.stage([{ op: 'mappingGateway.upsert', gateway: { name: 'c', enabled: true, authMode: 'password', ips: [], username: 'u', password: { set: true, value: 'secret-1' }, cpsLimit: null, maxConcurrentCalls: null, maxCallDurationSec: null, supportPrivacy: false, onlineCheckIntervalSec: null, allowedRoutingGateways: 'all', callerDialPlan: [], calleeDialPlan: [], notes: '' } }]);
    expect(s.getState().staged).toHaveLength(1);
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('secret-1');
    expect(new ConfigSession(host(), 's1').getState().staged).toEqual([]);
  });
});
