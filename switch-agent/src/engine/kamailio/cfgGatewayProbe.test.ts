import { describe, expect, it } from 'vitest';
import { PROBE_SET, probeReplyCodes, probeTimeoutMs, renderGatewayProbeModule } from './cfgGatewayProbe';
import { planEngineTables, type RoutingGatewayInput } from './routingPlan';

const gw = (name: string, hosts: string[], probe?: boolean): RoutingGatewayInput => ({
  name, prefixes: [], priority: 0, addresses: hosts.map((h) => ({ host: h, port: 5060 })), ...(probe !== undefined && { probe }),
});

describe('gateway probing: the dispatcher rows', () => {
  it('lists each address of the probed gateways once, and none of the others', () => {
    const plan = planEngineTables({
      mappingGateways: [],
      routingGateways: [gw('b', ['192.0.2.2', '192.0.2.3'], true), gw('a', ['192.0.2.2'], true), gw('off', ['192.0.2.9'], false), gw('absent', ['192.0.2.8'])],
    });
    expect(plan.dispatcher).toEqual([
      { setid: PROBE_SET, destination: 'sip:192.0.2.2:5060', description: 'a,b' },
      { setid: PROBE_SET, destination: 'sip:192.0.2.3:5060', description: 'b' },
    ]);
  });

  it('has no rows when no gateway asks for probing (the default)', () => {
    expect(planEngineTables({ mappingGateways: [], routingGateways: [gw('a', ['192.0.2.1'])] }).dispatcher).toEqual([]);
  });
});

describe('gateway probing: module settings', () => {
  it('counts every reply a gateway sends as alive, but not 408 (what tm reports when nothing came)', () => {
    const codes = probeReplyCodes().split(';');
    expect(codes).toEqual(expect.arrayContaining(['class=2', 'class=3', 'class=5', 'class=6', 'code=404', 'code=405', 'code=499']));
    expect(codes).not.toContain('code=408');
    expect(codes).not.toContain('class=4');
  });

  it('waits for a probe reply at most 5 s and less than the interval', () => {
    expect(probeTimeoutMs(1)).toBe(750);
    expect(probeTimeoutMs(3)).toBe(2750);
    expect(probeTimeoutMs(30)).toBe(5000);
  });

  it('renders the interval and refuses one out of range, naming the field', () => {
    expect(renderGatewayProbeModule({ intervalSec: 7 }, { address: '127.0.0.1', port: 5060 }, 'sqlite:///x.db')).toContain('modparam("dispatcher", "ds_ping_interval", 7)');
    expect(() => renderGatewayProbeModule({ intervalSec: 0 }, { address: '127.0.0.1', port: 5060 }, 'sqlite:///x.db')).toThrow(/gatewayProbe.intervalSec/);
  });
});
