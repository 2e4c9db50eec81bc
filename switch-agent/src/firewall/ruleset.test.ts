import { describe, expect, it } from 'vitest';
import type { FirewallRule } from '@shared/model/firewall';
import { planFirewall, renderFirewallScript } from './ruleset';

const base = { sipPorts: [5060], gatewaySources: [], sshSources: [], blocked: [] };
const policy = (over: Record<string, unknown> = {}): FirewallRule => ({ name: 'policy', kind: 'policy', closeSipToOthers: false, sipRatePerSec: 0, sipBurst: 50, sshPort: 22, notes: '', ...over }) as FirewallRule;

describe('planFirewall', () => {
  it('is null without firewall rules: the agent then only removes its own table', () => {
    expect(planFirewall({ ...base, rules: [] })).toBeNull();
    expect(renderFirewallScript(null)).toBe('table inet switchdeck\ndelete table inet switchdeck\n');
  });

  it('allows SIP from the gateways and the allow-lists, and SSH from the management list and the current SSH clients', () => {
    const plan = planFirewall({
      ...base,
      rules: [{ name: 'office', kind: 'allow-sip', sources: ['192.0.2.0/24'], notes: '' }, { name: 'noc', kind: 'allow-management', sources: ['198.51.100.1'], notes: '' }],
      gatewaySources: ['203.0.113.7', 'gw.example.com', '203.0.113.7'],
      sshSources: ['203.0.113.200'],
      sipPorts: [5080, 5060, 5080],
    });
    expect(plan).toEqual({
      policy: { kind: 'policy', closeSipToOthers: false, sipRatePerSec: 0, sipBurst: 50, sshPort: 22 },
      sipAllow: ['192.0.2.0/24', '203.0.113.7'],
      managementAllow: ['198.51.100.1', '203.0.113.200'],
      sipPorts: [5060, 5080],
      sipTcpPorts: [],
      rtpPorts: null,
    });
  });

  it('refuses a malformed source naming where it came from, so nothing unchecked reaches nft', () => {
    const bad = { name: 'x', kind: 'allow-sip', sources: ['1.2.3.4; flush ruleset'], notes: '' } as FirewallRule;
    expect(() => planFirewall({ ...base, rules: [bad] })).toThrow('firewallRules[x].sources[0]: must be an IPv4 or IPv6 address or network');
    expect(() => planFirewall({ ...base, rules: [policy()], sshSources: ['fe80::1%eth0'] })).toThrow(/^sshSources\[0\]/);
  });
});

