// Pure: the nftables script for the agent's own table, from the configuration. The script
// replaces the table atomically (`nft -f` runs it as one transaction) and touches nothing else:
// every rule lives in `table inet switchdeck`. Every address, port and number is checked again
// here before it is written into the text, so nothing typed by a user reaches nft unchecked.
//
// Input chain, in order (policy accept: traffic that is not SIP, SSH or blocked is not ours):
//   loopback accepted (the agent's own control traffic: HEP, rtpengine ng, FIFO peers);
//   IPv6 neighbour discovery accepted — a blocked IPv6 address must still answer it, or the
//   host could not reach that address at all, not even for SSH, which stays open below;
//   SSH from the management list and from the current SSH clients accepted — before the block
//   list, so no rule set can cut the operator off;
//   sources in the dynamic block set dropped;
//   media (RTP) above the per-source rate from anyone but gateways and SIP allow-lists dropped (when set);
//   SIP (UDP, and TCP for TCP/TLS listeners) from gateways and allow-listed sources accepted;
//   SIP above the per-source rate dropped (when set); SIP from anyone else dropped (when closed).
// Each address set exists once per family (…4 for IPv4, …6 for IPv6) and each rule that names a
// source is written once per family under one comment, so IPv6 never slips past an IPv4 rule;
// the closing rule names no source and covers both. (Kamailio listens on IPv4 only; SSH may not.)
import { isIPCidr, isIPv4Cidr, type FirewallPolicy, type FirewallRule } from '@shared/model/firewall';
import { canonicalHost, isIPv4, isIPv6 } from '@shared/model/net';

export const FIREWALL_TABLE = 'switchdeck';
export const FIREWALL_FAMILY = 'inet';
/** The block set of each family. */
export const BLOCK_SETS = { 4: 'blocked4', 6: 'blocked6' } as const;
export type Family = keyof typeof BLOCK_SETS;

/** Pure: 4 or 6 for an address or network; null when it is neither. */
export function familyOf(source: string): Family | null {
  if (isIPv4Cidr(source)) return 4;
  return isIPCidr(source) ? 6 : null;
}

/** Pure: a blockable address in the form nft prints it (IPv6 lower-case, zeros compressed); throws for anything else. */
export function blockAddress(address: string): { address: string; family: Family } {
  if (isIPv4(address)) return { address, family: 4 };
  if (isIPv6(address)) return { address: canonicalHost(address), family: 6 };
  throw new Error(`address: must be an IPv4 or IPv6 address, got ${JSON.stringify(address)}`);
}

export interface FirewallPlanInput {
  rules: readonly FirewallRule[];
  /** UDP ports Kamailio listens on for SIP. */
  sipPorts: readonly number[];
  /** TCP ports Kamailio listens on for SIP over TCP or TLS (TLS runs over TCP). */
  sipTcpPorts?: readonly number[];
  /** rtpengine's media port range (for the per-source RTP rate); null without an engine. */
  rtpPorts?: { min: number; max: number } | null;
  /** IPv4 and IPv6 addresses of mapping and routing gateways (host names are not resolved). */
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
  const { address } = blockAddress(b.address);
  const secs = whole('blocked timeout', Math.ceil(b.remainingSec), 1, MAX_BLOCK_SEC);
  return `${address} timeout ${secs}s${b.origin ? ` comment "${safeComment(b.origin)}"` : ''}`;
}

/** The longest block: a year. */
export const MAX_BLOCK_SEC = 31_536_000;

export interface FirewallPlan {
  policy: Omit<FirewallPolicy, 'name' | 'notes'>;
  sipAllow: string[];
  managementAllow: string[];
  sipPorts: number[];
  sipTcpPorts: number[];
  rtpPorts: { min: number; max: number } | null;
}

/** Burst of the RTP rate when the policy names none: a few calls' worth of 20 ms packets. */
export const DEFAULT_RTP_BURST = 200;

function checkPort(field: string, p: number): number {
  if (!Number.isInteger(p) || p < 1 || p > 65535) throw new Error(`${field}: must be a port from 1 to 65535, got ${String(p)}`);
  return p;
}

function checkSource(field: string, s: string): string {
  if (!isIPCidr(s)) throw new Error(`${field}: must be an IPv4 or IPv6 address or network, got ${JSON.stringify(s)}`);
  return s;
}

const uniq = (xs: readonly string[]) => [...new Set(xs)].sort();
const portList = (field: string, ps: readonly number[]) => [...new Set(ps.map((p, i) => checkPort(`${field}[${i}]`, p)))].sort((a, b) => a - b);

/**
 * The match for SIP packets: `udp dport { … }` while SIP is UDP only; with TCP or TLS listeners,
 * protocol and port together, so a TCP listener is filtered like a UDP one.
 */
function sipMatch(udp: readonly number[], tcp: readonly number[]): string {
  const u = udp.map((x) => checkPort('sipPorts', x));
  const t = tcp.map((x) => checkPort('sipTcpPorts', x));
  if (t.length === 0) return u.length ? `udp dport { ${u.join(', ')} }` : '';
  return `meta l4proto . th dport { ${[...u.map((x) => `udp . ${x}`), ...t.map((x) => `tcp . ${x}`)].join(', ')} }`;
}

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
  input.gatewaySources.filter((s) => isIPv4(s) || isIPv6(s)).forEach((s) => sipAllow.push(s));
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
    sipPorts: portList('sipPorts', input.sipPorts),
    sipTcpPorts: portList('sipTcpPorts', input.sipTcpPorts ?? []),
    rtpPorts: input.rtpPorts ? { min: checkPort('rtpPorts.min', input.rtpPorts.min), max: checkPort('rtpPorts.max', input.rtpPorts.max) } : null,
  };
}

