/**
 * Outbound registrations (PROTOCOL.md §6.10): `gateways.registrations`, the state of each routing
 * gateway's registration to its carrier, read from the engine (Kamailio uac `uac.reg_dump`) when
 * asked. agentApi.ts spreads OUTBOUND_REGISTRATION_METHODS into its table.
 */
import { z } from 'zod';
import { GatewayNameSchema } from '../model/names';
import type { RpcErrorCode } from './errors';

const EpochMsSchema = z.number().int().min(0);

/**
 * registered: the registrar accepted it (until `expiresAt`); registering: a REGISTER is under way;
 * failed: the last attempt was refused or not answered (next one at `nextAttemptAt`); waiting: about
 * to be sent; unregistered: Expires: 0 was sent (being removed); unknown: the engine does not answer.
 */
export const OutboundRegistrationStateSchema = z.enum(['registered', 'registering', 'failed', 'waiting', 'unregistered', 'unknown']);
export type OutboundRegistrationState = z.infer<typeof OutboundRegistrationStateSchema>;

export const OutboundRegistrationStatusSchema = z.strictObject({
  name: GatewayNameSchema,
  state: OutboundRegistrationStateSchema,
  /** host:port the REGISTER goes to (the gateway's first address). */
  registrar: z.string().max(300),
  /** The expiry the REGISTER asks for (SS_SIP_USER_AGENT_EXPIRE or the gateway's own). */
  requestedExpiresSec: z.number().int().min(0),
  /** Registered: until when the registrar granted it. */
  expiresAt: EpochMsSchema.nullable(),
  /** Failed: when the last attempt failed, and when the next one is due (SS_SIP_USER_AGENT_RETRY_DELAY later). */
  failedAt: EpochMsSchema.nullable(),
  nextAttemptAt: EpochMsSchema.nullable(),
});
export type OutboundRegistrationStatus = z.infer<typeof OutboundRegistrationStatusSchema>;

export const OutboundRegistrationsResultSchema = z.strictObject({
  at: EpochMsSchema,
  retryDelaySec: z.number().int().min(0),
  /** One per enabled routing gateway with registration on, in configuration order. */
  items: z.array(OutboundRegistrationStatusSchema),
});
export type OutboundRegistrationsResult = z.infer<typeof OutboundRegistrationsResultSchema>;

interface MethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  readonly mutating: boolean;
  readonly errors: readonly RpcErrorCode[];
  readonly description: string;
}

export const OUTBOUND_REGISTRATION_METHODS = {
  'gateways.registrations': {
    params: z.strictObject({}),
    result: OutboundRegistrationsResultSchema,
    mutating: false,
    errors: [],
    description: 'State of each routing gateway\'s registration to its carrier (registered until, failed and next attempt), read from the engine.',
  },
} as const satisfies Record<string, MethodSpec>;
