import { z } from 'zod';
import { AlertRuleSchema } from './alertRule';
import { EndpointSchema, EndpointWireSchema } from './endpoint';
import { MappingGatewaySchema, MappingGatewayWireSchema } from './mappingGateway';
import { ParamNameSchema } from './names';
import { SecretWireSchema } from './secret';
import { SipListenerSchema } from './sipListener';
import { FirewallRuleSchema } from './firewall';
import { RoutingGatewaySchema, RoutingGatewayWireSchema } from './routingGateway';

/** JSON value of a system parameter (see ParamType in shared/catalog/types.ts). */
export const ParamValueSchema = z.union([
  z.boolean(),
  z.number().finite(),
  z.string(),
  z.array(z.number().finite()),
]);

/**
 * A secret parameter (catalog `type.secret`, e.g. SS_RTPENCRYPTIONKEY) whose value the agent
 * withholds appears as `{ set: true }` in snapshots a client holds; writes always send the string.
 */
export const SecretParamMarkerSchema = SecretWireSchema.extend({ set: z.literal(true) });
export const SnapshotParamValueSchema = z.union([ParamValueSchema, SecretParamMarkerSchema]);
export type SnapshotParamValue = z.infer<typeof SnapshotParamValueSchema>;

export const RevisionSchema = z.number().int('must be a whole number').min(0);
export const HashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256 digest');

/**
 * The configuration of one server at one revision. `params` holds only values that differ from the
 * catalog default. Gateways are kept sorted by name (shared/config keeps that order canonical).
 *
 * Later collections (firewall rules, outbound registrations as their own list) join as new optional
 * arrays with `.default([])`, so documents and snapshots written before they existed still parse;
 * shared/config handles collections through the table in ./collections, not by name.
 */
export const ConfigSnapshotSchema = z.strictObject({
  revision: RevisionSchema,
  hash: HashSchema,
  params: z.record(ParamNameSchema, SnapshotParamValueSchema).default({}),
  routingGateways: z.array(RoutingGatewaySchema).default([]),
  mappingGateways: z.array(MappingGatewaySchema).default([]),
  /**
   * Alert rules that differ from the defaults (./alertRule.ts). Optional rather than defaulted so
   * snapshots written before rules existed keep their shape and hash: absent and empty are the
   * same configuration (normalizeSnapshot drops an empty list, the hash leaves it out).
   */
  alertRules: z.array(AlertRuleSchema).optional(),
  /** Registering phones/terminals (./endpoint). Optional: snapshots from before they existed parse. */
  endpoints: z.array(EndpointSchema).default([]),
  /**
   * SIP listening addresses (./sipListener). Optional like alertRules: absent and empty are the
   * same configuration (the agent's settings file decides), so older snapshots keep their hash.
   */
  sipListeners: z.array(SipListenerSchema).optional(),
  /** The agent-managed firewall (./firewall). Optional: absent = the agent leaves nftables alone. */
  firewallRules: z.array(FirewallRuleSchema).optional(),
});
export type ConfigSnapshot = z.infer<typeof ConfigSnapshotSchema>;

/** What the agent sends to clients: every secret redacted to `{ set }`. */
export const ConfigSnapshotWireSchema = ConfigSnapshotSchema.extend({
  routingGateways: z.array(RoutingGatewayWireSchema).default([]),
  mappingGateways: z.array(MappingGatewayWireSchema).default([]),
  endpoints: z.array(EndpointWireSchema).default([]),
});
export type ConfigSnapshotWire = z.infer<typeof ConfigSnapshotWireSchema>;