describe('renderFirewallScript', () => {
  const rules = (r: readonly string[]) => r.filter((l) => /^\s{4}(udp|tcp|ip|ip6|iif|icmpv6)\b/.test(l)).map((l) => l.trim());
  /** The IPv4 rules only (each rule naming a source is written again for IPv6). */
  const v4 = (r: readonly string[]) => rules(r).filter((l) => !l.includes('ip6 saddr'));

  it('keeps SSH open before the block list, and SIP open to everyone by default', () => {
    const text = renderFirewallScript(planFirewall({ ...base, rules: [policy()] }));
    expect(text.startsWith('table inet switchdeck\ndelete table inet switchdeck\ntable inet switchdeck {')).toBe(true);
    expect(v4(text.split('\n'))).toEqual([
      'iif "lo" accept',
      'icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept',
      'tcp dport 22 ip saddr @mgmt_allow4 counter accept comment "ssh-management"',
      'ip saddr @blocked4 counter drop comment "blocked"',
      'udp dport { 5060 } ip saddr @sip_allow4 counter accept comment "sip-allowed"',
    ]);
  });

  it('writes every rule that names a source for IPv6 too, with its own sets, so IPv6 never passes an IPv4-only rule', () => {
    const text = renderFirewallScript(
      planFirewall({
        ...base,
        rules: [policy({ closeSipToOthers: true, sipRatePerSec: 30, sipBurst: 5, rtpRatePerSec: 400 }), { name: 'office', kind: 'allow-sip', sources: ['192.0.2.0/24', '2001:db8:5::/48'], notes: '' }],
        gatewaySources: ['fd00:99::3', '203.0.113.7'],
        sshSources: ['fd00:99::4', '198.51.100.2'],
        rtpPorts: { min: 30000, max: 30999 },
      }),
      [{ address: 'fd00:99::9', remainingSec: 10, origin: 'operator alice' }, { address: '192.0.2.66', remainingSec: 10 }],
    );
    expect(rules(text.split('\n'))).toEqual([
      'iif "lo" accept',
      'icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept',
      'tcp dport 22 ip saddr @mgmt_allow4 counter accept comment "ssh-management"',
      'tcp dport 22 ip6 saddr @mgmt_allow6 counter accept comment "ssh-management"',
      'ip saddr @blocked4 counter drop comment "blocked"',
      'ip6 saddr @blocked6 counter drop comment "blocked"',
      'udp dport 30000-30999 ip saddr != @sip_allow4 update @rtp_rate4 { ip saddr limit rate over 400/second burst 200 packets } counter drop comment "rtp-rate"',
      'udp dport 30000-30999 ip6 saddr != @sip_allow6 update @rtp_rate6 { ip6 saddr limit rate over 400/second burst 200 packets } counter drop comment "rtp-rate"',
      'udp dport { 5060 } ip saddr @sip_allow4 counter accept comment "sip-allowed"',
      'udp dport { 5060 } ip6 saddr @sip_allow6 counter accept comment "sip-allowed"',
      'udp dport { 5060 } update @sip_rate4 { ip saddr limit rate over 30/second burst 5 packets } counter drop comment "sip-rate"',
      'udp dport { 5060 } update @sip_rate6 { ip6 saddr limit rate over 30/second burst 5 packets } counter drop comment "sip-rate"',
      'udp dport { 5060 } counter drop comment "sip-closed"',
    ]);
    expect(text).toContain('set sip_allow4 {\n    type ipv4_addr\n    flags interval\n    auto-merge\n    elements = { 192.0.2.0/24, 203.0.113.7 }');
    expect(text).toContain('set sip_allow6 {\n    type ipv6_addr\n    flags interval\n    auto-merge\n    elements = { 2001:db8:5::/48, fd00:99::3 }');
    expect(text).toContain('set mgmt_allow6 {\n    type ipv6_addr\n    flags interval\n    auto-merge\n    elements = { fd00:99::4 }');
    expect(text).toContain('set blocked6 {\n    type ipv6_addr\n    flags timeout\n    elements = { fd00:99::9 timeout 10s comment "operator alice" }');
    expect(text).toContain('set blocked4 {\n    type ipv4_addr\n    flags timeout\n    elements = { 192.0.2.66 timeout 10s }');
  });

  it('adds the per-source rate limit and the closing rule when the policy asks, and keeps blocked sources with their time left', () => {
    const text = renderFirewallScript(planFirewall({ ...base, rules: [policy({ closeSipToOthers: true, sipRatePerSec: 30, sipBurst: 5, sshPort: 2222 })] }), [
      { address: '203.0.113.66', remainingSec: 41.2 },
      { address: '203.0.113.67', remainingSec: 0.2 },
    ]);
    expect(v4(text.split('\n'))).toEqual([
      'iif "lo" accept',
      'icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept',
      'tcp dport 2222 ip saddr @mgmt_allow4 counter accept comment "ssh-management"',
      'ip saddr @blocked4 counter drop comment "blocked"',
      'udp dport { 5060 } ip saddr @sip_allow4 counter accept comment "sip-allowed"',
      'udp dport { 5060 } update @sip_rate4 { ip saddr limit rate over 30/second burst 5 packets } counter drop comment "sip-rate"',
      'udp dport { 5060 } counter drop comment "sip-closed"',
    ]);
    expect(text).toContain('elements = { 203.0.113.66 timeout 42s }');
  });
});

describe('SIP over TCP and TLS', () => {
  it('filters the TCP listeners\' ports like the UDP ones: allowed, rate-limited and closed by protocol and port', () => {
    const text = renderFirewallScript(planFirewall({ ...base, rules: [policy({ closeSipToOthers: true, sipRatePerSec: 30 })], sipPorts: [5060], sipTcpPorts: [5061, 5060, 5061] }));
    const sip = 'meta l4proto . th dport { udp . 5060, tcp . 5060, tcp . 5061 }';
    expect(text).toContain(`    ${sip} ip saddr @sip_allow4 counter accept comment "sip-allowed"`);
    expect(text).toContain(`    ${sip} ip6 saddr @sip_allow6 counter accept comment "sip-allowed"`);
    expect(text).toContain(`    ${sip} update @sip_rate4 { ip saddr limit rate over 30/second burst 50 packets } counter drop comment "sip-rate"`);
    expect(text).toContain(`    ${sip} counter drop comment "sip-closed"`);
    expect(text).not.toContain('udp dport { 5060 }');
  });
});

describe('per-source media (RTP) rate', () => {
  const rules: FirewallRule[] = [policy({ rtpRatePerSec: 400 })];
  it('limits each source on the media ports, gateways and SIP allow-lists exempt, with the default burst', () => {
    const script = renderFirewallScript(planFirewall({ ...base, rules, rtpPorts: { min: 30000, max: 30999 } }));
    expect(script).toContain('udp dport 30000-30999 ip saddr != @sip_allow4 update @rtp_rate4 { ip saddr limit rate over 400/second burst 200 packets } counter drop comment "rtp-rate"');
  });

  it('writes no media rule without a rate or without an engine (no media ports)', () => {
    expect(renderFirewallScript(planFirewall({ ...base, rules, rtpPorts: null }))).not.toContain('rtp-rate');
    expect(renderFirewallScript(planFirewall({ ...base, rules: [policy()], rtpPorts: { min: 30000, max: 30999 } }))).not.toContain('rtp-rate');
  });
});
