import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptLength, DEFAULT_AUTH_REALM, planEngineTables } from './routingPlan';
import type { EngineTablesInput, MappingGatewayInput, RoutingGatewayInput } from './routingPlan';

const gw = (name: string, prefixes: string[], priority: number, prefixMode: 'allow' | 'deny' = 'allow', host = '192.0.2.1'): RoutingGatewayInput => ({
  name, prefixes, prefixMode, priority, addresses: [{ host, port: 5060 }],
});

function names(input: EngineTablesInput, group: string, prefix: string): string[] | undefined {
  const plan = planEngineTables(input);
  const rule = plan.drRules.find((r) => r.groupid === group && r.prefix === prefix);
  return rule?.gwlist.split(',').filter(Boolean).map((id) => plan.drGateways.find((g) => g.gwid === Number(id))!.attrs);
}

describe('planEngineTables: prefixes, priority, groups', () => {
  it('lists a deny gateway under every rule except its denied prefixes', () => {
    const input: EngineTablesInput = {
      mappingGateways: [],
      routingGateways: [gw('uk', ['44'], 5), gw('no-premium', ['449', '1900'], 1, 'deny'), gw('us', ['1'], 3)],
    };
    expect(names(input, '0', '')).toEqual(['no-premium']);
    expect(names(input, '0', '44')).toEqual(['uk', 'no-premium']);
    expect(names(input, '0', '449')).toEqual(['uk']);
    expect(names(input, '0', '1')).toEqual(['us', 'no-premium']);
    expect(names(input, '0', '1900')).toEqual(['us']);
  });

  it('points prefixes nobody accepts at the no-route sentinel, so a shorter rule cannot catch denied numbers', () => {
    const input: EngineTablesInput = { mappingGateways: [], routingGateways: [gw('all-but-9', ['9'], 0, 'deny')] };
    expect(names(input, '0', '9')).toEqual(['!no-route']);
    expect(names(input, '0', '')).toEqual(['all-but-9']);
  });

  it('tries the lower priority value first among equally specific gateways, then by name', () => {
    const input: EngineTablesInput = { mappingGateways: [], routingGateways: [gw('b', [], 2), gw('c', [], 1), gw('a', [], 2)] };
    expect(names(input, '0', '')).toEqual(['c', 'a', 'b']);
  });

  it('gives mapping gateways with an explicit routing-gateway list their own drouting group', () => {
    const input: EngineTablesInput = {
      mappingGateways: [
        { name: 'm-all', ips: [{ ip: '10.0.0.1' }] },
        { name: 'm-one', ips: [{ ip: '10.0.0.2' }], allowedRoutingGateways: ['cheap', 'missing'] },
        { name: 'm-same', ips: [{ ip: '10.0.0.3' }], allowedRoutingGateways: ['cheap'] },
      ],
      routingGateways: [gw('cheap', ['44'], 1), gw('dear', [], 0)],
    };
    const plan = planEngineTables(input);
    expect([...plan.routingGroups]).toEqual([['m-all', 0], ['m-one', 1], ['m-same', 1]]);
    expect(plan.address.map((a) => a.tag)).toEqual(['0:m-all', '1:m-one', '1:m-same']);
    expect(names(input, '0', '44')).toEqual(['cheap', 'dear']);
    expect(names(input, '1', '44')).toEqual(['cheap']);
    expect(names(input, '1', '')).toEqual(['!no-route']);
    expect(new Set(plan.drRules.map((r) => r.ruleid)).size).toBe(plan.drRules.length);
  });

  it('stores only digests for password gateways', () => {
    const plan = planEngineTables({
      mappingGateways: [{ name: 'pw', ips: [], credentials: { username: 'trunk1', password: 's3cret' } }],
      routingGateways: [],
    });
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    expect(plan.subscriber).toEqual([{
      username: 'trunk1', domain: '', grp: 1, tag: '0:pw',
      ha1: md5(`trunk1:${DEFAULT_AUTH_REALM}:s3cret`), ha1b: md5(`trunk1@${DEFAULT_AUTH_REALM}:${DEFAULT_AUTH_REALM}:s3cret`),
    }]);
    expect(JSON.stringify(plan)).not.toContain('s3cret');
  });

  it('refuses two password gateways with one username', () => {
    expect(() => planEngineTables({
      mappingGateways: [
        { name: 'a', ips: [], credentials: { username: 'u', password: 'x' } },
        { name: 'b', ips: [], credentials: { username: 'u', password: 'y' } },
      ],
      routingGateways: [],
    })).toThrow(/^mappingGateways\["b"\]\.username: /);
  });

  it('routes every number to exactly the gateways that accept it (property)', () => {
    const prefix = fc.stringMatching(/^[0-9]{1,3}$/);
    const gateway = fc.record({ prefixes: fc.array(prefix, { maxLength: 3 }), mode: fc.constantFrom('allow' as const, 'deny' as const), priority: fc.integer({ min: 0, max: 3 }) });
    fc.assert(fc.property(fc.array(gateway, { minLength: 1, maxLength: 5 }), fc.stringMatching(/^[0-9]{1,5}$/), (gws, callee) => {
      const input: EngineTablesInput = { mappingGateways: [], routingGateways: gws.map((g, i) => gw(`g${i}`, g.prefixes, g.priority, g.mode)) };
      const plan = planEngineTables(input);
      // drouting: the rule with the longest prefix of the callee.
      const rule = plan.drRules.filter((r) => callee.startsWith(r.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
      const routed = new Set(rule ? rule.gwlist.split(',').filter(Boolean).map((id) => plan.drGateways.find((g) => g.gwid === Number(id))!.attrs).filter((n) => n !== '!no-route') : []);
      const accepts = (g: RoutingGatewayInput) => {
        const hit = g.prefixes.some((p) => callee.startsWith(p));
        return g.prefixMode === 'deny' ? !hit : g.prefixes.length === 0 || hit;
      };
      expect(routed).toEqual(new Set(input.routingGateways.filter(accepts).map((g) => g.name)));
    }));
  });

  it('acceptLength ranks a specific allow prefix above a catch-all', () => {
    expect(acceptLength(gw('x', ['44', '447'], 0), '4471')).toBe(3);
    expect(acceptLength(gw('x', [], 0), '4471')).toBe(0);
    expect(acceptLength(gw('x', ['44'], 0, 'deny'), '4471')).toBe(-1);
  });
});

describe('planEngineTables: the prefix index lists exactly what asking every gateway would', () => {
  it('every rule lists the gateways acceptLength accepts, in the documented order', () => {
    const prefix = fc.stringMatching(/^[0-9]{0,4}$/);
    const gateway = fc.record({
      prefixes: fc.array(prefix, { maxLength: 3 }),
      priority: fc.integer({ min: 0, max: 3 }),
      deny: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(gateway, { maxLength: 12 }), (gws) => {
        const routing = gws.map((g, i) => gw(`g${i}`, g.prefixes, g.priority, g.deny ? 'deny' : 'allow'));
        const plan = planEngineTables({ mappingGateways: [], routingGateways: routing });
        for (const rule of plan.drRules) {
          const expected = routing
            .map((g) => ({ g, len: acceptLength(g, rule.prefix) }))
            .filter((c) => c.len >= 0)
            .sort((a, b) => b.len - a.len || a.g.priority - b.g.priority || (a.g.name < b.g.name ? -1 : 1))
            .map((c) => c.g.name);
          const listed = rule.gwlist.split(',').map((id) => plan.drGateways.find((d) => d.gwid === Number(id))!.attrs);
          expect(listed).toEqual(expected.length === 0 ? ['!no-route'] : expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('puts a mapping gateway\'s longest call into the third field of its tag, and nothing when it has none', () => {
    const plan = planEngineTables({
      mappingGateways: [{ name: 'm1', ips: [{ ip: '10.0.0.1' }], maxCallDurationSec: 90 }, { name: 'm2', ips: [{ ip: '10.0.0.2' }] }],
      routingGateways: [],
    });
    expect(plan.address.map((a) => a.tag)).toEqual(['0:m1:90', '0:m2']);
    expect(() => planEngineTables({ mappingGateways: [{ name: 'm', ips: [], maxCallDurationSec: 0 }], routingGateways: [] })).toThrow(/maxCallDurationSec/);
  });
});

describe('planEngineTables: media encryption', () => {
  it('marks each address of an SRTP gateway with its keying (srtp=sdes|dtls) and plain gateways with none', () => {
    const plan = planEngineTables({
      mappingGateways: [],
      routingGateways: [{ ...gw('s', ['1'], 1), srtp: 'sdes' }, { ...gw('d', ['2'], 1), srtp: 'dtls' }, gw('p', ['3'], 1)],
    });
    const attrsOf = (name: string) => plan.drGateways.find((g) => g.description === name)!.attrs;
    expect(attrsOf('s')).toContain(';srtp=sdes');
    expect(attrsOf('d')).toContain(';srtp=dtls');
    expect(attrsOf('p')).not.toContain('srtp=');
  });
});

describe('planEngineTables: endpoint rules in the subscriber tag', () => {
  const ep = (more: Partial<MappingGatewayInput>): MappingGatewayInput => ({ name: 'endpoint/1001', ips: [], credentials: { username: '1001', password: 'pw' }, ...more });
  const tagOf = (g: MappingGatewayInput) => planEngineTables({ mappingGateways: [g], routingGateways: [] }).subscriber[0]!.tag;

  it('puts caller numbers (field 8, "+" and "*" escaped) and disabled (field 9) after the limits, and leaves other tags as they were', () => {
    expect(tagOf(ep({}))).toBe('0:endpoint/1001');
    expect(tagOf(ep({ cpsLimit: 2 }))).toBe('0:endpoint/1001:::::2');
    expect(tagOf(ep({ callerNumbers: ['+4420', '555', '*9#'] }))).toBe('0:endpoint/1001:::::::^(\\+4420|555|\\*9#)');
    expect(tagOf(ep({ disabled: true }))).toBe('0:endpoint/1001::::::::1');
    expect(tagOf(ep({ maxConcurrentCalls: 1, callerNumbers: ['1'], disabled: true })).split(':').slice(6)).toEqual(['', '1', '^(1)', '1']);
  });

  it('refuses a caller-number prefix that is no number prefix, naming it', () => {
    expect(() => tagOf(ep({ callerNumbers: ['12', '1|2'] }))).toThrow('mappingGateways["endpoint/1001"].callerNumbers[1]');
  });
});
