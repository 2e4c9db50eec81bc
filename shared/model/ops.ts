import { z } from 'zod';
import { AlertRuleNameSchema, AlertRuleSchema } from './alertRule';
import { EndpointSchema, EndpointWireSchema } from './endpoint';
import { MappingGatewaySchema, MappingGatewayWireSchema } from './mappingGateway';
import { GatewayNameSchema, ParamNameSchema } from './names';
import { RoutingGatewaySchema, RoutingGatewayWireSchema } from './routingGateway';
import { SipListenerSchema } from './sipListener';
import { FirewallRuleSchema } from './firewall';
import { ParamValueSchema, SnapshotParamValueSchema } from './snapshot';

/**
 * One change to a configuration. Lists of ops are what drafts store, what `config.apply` receives
 * and what history records. Upserts carry the whole item (replace by name); a rename is a delete
 * plus an upsert. New kinds (e.g. 'firewallRule.upsert') are added as new members of the union.
 *
 * In upserts, a secret `{ set: true }` without a value keeps the stored secret (see ./secret).
 */
export const ParamSetOpSchema = z.strictObject({ op: z.literal('param.set'), name: ParamNameSchema, value: ParamValueSchema });
export const ParamResetOpSchema = z.strictObject({ op: z.literal('param.reset'), name: ParamNameSchema });
export const RoutingGatewayDeleteOpSchema = z.strictObject({ op: z.literal('routingGateway.delete'), name: GatewayNameSchema });
export const MappingGatewayDeleteOpSchema = z.strictObject({ op: z.literal('mappingGateway.delete'), name: GatewayNameSchema });
export const AlertRuleUpsertOpSchema = z.strictObject({ op: z.literal('alertRule.upsert'), rule: AlertRuleSchema });
/** Deleting a rule that has a default's name brings the default back. */
export const AlertRuleDeleteOpSchema = z.strictObject({ op: z.literal('alertRule.delete'), name: AlertRuleNameSchema });
export const EndpointDeleteOpSchema = z.strictObject({ op: z.literal('endpoint.delete'), name: GatewayNameSchema });
export const SipListenerUpsertOpSchema = z.strictObject({ op: z.literal('sipListener.upsert'), listener: SipListenerSchema });
export const FirewallRuleUpsertOpSchema = z.strictObject({ op: z.literal('firewallRule.upsert'), rule: FirewallRuleSchema });
export const FirewallRuleDeleteOpSchema = z.strictObject({ op: z.literal('firewallRule.delete'), name: GatewayNameSchema });
export const SipListenerDeleteOpSchema = z.strictObject({ op: z.literal('sipListener.delete'), name: GatewayNameSchema });

export const ConfigOpSchema = z.discriminatedUnion('op', [
  ParamSetOpSchema,
  ParamResetOpSchema,
  z.strictObject({ op: z.literal('routingGateway.upsert'), gateway: RoutingGatewaySchema }),
  RoutingGatewayDeleteOpSchema,
  z.strictObject({ op: z.literal('mappingGateway.upsert'), gateway: MappingGatewaySchema }),
  MappingGatewayDeleteOpSchema,
  AlertRuleUpsertOpSchema,
  AlertRuleDeleteOpSchema,
  z.strictObject({ op: z.literal('endpoint.upsert'), endpoint: EndpointSchema }),
  EndpointDeleteOpSchema,
  SipListenerUpsertOpSchema,
  SipListenerDeleteOpSchema,
  FirewallRuleUpsertOpSchema,
  FirewallRuleDeleteOpSchema,
]);
export type ConfigOp = z.infer<typeof ConfigOpSchema>;
export type ConfigOpInput = z.input<typeof ConfigOpSchema>;
export type ConfigOpKind = ConfigOp['op'];

/** Ops as the agent reports them back (history, diff): secrets redacted. */
/** A secret parameter's value is reported as `{ set: true }`. */
export const ParamSetOpWireSchema = ParamSetOpSchema.extend({ value: SnapshotParamValueSchema });

export const ConfigOpWireSchema = z.discriminatedUnion('op', [
  ParamSetOpWireSchema,
  ParamResetOpSchema,
  z.strictObject({ op: z.literal('routingGateway.upsert'), gateway: RoutingGatewayWireSchema }),
  RoutingGatewayDeleteOpSchema,
  z.strictObject({ op: z.literal('mappingGateway.upsert'), gateway: MappingGatewayWireSchema }),
  MappingGatewayDeleteOpSchema,
  AlertRuleUpsertOpSchema,
  AlertRuleDeleteOpSchema,
  z.strictObject({ op: z.literal('endpoint.upsert'), endpoint: EndpointWireSchema }),
  EndpointDeleteOpSchema,
  SipListenerUpsertOpSchema,
  SipListenerDeleteOpSchema,
  FirewallRuleUpsertOpSchema,
  FirewallRuleDeleteOpSchema,
]);
export type ConfigOpWire = z.infer<typeof ConfigOpWireSchema>;

/**
 * Ops in one change: enough to replace a configuration of 10,000 routing + 10,000 mapping gateways
 * by another (a delete and an upsert each), which is also what a diff or history entry may hold.
 * Such lists are far over one frame; they travel as chunked messages (PROTOCOL.md §5.2).
 */
export const MAX_OPS_PER_CHANGE = 40_000;
export const ConfigOpListSchema = z.array(ConfigOpSchema).max(MAX_OPS_PER_CHANGE);
export const ConfigOpWireListSchema = z.array(ConfigOpWireSchema).max(MAX_OPS_PER_CHANGE);