function whole(field: string, n: number, min: number, max: number): number {
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${field}: must be a whole number from ${min} to ${max}, got ${String(n)}`);
  return n;
}

const SET_TYPE: Record<Family, string> = { 4: 'ipv4_addr', 6: 'ipv6_addr' };
/** The source match of a family: `ip saddr` or `ip6 saddr`. */
const SADDR: Record<Family, string> = { 4: 'ip saddr', 6: 'ip6 saddr' };
const FAMILIES: readonly Family[] = [4, 6];

const set = (name: string, f: Family, elements: readonly string[]) =>
  `  set ${name}${f} {\n    type ${SET_TYPE[f]}\n    flags interval\n    auto-merge\n${elements.length ? `    elements = { ${elements.join(', ')} }\n` : ''}  }`;
const rateSet = (name: string, f: Family) => `  set ${name}${f} {\n    type ${SET_TYPE[f]}\n    size 65535\n    flags dynamic,timeout\n    timeout 60s\n  }`;
const ofFamily = (f: Family, xs: readonly string[]) => xs.filter((x) => familyOf(x) === f);

/**
 * The nft script: creates the table if absent, deletes it, and defines it again — one
 * transaction, so the old rules stay until the new ones are complete. Null plan: only removes it.
 */
export function renderFirewallScript(plan: FirewallPlan | null, blocked: FirewallPlanInput['blocked'] = []): string {
  const head = `table ${FIREWALL_FAMILY} ${FIREWALL_TABLE}\ndelete table ${FIREWALL_FAMILY} ${FIREWALL_TABLE}\n`;
  if (!plan) return head;
  const p = plan.policy;
  const ssh = checkPort('sshPort', p.sshPort);
  const sip = sipMatch(plan.sipPorts, plan.sipTcpPorts);
  const sipAllow = plan.sipAllow.map((s) => checkSource('sipAllow', s));
  const mgmtAllow = plan.managementAllow.map((s) => checkSource('managementAllow', s));
  const live = blocked.filter((b) => (isIPv4(b.address) || isIPv6(b.address)) && b.remainingSec >= 1);
  const lines = [`table ${FIREWALL_FAMILY} ${FIREWALL_TABLE} {`];
  for (const f of FAMILIES) {
    const kept = live.filter((b) => blockAddress(b.address).family === f).map(blockElement);
    lines.push(
      set('sip_allow', f, ofFamily(f, sipAllow)),
      set('mgmt_allow', f, ofFamily(f, mgmtAllow)),
      `  set ${BLOCK_SETS[f]} {\n    type ${SET_TYPE[f]}\n    flags timeout\n${kept.length ? `    elements = { ${kept.join(', ')} }\n` : ''}  }`,
      rateSet('sip_rate', f),
      rateSet('rtp_rate', f),
    );
  }
  /** The same rule for each family, one comment: counters of both are summed when read back. */
  const perFamily = (rule: (saddr: string, f: Family) => string) => FAMILIES.forEach((f) => lines.push(`    ${rule(SADDR[f], f)}`));
  lines.push('  chain input {', '    type filter hook input priority filter - 10; policy accept;', '    iif "lo" accept', '    icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept');
  perFamily((saddr, f) => `tcp dport ${ssh} ${saddr} @mgmt_allow${f} counter accept comment "ssh-management"`);
  perFamily((saddr, f) => `${saddr} @${BLOCK_SETS[f]} counter drop comment "blocked"`);
  if (p.rtpRatePerSec !== undefined && plan.rtpPorts) {
    const rate = whole('rtpRatePerSec', p.rtpRatePerSec, 1, 1_000_000);
    const burst = whole('rtpBurst', p.rtpBurst ?? DEFAULT_RTP_BURST, 1, 1_000_000);
    const range = `${checkPort('rtpPorts.min', plan.rtpPorts.min)}-${checkPort('rtpPorts.max', plan.rtpPorts.max)}`;
    // Gateways and SIP allow-listed sources are exempt: one trunk carries many calls' media.
    perFamily((saddr, f) => `udp dport ${range} ${saddr} != @sip_allow${f} update @rtp_rate${f} { ${saddr} limit rate over ${rate}/second burst ${burst} packets } counter drop comment "rtp-rate"`);
  }
  if (sip) {
    perFamily((saddr, f) => `${sip} ${saddr} @sip_allow${f} counter accept comment "sip-allowed"`);
    if (p.sipRatePerSec > 0) {
      const rate = whole('sipRatePerSec', p.sipRatePerSec, 1, 100_000);
      const burst = whole('sipBurst', p.sipBurst, 1, 100_000);
      perFamily((saddr, f) => `${sip} update @sip_rate${f} { ${saddr} limit rate over ${rate}/second burst ${burst} packets } counter drop comment "sip-rate"`);
    }
    // No source named: IPv4 and IPv6 alike.
    if (p.closeSipToOthers) lines.push(`    ${sip} counter drop comment "sip-closed"`);
  }
  lines.push('  }', '}');
  return `${head}${lines.join('\n')}\n`;
}
