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
      rtpPorts: null,
    });
  });

  it('refuses a malformed source naming where it came from, so nothing unchecked reaches nft', () => {
    const bad = { name: 'x', kind: 'allow-sip', sources: ['1.2.3.4; flush ruleset'], notes: '' } as FirewallRule;
    expect(() => planFirewall({ ...base, rules: [bad] })).toThrow('firewallRules[x].sources[0]: must be an IPv4 address or network');
    expect(() => planFirewall({ ...base, rules: [policy()], sshSources: ['::1'] })).toThrow(/^sshSources\[0\]/);
  });
});

describe('renderFirewallScript', () => {
  const rules = (r: readonly string[]) => r.filter((l) => /^\s{4}(udp|tcp|ip|iif)/.test(l)).map((l) => l.trim());

  it('keeps SSH open before the block list, and SIP open to everyone by default', () => {
    const text = renderFirewallScript(planFirewall({ ...base, rules: [policy()] }));
    expect(text.startsWith('table inet switchdeck\ndelete table inet switchdeck\ntable inet switchdeck {')).toBe(true);
    expect(rules(text.split('\n'))).toEqual([
      'iif "lo" accept',
      'tcp dport 22 ip saddr @mgmt_allow4 counter accept comment "ssh-management"',
      'ip saddr @blocked4 counter drop comment "blocked"',
      'udp dport { 5060 } ip saddr @sip_allow4 counter accept comment "sip-allowed"',
    ]);
  });

  it('adds the per-source rate limit and the closing rule when the policy asks, and keeps blocked sources with their time left', () => {
    const text = renderFirewallScript(planFirewall({ ...base, rules: [policy({ closeSipToOthers: true, sipRatePerSec: 30, sipBurst: 5, sshPort: 2222 })] }), [
      { address: '203.0.113.66', remainingSec: 41.2 },
      { address: '203.0.113.67', remainingSec: 0.2 },
    ]);
    expect(rules(text.split('\n'))).toEqual([
      'iif "lo" accept',
      'tcp dport 2222 ip saddr @mgmt_allow4 counter accept comment "ssh-management"',
      'ip saddr @blocked4 counter drop comment "blocked"',
      'udp dport { 5060 } ip saddr @sip_allow4 counter accept comment "sip-allowed"',
      'udp dport { 5060 } update @sip_rate4 { ip saddr limit rate over 30/second burst 5 packets } counter drop comment "sip-rate"',
      'udp dport { 5060 } counter drop comment "sip-closed"',
    ]);
    expect(text).toContain('elements = { 203.0.113.66 timeout 42s }');
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
