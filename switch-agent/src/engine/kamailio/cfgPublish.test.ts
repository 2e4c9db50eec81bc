import { describe, expect, it } from 'vitest';
import { PUBLISH_ATTRS, PUBLISH_GW_TYPE, publishCfgVarValues, publishSourceRows } from './cfgPublish';
import { planEngineTables } from './routingPlan';

const gw = (name: string, hosts: string[], publish?: boolean) => ({
  name, prefixes: ['44'], priority: 1, addresses: hosts.map((host) => ({ host, port: 5060 })), ...(publish !== undefined && { publish }),
});

describe('routing gateway PUBLISH rows', () => {
  it('one port-less row per distinct IP of the Allow Publish gateways; host names and other gateways left out', () => {
    const rows = publishSourceRows([gw('a', ['192.0.2.1', '192.0.2.2']), gw('b', ['192.0.2.1', 'carrier.example'], true), gw('c', ['192.0.2.1'], true), gw('d', ['192.0.2.9'], false)], 7);
    expect(rows).toEqual([{ gwid: 7, type: PUBLISH_GW_TYPE, address: '192.0.2.1', attrs: PUBLISH_ATTRS, description: 'b,c' }]);
  });

  it('the plan marks the routed rows of an Allow Publish gateway with pub=1 and never lists the publish rows in a rule', () => {
    const plan = planEngineTables({ mappingGateways: [], routingGateways: [gw('a', ['192.0.2.1']), gw('b', ['192.0.2.2'], true)] });
    expect(plan.drGateways.filter((g) => g.type !== PUBLISH_GW_TYPE && (g.description === 'a' || g.description === 'b')).map((g) => g.attrs)).toEqual(['a', 'b;pub=1']);
    const pubRow = plan.drGateways.find((g) => g.type === PUBLISH_GW_TYPE);
    expect(pubRow).toMatchObject({ address: '192.0.2.2', description: 'b' });
    expect(plan.drRules.flatMap((r) => r.gwlist.split(',')).map(Number)).not.toContain(pubRow!.gwid);
  });

  it('SS_SIP_PUBLISH_EXPIRE: 300 s when not given, 30–7200 s, named when out of range', () => {
    expect(publishCfgVarValues({})).toEqual({ publishExpireSec: 300 });
    expect(publishCfgVarValues({ publishExpireSec: 30 })).toEqual({ publishExpireSec: 30 });
    expect(() => publishCfgVarValues({ publishExpireSec: 29 })).toThrow(/publishExpireSec/);
    expect(() => publishCfgVarValues({ publishExpireSec: 7201 })).toThrow(/publishExpireSec/);
  });
});
