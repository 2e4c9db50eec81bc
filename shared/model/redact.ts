import { getParam } from '../catalog';
import type { ConfigOp, ConfigOpWire } from './ops';
import { isSecret, redactSecret } from './secret';
import type { ConfigSnapshot, ConfigSnapshotWire, SnapshotParamValue } from './snapshot';

/** Deep copy with every secret object reduced to `{ set }`. Works on any JSON-shaped value. */
export function redactDeep<T>(value: T): T {
  if (isSecret(value)) return redactSecret(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}

export function isSecretParam(name: string): boolean {
  const t = getParam(name)?.type;
  return t?.kind === 'string' && t.secret === true;
}

/** A secret parameter's stored string becomes `{ set: true }` (an empty one is `{ set: false }`). */
export function redactParamValue(name: string, value: unknown): unknown {
  if (!isSecretParam(name) || typeof value !== 'string') return redactDeep(value);
  return { set: value !== '' };
}

export function redactParams(params: Readonly<Record<string, unknown>>): Record<string, SnapshotParamValue> {
  const out: Record<string, SnapshotParamValue> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined) out[k] = redactParamValue(k, v) as SnapshotParamValue;
  }
  return out;
}

/**
 * Redacted gateways by object, and redacted collections by array: snapshots are never mutated and a
 * change keeps untouched gateways (and untouched collections) as the same objects, so redacting the
 * next revision of a 10,000-gateway configuration copies only what changed. The results are shared:
 * callers must not mutate them either.
 */
const redactedItems = new WeakMap<object, unknown>();
const redactedLists = new WeakMap<readonly object[], unknown[]>();

function redactList<T extends object>(items: readonly T[]): T[] {
  let list = redactedLists.get(items);
  if (!list) {
    list = items.map((item) => {
      let r = redactedItems.get(item);
      if (r === undefined) {
        r = redactDeep(item);
        redactedItems.set(item, r);
      }
      return r;
    });
    redactedLists.set(items, list);
  }
  return list as T[];
}

export function redactSnapshot(s: ConfigSnapshot): ConfigSnapshotWire {
  return {
    ...s,
    params: redactParams(s.params),
    routingGateways: redactList(s.routingGateways),
    mappingGateways: redactList(s.mappingGateways),
    // Every collection, or its secrets (endpoint passwords) would reach clients in clear.
    endpoints: redactList(s.endpoints),
    ...(s.alertRules ? { alertRules: redactList(s.alertRules) } : {}),
    ...(s.sipListeners ? { sipListeners: redactList(s.sipListeners) } : {}),
    ...(s.firewallRules ? { firewallRules: redactList(s.firewallRules) } : {}),
  } as ConfigSnapshotWire;
}

export function redactOps(ops: readonly ConfigOp[]): ConfigOpWire[] {
  return ops.map((op) =>
    op.op === 'param.set'
      ? ({ ...op, value: redactParamValue(op.name, op.value) } as ConfigOpWire)
      : (redactDeep(op) as ConfigOpWire),
  );
}
