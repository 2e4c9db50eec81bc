import { z } from 'zod';
import { MappingGatewayWireSchema } from '@shared/model/mappingGateway';
import { RoutingGatewayWireSchema } from '@shared/model/routingGateway';
import type { MethodSpec } from '../rpc/dispatcher';
import { neverMutated } from '../rpc/resultText';

/**
 * A result schema for `config.get` that checks the same thing as the method's own, but gateway by
 * gateway, remembering each gateway object (and each list) it checked. The redacted snapshot
 * keeps the objects of untouched gateways and collections (shared/model/redact.ts), so the first
 * read of a new revision checks only what changed instead of 20,000 gateways. Anything the quick
 * path cannot take (a malformed list, an invalid gateway) goes through the full schema, so errors
 * read exactly as before.
 */
export function gatewayWiseSnapshotResult(spec: MethodSpec): MethodSpec {
  const full = spec.result;
  const result = z.unknown().transform((value, ctx) => {
    const quick = quickCheck(value, full);
    if (quick !== undefined) return quick;
    const r = full.safeParse(value);
    if (r.success) return r.data;
    for (const issue of r.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  });
  return { ...spec, result };
}

const LISTS = [
  ['routingGateways', RoutingGatewayWireSchema],
  ['mappingGateways', MappingGatewayWireSchema],
] as const;

const checkedItems = new WeakMap<object, unknown>();
const checkedLists = new WeakMap<readonly unknown[], unknown[]>();

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkList(list: unknown, schema: z.ZodType): unknown[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const known = checkedLists.get(list);
  if (known) return known;
  const out: unknown[] = [];
  for (const item of list) {
    if (!isObject(item)) return undefined;
    let parsed = checkedItems.get(item);
    if (parsed === undefined) {
      const r = schema.safeParse(item);
      if (!r.success) return undefined;
      // The checked copy belongs to this module alone and is never changed: its text can be kept.
      parsed = neverMutated(r.data as object);
      checkedItems.set(item, parsed);
    }
    out.push(parsed);
  }
  checkedLists.set(list, out);
  return out;
}

function quickCheck(value: unknown, full: z.ZodType): unknown {
  if (!isObject(value) || !isObject(value.snapshot)) return undefined;
  const snapshot = value.snapshot;
  const lists: Record<string, unknown[]> = {};
  for (const [key, schema] of LISTS) {
    const checked = checkList(snapshot[key], schema);
    if (!checked) return undefined;
    lists[key] = checked;
  }
  // Everything but the gateways, through the method's own schema.
  const envelope = full.safeParse({ ...value, snapshot: { ...snapshot, routingGateways: [], mappingGateways: [] } });
  if (!envelope.success || !isObject(envelope.data) || !isObject(envelope.data.snapshot)) return undefined;
  return { ...envelope.data, snapshot: { ...envelope.data.snapshot, ...lists } };
}

/** The agent's method table with `config.get` results checked gateway by gateway (same rules). */
export function withGatewayWiseResults<T extends Readonly<Record<'config.get', MethodSpec>>>(table: T): T {
  return { ...table, 'config.get': gatewayWiseSnapshotResult(table['config.get']) };
}
