import { z } from 'zod';
import { isIPv4, isIPv6 } from './net';
import { GatewayNameSchema, NotesSchema } from './names';

/**
 * The agent-managed firewall (its own nftables table, nothing else). Present as soon as one item
 * exists; absent, the agent leaves nftables alone. Items are named like gateways:
 *  - `allow-sip`: sources that may always send SIP (besides the gateways' own addresses);
 *  - `allow-management`: sources that may always reach SSH (the current SSH clients always can);
 *  - `policy` (at most one): whether SIP is closed to everyone else, per-source SIP and RTP rates.
 * Sources may be IPv4 or IPv6: the engine's SIP listeners are IPv4 only, but SSH and other traffic
 * to the host may come over IPv6, and the table (family inet) filters both.
 */
export const MAX_FIREWALL_SOURCES = 1000;

/** `a.b.c.d` or `a.b.c.d/len`. */
export function isIPv4Cidr(s: string): boolean {
  const [ip, len, extra] = s.split('/');
  if (extra !== undefined || ip === undefined || !isIPv4(ip)) return false;
  return len === undefined || (/^(0|[1-9][0-9]?)$/.test(len) && Number(len) <= 32);
}

/** An IPv6 address, or an IPv6 network `addr/len` (len 0–128); no brackets, no zone. */
export function isIPv6Cidr(s: string): boolean {
  const [ip, len, extra] = s.split('/');
  if (extra !== undefined || ip === undefined || !isIPv6(ip)) return false;
  return len === undefined || (/^(0|[1-9][0-9]{0,2})$/.test(len) && Number(len) <= 128);
}

/** An IPv4 or IPv6 address or network. */
export function isIPCidr(s: string): boolean {
  return isIPv4Cidr(s) || isIPv6Cidr(s);
}

const SourceListSchema = z
  .array(z.string().refine(isIPCidr, 'must be an IPv4 or IPv6 address or network such as 203.0.113.0/24 or 2001:db8::/48'))
  .min(1, 'needs at least one address')
  .max(MAX_FIREWALL_SOURCES, `at most ${MAX_FIREWALL_SOURCES} addresses`);

const whole = (min: number, max: number) => z.number().int('must be a whole number').min(min, `must be from ${min} to ${max}`).max(max, `must be from ${min} to ${max}`);

export const FirewallRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ name: GatewayNameSchema, kind: z.literal('allow-sip'), sources: SourceListSchema, notes: NotesSchema.default('') }),
  z.strictObject({ name: GatewayNameSchema, kind: z.literal('allow-management'), sources: SourceListSchema, notes: NotesSchema.default('') }),
  z.strictObject({
    name: GatewayNameSchema,
    kind: z.literal('policy'),
    /** Drop SIP from every source that is neither a gateway nor allow-listed. */
    closeSipToOthers: z.boolean().default(false),
    /** SIP packets per second one source may send before the excess is dropped; 0 = no limit. */
    sipRatePerSec: whole(0, 100_000).default(0),
    /** Packets a source may send at once above that rate. */
    sipBurst: whole(1, 100_000).default(50),
    /** The SSH port kept open to the management list and the current SSH clients. */
    sshPort: whole(1, 65535).default(22),
    /**
     * Media (RTP) packets per second one source may send to the media ports before the excess is
     * dropped; absent = no limit. Gateways and SIP allow-listed sources are exempt (a trunk carries
     * many calls). Optional without a default so a policy stored before it existed keeps its hash.
     */
    rtpRatePerSec: whole(1, 1_000_000).optional(),
    /** Packets a source may send at once above that rate (default 200). */
    rtpBurst: whole(1, 1_000_000).optional(),
    notes: NotesSchema.default(''),
  }),
]);
export type FirewallRule = z.infer<typeof FirewallRuleSchema>;
export type FirewallPolicy = Extract<FirewallRule, { kind: 'policy' }>;

export const DEFAULT_FIREWALL_POLICY: Omit<FirewallPolicy, 'name' | 'notes'> = { kind: 'policy', closeSipToOthers: false, sipRatePerSec: 0, sipBurst: 50, sshPort: 22 };
