import { describe, expect, it } from 'vitest';
import type { DialRule } from '@shared/model/dialPlan';
import { encodeDialPlan, identityAttrs, mappingTagFields } from './dialPlanAttrs';
import { planEngineTables } from './routingPlan';

const rule = (prefix: string, action: DialRule['action'], minLength: number | null = null, maxLength: number | null = null): DialRule =>
  ({ match: { prefix, minLength, maxLength }, action });

describe('encodeDialPlan', () => {
  it('writes the count, then each rule as prefix.min.max.action', () => {
    expect(encodeDialPlan('p', [
      rule('00', { kind: 'replacePrefix', with: '+' }, 8, 15),
      rule('+44', { kind: 'strip', digits: 3 }),
      rule('*#', { kind: 'keep' }),
      rule('', { kind: 'prepend', prefix: '0' }, null, 7),
      rule('9', { kind: 'replacePrefix', with: '' }),
    ])).toBe('5|00.8.15.r+|+44.0.0.s3|*#.0.0.k|.0.7.p0|9.0.0.r');
    expect(encodeDialPlan('p', [])).toBe('');
    expect(encodeDialPlan('p', undefined)).toBe('');
  });

  it('refuses, naming the field, anything that could break the text the script reads', () => {
    expect(() => encodeDialPlan('gw.callerDialPlan', [rule('1;x', { kind: 'keep' })])).toThrow(/^gw\.callerDialPlan\[0\]\.match\.prefix: /);
    expect(() => encodeDialPlan('gw.callerDialPlan', [rule('1', { kind: 'prepend', prefix: '1|2' })])).toThrow(/^gw\.callerDialPlan\[0\]\.action\.prefix: /);
    expect(() => encodeDialPlan('gw.callerDialPlan', [rule('1', { kind: 'prepend', prefix: '' })])).toThrow(/action\.prefix/);
    expect(() => encodeDialPlan('gw.callerDialPlan', [rule('1', { kind: 'replacePrefix', with: '1.2' })])).toThrow(/action\.with/);
    expect(() => encodeDialPlan('gw.x', [rule('1', { kind: 'strip', digits: 0 })])).toThrow(/action\.digits/);
    expect(() => encodeDialPlan('gw.x', [rule('1', { kind: 'keep' }, 9, 3)])).toThrow('gw.x[0].match.minLength: must not exceed maxLength');
    expect(() => encodeDialPlan('gw.x', Array.from({ length: 101 }, () => rule('1', { kind: 'keep' })))).toThrow('gw.x: at most 100 rules');
  });
});

describe('identity in the engine rows', () => {
  it('adds only the settings that differ from the defaults to a routing gateway\'s attrs', () => {
    expect(identityAttrs('g', {})).toBe('');
    expect(identityAttrs('g', { privacy: 'none', pAssertedIdentity: 'none', pPreferredIdentity: 'none', callerDialPlan: [], calleeDialPlan: [] })).toBe('');
    expect(identityAttrs('g', { privacy: 'id', pAssertedIdentity: 'caller', pPreferredIdentity: 'passthrough', calleeDialPlan: [rule('9', { kind: 'strip', digits: 1 })] }))
      .toBe(';prv=i;pai=c;ppi=p;dpe=1|9.0.0.s1');
    expect(() => identityAttrs('g', { privacy: 'anonymous' as never })).toThrow(/^g\.privacy: must be one of none, passthrough, id/);
  });

  it('keeps the short mapping gateway tag by default and puts flags and plans after the duration field', () => {
    expect(mappingTagFields('m', { supportPrivacy: false, callerDialPlan: [], calleeDialPlan: [] })).toBe('');
    const plan = planEngineTables({
      mappingGateways: [
        { name: 'a', ips: [{ ip: '10.0.0.1' }] },
        { name: 'b', ips: [{ ip: '10.0.0.2' }], identity: { supportPrivacy: true } },
        { name: 'c', ips: [{ ip: '10.0.0.3' }], maxCallDurationSec: 60, identity: { callerDialPlan: [rule('', { kind: 'prepend', prefix: '1' }, 7, 7)] } },
      ],
      routingGateways: [{ name: 'r', prefixes: [], priority: 0, addresses: [{ host: '10.0.1.1', port: 5060 }], identity: { pAssertedIdentity: 'caller' } }],
    });
    expect(plan.address.map((a) => a.tag)).toEqual(['0:a', '0:b::p::', '0:c:60::1|.7.7.p1:']);
    expect(plan.drGateways.find((g) => g.description === 'r')?.attrs).toBe('r;pai=c');
  });
});
