// Pure: the nftables script for the agent's own table, from the configuration. The script
// replaces the table atomically (`nft -f` runs it as one transaction) and touches nothing else:
// every rule lives in `table inet switchdeck`. Every address, port and number is checked again
// here before it is written into the text, so nothing typed by a user reaches nft unchecked.
//
// Input chain, in order (policy accept: traffic that is not SIP, SSH or blocked is not ours):
//   loopback accepted (the agent's own control traffic: HEP, rtpengine ng, FIFO peers);
//   SSH from the management list and from the current SSH clients accepted — before the block
//   list, so no rule set can cut the operator off;
//   sources in the dynamic block set dropped;
//   media (RTP) above the per-source rate from anyone but gateways and SIP allow-lists dropped (when set);
//   SIP from gateways and allow-listed sources accepted;
//   SIP above the per-source rate dropped (when set); SIP from anyone else dropped (when closed).
import { isIPv4Cidr, type FirewallPolicy, type FirewallRule } from '@shared/model/firewall';
import { isIPv4 } from '@shared/model/net';

export const FIREWALL_TABLE = 'switchdeck';
export const FIREWALL_FAMILY = 'inet';
export const BLOCK_SET = 'blocked4';

export interface FirewallPlanInput {
  rules: readonly FirewallRule[];
  /** UDP ports Kamailio listens on for SIP. */
  sipPorts: readonly number[];
  /** rtpengine's media port range (for the per-source RTP rate); null without an engine. */
  rtpPorts?: { min: number; max: number } | null;
  /** IPv4 addresses of mapping and routing gateways (host names are not resolved). */
  gatewaySources: readonly string[];
  /** Sources of the SSH sessions open now. */
  sshSources: readonly string[];
  /** Entries of the block set to keep across the replacement, with the seconds they have left. */
  blocked: readonly BlockEntry[];
}

/** One source in the block set: seconds left and who put it there (`operator alice`, `suspension register`). */
export interface BlockEntry {
  address: string;
  remainingSec: number;
  origin?: string;
}

/** Pure: an origin text safe inside an nft comment (no quotes, no newlines), at most 100 characters. */
export function safeComment(text: string): string {
  return text.replace(/[^A-Za-z0-9 ._@:+-]/g, '_').slice(0, 100);
}

/** One `<addr> timeout <n>s comment "<origin>"` element of the block set. */
export function blockElement(b: BlockEntry): string {
  if (!isIPv4(b.address)) throw new Error(`address: must be an IPv4 address, got ${JSON.stringify(b.address)}`);
  const secs = whole('blocked timeout', Math.ceil(b.remainingSec), 1, MAX_BLOCK_SEC);
  return `${b.address} timeout ${secs}s${b.origin ? ` comment "${safeComment(b.origin)}"` : ''}`;
}

/** The longest block: a year. */
export const MAX_BLOCK_SEC = 31_536_000;

export interface FirewallPlan {
  policy: Omit<FirewallPolicy, 'name' | 'notes'>;
  sipAllow: string[];
  managementAllow: string[];
  sipPorts: number[];
  rtpPorts: { min: number; max: number } | null;
}

/** Burst of the RTP rate when the policy names none: a few calls' worth of 20 ms packets. */
export const DEFAULT_RTP_BURST = 200;

function checkPort(field: string, p: number): number {
  if (!Number.isInteger(p) || p < 1 || p > 65535) throw new Error(`${field}: must be a port from 1 to 65535, got ${String(p)}`);
  return p;
}

function checkSource(field: string, s: string): string {
  if (!isIPv4Cidr(s)) throw new Error(`${field}: must be an IPv4 address or network, got ${JSON.stringify(s)}`);
  return s;
}

const uniq = (xs: readonly string[]) => [...new Set(xs)].sort();

/** The plan for a configuration, or null when it has no firewall rules (the agent then manages no table). */
export function planFirewall(input: FirewallPlanInput): FirewallPlan | null {
  if (input.rules.length === 0) return null;
  const policyRule = input.rules.find((r): r is FirewallPolicy => r.kind === 'policy');
  const policy: Omit<FirewallPolicy, 'name' | 'notes'> = policyRule ?? { kind: 'policy', closeSipToOthers: false, sipRatePerSec: 0, sipBurst: 50, sshPort: 22 };
  const sipAllow: string[] = [];
  const managementAllow: string[] = [];
  for (const r of input.rules) {
    if (r.kind === 'policy') continue;
    const into = r.kind === 'allow-sip' ? sipAllow : managementAllow;
    r.sources.forEach((s, i) => into.push(checkSource(`firewallRules[${r.name}].sources[${i}]`, s)));
  }
  input.gatewaySources.filter(isIPv4).forEach((s) => sipAllow.push(s));
  input.sshSources.forEach((s, i) => managementAllow.push(checkSource(`sshSources[${i}]`, s)));
  return {
    policy: {
      kind: 'policy',
      closeSipToOthers: policy.closeSipToOthers,
      sipRatePerSec: policy.sipRatePerSec,
      sipBurst: policy.sipBurst,
      sshPort: checkPort('firewall policy sshPort', policy.sshPort),
      ...(policy.rtpRatePerSec !== undefined && { rtpRatePerSec: policy.rtpRatePerSec, rtpBurst: policy.rtpBurst ?? DEFAULT_RTP_BURST }),
    },
    sipAllow: uniq(sipAllow),
    managementAllow: uniq(managementAllow),
    sipPorts: [...new Set(input.sipPorts.map((p, i) => checkPort(`sipPorts[${i}]`, p)))].sort((a, b) => a - b),
    rtpPorts: input.rtpPorts ? { min: checkPort('rtpPorts.min', input.rtpPorts.min), max: checkPort('rtpPorts.max', input.rtpPorts.max) } : null,
  };
}

