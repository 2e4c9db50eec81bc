import { z } from 'zod';
import { DialPlanSchema } from './dialPlan';
import { GatewayNameSchema, NotesSchema, NumberPrefixSchema, SipUserSchema, optionalLimit } from './names';
import { HostSchema, PortSchema, TransportSchema } from './net';
import { NO_SECRET, SecretSchema, SecretWireSchema } from './secret';

/**
 * A routing gateway is where calls leave the switch (VOS3000 "Routing gateway"): a carrier or
 * terminating device. Per-gateway overrides of system parameters are `null` when the gateway
 * inherits the system value; a number or boolean replaces it for this gateway only.
 */
export const GatewayAddressSchema = z.strictObject({
  host: HostSchema,
  port: PortSchema.default(5060),
  transport: TransportSchema.default('udp'),
});
export type GatewayAddress = z.infer<typeof GatewayAddressSchema>;

/** allow: only numbers starting with one of the prefixes (none listed = every number); deny: all except those. */
export const PrefixModeSchema = z.enum(['allow', 'deny']);

/** Privacy header on calls sent to this gateway: none = add nothing, passthrough = copy from the caller leg, id = add "Privacy: id". */
export const GatewayPrivacySchema = z.enum(['none', 'passthrough', 'id']);
/** P-Preferred-Identity / P-Asserted-Identity: none, passthrough (copy incoming), caller (build from the caller number after the caller dial plan). */
export const IdentityHeaderModeSchema = z.enum(['none', 'passthrough', 'caller']);

export const OutboundRegistrationSchema = z.strictObject({
  enabled: z.boolean().default(false),
  username: SipUserSchema.default(''),
  password: SecretSchema.default(NO_SECRET),
  /** Empty = take the realm from the gateway's challenge. */
  realm: z.string().max(128).regex(/^[A-Za-z0-9.:_-]*$/, 'may contain only letters, digits and . : _ -').default(''),
  /** Seconds; null = SS_SIP_USER_AGENT_EXPIRE. */
  expirySec: z.number().int('must be a whole number').min(60).max(86400).nullable().default(null),
});
export type OutboundRegistration = z.infer<typeof OutboundRegistrationSchema>;

/** SIP final response codes that can end gateway switching (3xx–6xx). */
export const SipFinalCodeSchema = z.number().int().min(300, 'must be a SIP final response code 300–699').max(699, 'must be a SIP final response code 300–699');

export const RoutingGatewaySchema = z.strictObject({
  name: GatewayNameSchema,
  enabled: z.boolean().default(true),
  prefixes: z.array(NumberPrefixSchema.min(1, 'must not be empty')).max(1000).default([]),
  prefixMode: PrefixModeSchema.default('allow'),
  /** Lower value is tried first; equal values share load. */
  priority: z.number().int('must be a whole number').min(0).max(1000).default(0),
  addresses: z.array(GatewayAddressSchema).min(1, 'at least one address is required').max(32),
  /** Max concurrent calls (capacity); null = unlimited. */
  maxConcurrentCalls: optionalLimit(1, 1_000_000).default(null),
  /** New calls per second; null = unlimited. */
  cpsLimit: optionalLimit(1, 100_000).default(null),
  /** SS_SIP_TIMEOUT_INVITE for this gateway, same unit and range as the parameter; null = inherit. */
  inviteTimeout: z.number().int('must be a whole number').min(0).nullable().default(null),
  /** SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT for this gateway; null = inherit. */
  stopSwitchAfterInviteTimeout: z.boolean().nullable().default(null),
  /** SS_SIP_STOP_SWITCH_AFTER_SDP for this gateway; null = inherit. */
  stopSwitchAfterSdp: z.boolean().nullable().default(null),
  /** A final response with one of these codes ends switching to further gateways. */
  stopSwitchCodes: z.array(SipFinalCodeSchema).max(32).default([]),
  /**
   * Probe the gateway's addresses with SIP OPTIONS and skip the ones that stop answering until they
   * answer again; the interval is the agent's (one for all probed gateways). Optional, not defaulted:
   * a gateway stored before this field existed keeps its exact content and hash (PROTOCOL.md §5.5);
   * absent means off.
   */
  optionsProbe: z.boolean({ error: 'must be true or false' }).optional(),
  /**
   * Media towards this gateway: absent/none = plain RTP (RTP/AVP); sdes = SRTP with SDES keys
   * (RTP/SAVP + a=crypto); dtls = DTLS-SRTP (UDP/TLS/RTP/SAVP + a=fingerprint, keys agreed in a
   * DTLS handshake on the media path). rtpengine offers it whatever the caller's leg uses.
   * Optional, not defaulted, so gateways stored before it keep their hash.
   */
  mediaEncryption: z.enum(['none', 'sdes', 'dtls'], { error: 'must be none, sdes or dtls' }).optional(),
  allowPublish: z.boolean().default(false),
  privacy: GatewayPrivacySchema.default('none'),
  pPreferredIdentity: IdentityHeaderModeSchema.default('none'),
  pAssertedIdentity: IdentityHeaderModeSchema.default('none'),
  callerDialPlan: DialPlanSchema.default([]),
  calleeDialPlan: DialPlanSchema.default([]),
  registration: OutboundRegistrationSchema.default({
    enabled: false, username: '', password: NO_SECRET, realm: '', expirySec: null,
  }),
  notes: NotesSchema.default(''),
});
export type RoutingGateway = z.infer<typeof RoutingGatewaySchema>;
export type RoutingGatewayInput = z.input<typeof RoutingGatewaySchema>;

/** Read form: identical except that the registration password can only be `{ set }`. */
export const RoutingGatewayWireSchema = RoutingGatewaySchema.extend({
  registration: OutboundRegistrationSchema.extend({ password: SecretWireSchema.default(NO_SECRET) }).default({
    enabled: false, username: '', password: NO_SECRET, realm: '', expirySec: null,
  }),
});
export type RoutingGatewayWire = z.infer<typeof RoutingGatewayWireSchema>;
