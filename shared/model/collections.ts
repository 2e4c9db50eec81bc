import type { z } from 'zod';
import { AlertRuleSchema, type AlertRule } from './alertRule';
import { EndpointSchema, type Endpoint } from './endpoint';
import { MappingGatewaySchema, type MappingGateway } from './mappingGateway';
import type { ConfigOp } from './ops';
import { RoutingGatewaySchema, type RoutingGateway } from './routingGateway';
import { SipListenerSchema, type SipListener } from './sipListener';
import { FirewallRuleSchema, type FirewallRule } from './firewall';
import type { ConfigSnapshot } from './snapshot';

/**
 * The named-item collections of a snapshot. shared/config iterates this table instead of naming
 * collections, so a new kind (firewall rules, …) means: a schema, a snapshot field, two op kinds,
 * one entry here and one case in each switch below (the compiler points at them).
 */
export type CollectionKey = 'routingGateways' | 'mappingGateways' | 'endpoints' | 'alertRules' | 'sipListeners' | 'firewallRules';

export interface CollectionDef {
  readonly key: CollectionKey;
  /** Human name for messages: "routing gateway". */
  readonly label: string;
  readonly schema: z.ZodType<NamedItem, unknown>;
  /** The op field that carries an upserted item: `{ op: 'endpoint.upsert', endpoint: … }`. */
  readonly opField: 'gateway' | 'endpoint' | 'rule' | 'listener';
  /**
   * Added after hashes were first stored: while empty it is left out of the content hash, so a
   * configuration that does not use it keeps the hash it had before the collection existed.
   */
  readonly hashOnlyWhenUsed?: true;
  /**
   * Optional in the snapshot itself (absent = empty), and dropped from a normalized snapshot while
   * empty, so snapshots written before the collection existed keep their shape.
   */
  readonly optional?: true;
}

export interface NamedItem {
  readonly name: string;
}

export const COLLECTIONS: readonly CollectionDef[] = [
  { key: 'routingGateways', label: 'routing gateway', schema: RoutingGatewaySchema, opField: 'gateway' },
  { key: 'mappingGateways', label: 'mapping gateway', schema: MappingGatewaySchema, opField: 'gateway' },
  { key: 'endpoints', label: 'endpoint', schema: EndpointSchema, opField: 'endpoint', hashOnlyWhenUsed: true },
  { key: 'alertRules', label: 'alert rule', schema: AlertRuleSchema, opField: 'rule', hashOnlyWhenUsed: true, optional: true },
  { key: 'sipListeners', label: 'SIP listening address', schema: SipListenerSchema, opField: 'listener', hashOnlyWhenUsed: true, optional: true },
  { key: 'firewallRules', label: 'firewall rule', schema: FirewallRuleSchema, opField: 'rule', hashOnlyWhenUsed: true, optional: true },
];

/** The collection an op kind works on (`mappingGateway.upsert` → mappingGateways), or undefined. */
export const OP_COLLECTION: Readonly<Record<string, CollectionKey>> = {
  'routingGateway.upsert': 'routingGateways',
  'routingGateway.delete': 'routingGateways',
  'mappingGateway.upsert': 'mappingGateways',
  'mappingGateway.delete': 'mappingGateways',
  'endpoint.upsert': 'endpoints',
  'endpoint.delete': 'endpoints',
  'alertRule.upsert': 'alertRules',
  'alertRule.delete': 'alertRules',
  'sipListener.upsert': 'sipListeners',
  'sipListener.delete': 'sipListeners',
  'firewallRule.upsert': 'firewallRules',
  'firewallRule.delete': 'firewallRules',
};

export function collectionDef(key: CollectionKey): CollectionDef {
  const def = COLLECTIONS.find((c) => c.key === key);
  if (!def) throw new Error(`unknown collection ${key}`);
  return def;
}

/** A collection's items; an optional collection that is absent (alertRules) has none. */
export function collectionItems(s: Pick<ConfigSnapshot, CollectionKey>, key: CollectionKey): readonly NamedItem[] {
  return s[key] ?? [];
}

/** Builds an upsert op; `item` must already satisfy the collection's schema. */
export function upsertOp(key: CollectionKey, item: NamedItem): ConfigOp {
  switch (key) {
    case 'routingGateways':
      return { op: 'routingGateway.upsert', gateway: item as RoutingGateway };
    case 'mappingGateways':
      return { op: 'mappingGateway.upsert', gateway: item as MappingGateway };
    case 'endpoints':
      return { op: 'endpoint.upsert', endpoint: item as Endpoint };
    case 'alertRules':
      return { op: 'alertRule.upsert', rule: item as AlertRule };
    case 'sipListeners':
      return { op: 'sipListener.upsert', listener: item as SipListener };
    case 'firewallRules':
      return { op: 'firewallRule.upsert', rule: item as FirewallRule };
  }
}

export function deleteOp(key: CollectionKey, name: string): ConfigOp {
  switch (key) {
    case 'routingGateways':
      return { op: 'routingGateway.delete', name };
    case 'mappingGateways':
      return { op: 'mappingGateway.delete', name };
    case 'endpoints':
      return { op: 'endpoint.delete', name };
    case 'alertRules':
      return { op: 'alertRule.delete', name };
    case 'sipListeners':
      return { op: 'sipListener.delete', name };
    case 'firewallRules':
      return { op: 'firewallRule.delete', name };
  }
}

export type OpTarget =
  | { readonly kind: 'param.set'; readonly name: string; readonly value: unknown }
  | { readonly kind: 'param.reset'; readonly name: string }
  | { readonly kind: 'upsert'; readonly collection: CollectionKey; readonly item: NamedItem }
  | { readonly kind: 'delete'; readonly collection: CollectionKey; readonly name: string };

/** Decodes an op into what it touches, so config logic stays independent of op names. */
export function opTarget(op: ConfigOp): OpTarget {
  switch (op.op) {
    case 'param.set':
      return { kind: 'param.set', name: op.name, value: op.value };
    case 'param.reset':
      return { kind: 'param.reset', name: op.name };
    case 'routingGateway.upsert':
      return { kind: 'upsert', collection: 'routingGateways', item: op.gateway };
    case 'routingGateway.delete':
      return { kind: 'delete', collection: 'routingGateways', name: op.name };
    case 'mappingGateway.upsert':
      return { kind: 'upsert', collection: 'mappingGateways', item: op.gateway };
    case 'mappingGateway.delete':
      return { kind: 'delete', collection: 'mappingGateways', name: op.name };
    case 'endpoint.upsert':
      return { kind: 'upsert', collection: 'endpoints', item: op.endpoint };
    case 'endpoint.delete':
      return { kind: 'delete', collection: 'endpoints', name: op.name };
    case 'alertRule.upsert':
      return { kind: 'upsert', collection: 'alertRules', item: op.rule };
    case 'alertRule.delete':
      return { kind: 'delete', collection: 'alertRules', name: op.name };
    case 'sipListener.upsert':
      return { kind: 'upsert', collection: 'sipListeners', item: op.listener };
    case 'sipListener.delete':
      return { kind: 'delete', collection: 'sipListeners', name: op.name };
    case 'firewallRule.upsert':
      return { kind: 'upsert', collection: 'firewallRules', item: op.rule };
    case 'firewallRule.delete':
      return { kind: 'delete', collection: 'firewallRules', name: op.name };
  }
}