function whole(field: string, n: number, min: number, max: number): number {
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${field}: must be a whole number from ${min} to ${max}, got ${String(n)}`);
  return n;
}

const set = (name: string, elements: readonly string[]) =>
  `  set ${name} {\n    type ipv4_addr\n    flags interval\n    auto-merge\n${elements.length ? `    elements = { ${elements.join(', ')} }\n` : ''}  }`;

/**
 * The nft script: creates the table if absent, deletes it, and defines it again — one
 * transaction, so the old rules stay until the new ones are complete. Null plan: only removes it.
 */
export function renderFirewallScript(plan: FirewallPlan | null, blocked: FirewallPlanInput['blocked'] = []): string {
  const head = `table ${FIREWALL_FAMILY} ${FIREWALL_TABLE}\ndelete table ${FIREWALL_FAMILY} ${FIREWALL_TABLE}\n`;
  if (!plan) return head;
  const p = plan.policy;
  const ssh = checkPort('sshPort', p.sshPort);
  const ports = plan.sipPorts.map((x) => checkPort('sipPorts', x)).join(', ');
  const kept = blocked.filter((b) => isIPv4(b.address) && b.remainingSec >= 1).map(blockElement);
  const lines = [
    `table ${FIREWALL_FAMILY} ${FIREWALL_TABLE} {`,
    set('sip_allow4', plan.sipAllow.map((s) => checkSource('sipAllow', s))),
    set('mgmt_allow4', plan.managementAllow.map((s) => checkSource('managementAllow', s))),
    `  set ${BLOCK_SET} {\n    type ipv4_addr\n    flags timeout\n${kept.length ? `    elements = { ${kept.join(', ')} }\n` : ''}  }`,
    '  set sip_rate4 {\n    type ipv4_addr\n    size 65535\n    flags dynamic,timeout\n    timeout 60s\n  }',
    '  set rtp_rate4 {\n    type ipv4_addr\n    size 65535\n    flags dynamic,timeout\n    timeout 60s\n  }',
    '  chain input {',
    '    type filter hook input priority filter - 10; policy accept;',
    '    iif "lo" accept',
    `    tcp dport ${ssh} ip saddr @mgmt_allow4 counter accept comment "ssh-management"`,
    `    ip saddr @${BLOCK_SET} counter drop comment "blocked"`,
  ];
  if (p.rtpRatePerSec !== undefined && plan.rtpPorts) {
    const rate = whole('rtpRatePerSec', p.rtpRatePerSec, 1, 1_000_000);
    const burst = whole('rtpBurst', p.rtpBurst ?? DEFAULT_RTP_BURST, 1, 1_000_000);
    const range = `${checkPort('rtpPorts.min', plan.rtpPorts.min)}-${checkPort('rtpPorts.max', plan.rtpPorts.max)}`;
    // Gateways and SIP allow-listed sources are exempt: one trunk carries many calls' media.
    lines.push(`    udp dport ${range} ip saddr != @sip_allow4 update @rtp_rate4 { ip saddr limit rate over ${rate}/second burst ${burst} packets } counter drop comment "rtp-rate"`);
  }
  if (ports) {
    lines.push(`    udp dport { ${ports} } ip saddr @sip_allow4 counter accept comment "sip-allowed"`);
    if (p.sipRatePerSec > 0) {
      const rate = whole('sipRatePerSec', p.sipRatePerSec, 1, 100_000);
      const burst = whole('sipBurst', p.sipBurst, 1, 100_000);
      lines.push(`    udp dport { ${ports} } update @sip_rate4 { ip saddr limit rate over ${rate}/second burst ${burst} packets } counter drop comment "sip-rate"`);
    }
    if (p.closeSipToOthers) lines.push(`    udp dport { ${ports} } counter drop comment "sip-closed"`);
  }
  lines.push('  }', '}');
  return `${head}${lines.join('\n')}\n`;
}
