import { describe, expect, it } from 'vitest';
import { BlockAddressSchema } from '../rpc/firewallApi';
import { FirewallRuleSchema, isIPCidr, isIPv6Cidr } from './firewall';

describe('firewall sources', () => {
  it('takes IPv4 and IPv6 addresses and networks', () => {
    for (const ok of ['203.0.113.7', '203.0.113.0/24', '2001:db8::1', '2001:db8::/32', 'fd00:99::/64', '::1', '::/0', '::ffff:192.0.2.1']) expect(isIPCidr(ok), ok).toBe(true);
    for (const bad of ['2001:db8::/129', '2001:db8::/064', 'fe80::1%eth0', '[2001:db8::1]', '2001:db8::1/64/1', '203.0.113.0/33', 'gw.example.com', '']) expect(isIPCidr(bad), bad).toBe(false);
    expect(isIPv6Cidr('203.0.113.7')).toBe(false);
  });

  it('says what a source must be, naming both families', () => {
    const r = FirewallRuleSchema.safeParse({ name: 'office', kind: 'allow-sip', sources: ['2001:db8::/48', 'fd00::1; flush ruleset'] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['sources.1', 'must be an IPv4 or IPv6 address or network such as 203.0.113.0/24 or 2001:db8::/48']]);
  });

  it('blocks one IPv4 or IPv6 address, never a network', () => {
    expect(BlockAddressSchema.safeParse('2001:db8::9').success).toBe(true);
    expect(BlockAddressSchema.safeParse('198.51.100.7').success).toBe(true);
    expect(BlockAddressSchema.safeParse('2001:db8::/64').error?.issues[0]?.message).toBe('must be an IPv4 or IPv6 address such as 203.0.113.9 or 2001:db8::9');
  });
});
