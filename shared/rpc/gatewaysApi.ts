/**
 * Gateway status (PROTOCOL.md §6.8): `gateways.status`. Routing gateways with `optionsProbe` on are
 * probed by Kamailio with SIP OPTIONS (up / down); mapping gateways are online while calls from them
 * were seen recently. agentApi.ts spreads GATEWAY_METHODS into its table.
 */
import { z } from 'zod';
import { GatewayNameSchema } from '../model/names';
import type { RpcErrorCode } from './errors';

const EpochMsSchema = z.number().int().min(0);

/**
 * up: at least one address answers OPTIONS; down: none does (routing skips it);
 * unknown: probing is on but no answer about it yet (engine starting or not answering);
 * unprobed: probing is off for this gateway, so the engine always tries it.
 */
export const RoutingGatewayStateSchema = z.enum(['up', 'down', 'unknown', 'unprobed']);
export type RoutingGatewayState = z.infer<typeof RoutingGatewayStateSchema>;

export const MappingGatewayStateSchema = z.enum(['online', 'offline']);
export type MappingGatewayState = z.infer<typeof MappingGatewayStateSchema>;

export const RoutingGatewayStatusSchema = z.strictObject({
  name: GatewayNameSchema,
  state: RoutingGatewayStateSchema,
  /** When the state last changed as seen by this agent (its start for the first state); null when unprobed. */
  since: EpochMsSchema.nullable(),
  /** Each address with its own probe result (in the gateway's order). */
  addresses: z.array(z.strictObject({ address: z.string().max(300), state: z.enum(['up', 'down', 'unknown', 'unprobed']) })).max(32),
});
export type RoutingGatewayStatus = z.infer<typeof RoutingGatewayStatusSchema>;

export const MappingGatewayStatusSchema = z.strictObject({
  name: GatewayNameSchema,
  state: MappingGatewayStateSchema,
  /** Last time a call from it was seen (ended, or up); null: none since the agent started. */
  lastSeen: EpochMsSchema.nullable(),
  /** Password gateways: true while its account has a current registration (online then, calls or not). */
  registered: z.boolean().optional(),
});
export type MappingGatewayStatus = z.infer<typeof MappingGatewayStatusSchema>;

export const GatewayStatusResultSchema = z.strictObject({
  at: EpochMsSchema,
  /** Seconds between probes (one interval for every probed gateway). */
  probeIntervalSec: z.number().int().min(1),
  /** A mapping gateway is online while its last call is at most this old. */
  onlineWindowSec: z.number().int().min(1),
  routing: z.array(RoutingGatewayStatusSchema),
  mapping: z.array(MappingGatewayStatusSchema),
});
export type GatewayStatusResult = z.infer<typeof GatewayStatusResultSchema>;

interface GatewayMethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  readonly mutating: boolean;
  readonly errors: readonly RpcErrorCode[];
  readonly description: string;
}

export const GATEWAY_METHODS = {
  'gateways.status': {
    params: z.strictObject({}),
    result: GatewayStatusResultSchema,
    mutating: false,
    errors: [],
    description: 'Up/down of every enabled routing gateway from Kamailio\'s OPTIONS probes, and online/offline of every enabled mapping gateway from its recent calls.',
  },
} as const satisfies Record<string, GatewayMethodSpec>;
