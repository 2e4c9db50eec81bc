/**
 * Firewall (PROTOCOL.md §6.9): the `firewall.*` methods — the agent's own nftables table as it is
 * now (rules with counters, blocked sources with time left) and the operator's block list. The
 * rules themselves are configuration (shared/model/firewall.ts, `firewallRules` in the snapshot).
 * agentApi.ts spreads FIREWALL_METHODS into its table.
 */
import { z } from 'zod';
import { isIPv4, isIPv6 } from '../model/net';
import type { RpcErrorCode } from './errors';

/** The longest block an operator can set: a year. */
export const MAX_BLOCK_SEC = 31_536_000;

const EpochMsSchema = z.number().int().min(0);
const CountSchema = z.number().int().min(0);

export const BlockAddressSchema = z.string().refine((s) => isIPv4(s) || isIPv6(s), 'must be an IPv4 or IPv6 address such as 203.0.113.9 or 2001:db8::9');

export const FirewallRuleStatusSchema = z.strictObject({
  /** The rule's fixed name in the table: ssh-management, blocked, sip-allowed, sip-rate, sip-closed. */
  id: z.string().max(64),
  /** What it does, in words. */
  text: z.string().max(256),
  packets: CountSchema,
  bytes: CountSchema,
});
export type FirewallRuleStatus = z.infer<typeof FirewallRuleStatusSchema>;

/** Who put a source in the block set. */
export const BlockOriginSchema = z.enum(['operator', 'suspension', 'other']);
export type BlockOrigin = z.infer<typeof BlockOriginSchema>;

export const BlockedSourceSchema = z.strictObject({
  address: z.string().max(45),
  /** Seconds left when the table was read; the source is let in again after them. */
  remainingSec: CountSchema,
  /** When it is let in again (ms since the epoch, whole seconds). */
  endsAt: EpochMsSchema,
  origin: BlockOriginSchema,
  /** The operator who blocked it, or the kind of suspension (authentication, register); '' when unknown. */
  by: z.string().max(100),
});
export type BlockedSource = z.infer<typeof BlockedSourceSchema>;

export const FirewallStatusSchema = z.strictObject({
  at: EpochMsSchema,
  /** The configuration has firewall rules (the agent then manages its table). */
  enabled: z.boolean(),
  /** The agent's table is in nftables now. */
  active: z.boolean(),
  /** Why the table could not be applied or read, in words; null when all is well. */
  problem: z.string().max(1000).nullable(),
  rules: z.array(FirewallRuleStatusSchema),
  /** Longest remaining first. */
  blocked: z.array(BlockedSourceSchema),
  /** Sources of the SSH sessions open now: always let in. */
  sshSources: z.array(z.string().max(45)),
});
export type FirewallStatus = z.infer<typeof FirewallStatusSchema>;

interface FirewallMethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  readonly mutating: boolean;
  readonly errors: readonly RpcErrorCode[];
  readonly description: string;
}

export const FIREWALL_METHODS = {
  'firewall.status': {
    params: z.strictObject({}),
    result: FirewallStatusSchema,
    mutating: false,
    errors: ['ENGINE_FAILED'],
    description: "The agent's firewall now: whether it is on, its rules with packet counters, the blocked sources with time left, and the SSH sources it always lets in.",
  },
  'firewall.block': {
    params: z.strictObject({
      address: BlockAddressSchema,
      seconds: z.number().int('must be a whole number').min(1, `must be from 1 to ${MAX_BLOCK_SEC}`).max(MAX_BLOCK_SEC, `must be from 1 to ${MAX_BLOCK_SEC}`),
    }),
    result: z.strictObject({ blocked: BlockedSourceSchema }),
    mutating: true,
    errors: ['VALIDATION_FAILED', 'ENGINE_FAILED'],
    description: 'Drop every packet from a source for a number of seconds (SSH from the management list and the current SSH sessions still passes). Blocking a blocked source sets its time anew. Recorded in the audit.',
  },
  'firewall.unblock': {
    params: z.strictObject({ address: BlockAddressSchema }),
    result: z.strictObject({ unblocked: z.string() }),
    mutating: true,
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'ENGINE_FAILED'],
    description: 'Let a blocked source in again now. Recorded in the audit.',
  },
} as const satisfies Record<string, FirewallMethodSpec>;
