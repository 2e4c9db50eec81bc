import { z } from 'zod';
import { DialPlanSchema } from './dialPlan';
import { GatewayNameSchema, NotesSchema, SipUserSchema, optionalLimit } from './names';
import { IpAddressSchema, PortSchema } from './net';
import { NO_SECRET, SecretSchema, SecretWireSchema } from './secret';

/**
 * A mapping gateway is where calls enter the switch (VOS3000 "Mapping gateway"): a customer or
 * originating device, recognised by source IP, source IP + port, or SIP digest credentials.
 */
export const MappingAuthModeSchema = z.enum(['ip', 'ipPort', 'password']);
export type MappingAuthMode = z.infer<typeof MappingAuthModeSchema>;

/** `port` is used only with `ipPort` authentication (null otherwise). */
export const SourceAddressSchema = z.strictObject({
  ip: IpAddressSchema,
  port: PortSchema.nullable().default(null),
});
export type SourceAddress = z.infer<typeof SourceAddressSchema>;

/** 'all' or an explicit list of routing gateway names this customer may use. */
export const AllowedRoutingGatewaysSchema = z.union([
  z.literal('all'),
  z.array(GatewayNameSchema).max(1000),
]);

export const MappingGatewaySchema = z.strictObject({
  name: GatewayNameSchema,
  enabled: z.boolean().default(true),
  authMode: MappingAuthModeSchema,
  ips: z.array(SourceAddressSchema).max(256).default([]),
  username: SipUserSchema.default(''),
  password: SecretSchema.default(NO_SECRET),
  cpsLimit: optionalLimit(1, 100_000).default(null),
  maxConcurrentCalls: optionalLimit(1, 1_000_000).default(null),
  /** Conversation limit: longest allowed call in seconds; null = SS_MAX_CALL_DURATION applies. */
  maxCallDurationSec: optionalLimit(1, 86_400).default(null),
  /** Pass the caller's Privacy header through this gateway's domain. */
  supportPrivacy: z.boolean().default(false),
  /** Seconds between SIP OPTIONS online checks; null = no checks. */
  onlineCheckIntervalSec: optionalLimit(5, 3600).default(null),
  allowedRoutingGateways: AllowedRoutingGatewaysSchema.default('all'),
  callerDialPlan: DialPlanSchema.default([]),
  calleeDialPlan: DialPlanSchema.default([]),
  notes: NotesSchema.default(''),
});
export type MappingGateway = z.infer<typeof MappingGatewaySchema>;
export type MappingGatewayInput = z.input<typeof MappingGatewaySchema>;

export const MappingGatewayWireSchema = MappingGatewaySchema.extend({ password: SecretWireSchema.default(NO_SECRET) });
export type MappingGatewayWire = z.infer<typeof MappingGatewayWireSchema>;
