import { z } from 'zod';
import { MappingGatewaySchema, MappingGatewayWireSchema } from './mappingGateway';
import { GatewayNameSchema, ParamNameSchema } from './names';
import { RoutingGatewaySchema, RoutingGatewayWireSchema } from './routingGateway';
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

export const ConfigOpSchema = z.discriminatedUnion('op', [
  ParamSetOpSchema,
  ParamResetOpSchema,
  z.strictObject({ op: z.literal('routingGateway.upsert'), gateway: RoutingGatewaySchema }),
  RoutingGatewayDeleteOpSchema,
  z.strictObject({ op: z.literal('mappingGateway.upsert'), gateway: MappingGatewaySchema }),
  MappingGatewayDeleteOpSchema,
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
]);
export type ConfigOpWire = z.infer<typeof ConfigOpWireSchema>;

export const ConfigOpListSchema = z.array(ConfigOpSchema).max(10_000);
export const ConfigOpWireListSchema = z.array(ConfigOpWireSchema).max(10_000);
