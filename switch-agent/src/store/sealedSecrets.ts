// The stored form of secrets in revision rows. A secret with a value is replaced by a reference to
// its sealed (encrypted) value in `secret_values`: `{ "set": true, "ref": 12 }`; a secret parameter's
// string becomes the same shape. Rows therefore hold no secret value, only which sealed value a
// revision used, so a diff still tells that a password changed. Works on raw JSON (old rows that
// still hold values are read by the migration that seals them).
import { paramPath, itemPath } from '@shared/config/paths';
import { COLLECTIONS, type CollectionKey } from '@shared/model/collections';
import type { PathSegment } from '@shared/model/fieldPath';
import { isSecretParam } from '@shared/model/redact';
import { isSecret } from '@shared/model/secret';

/** Keeps sealed values; `identity` is the secret's field path, bound to the value when sealing. */
export interface SecretSealer {
  /** Returns the id of a sealed value equal to `value` for `identity`, storing one if needed. */
  put(identity: string, value: string): number;
  get(identity: string, ref: number): string;
}

interface SecretRef {
  set: true;
  ref: number;
}

function isRef(v: unknown): v is SecretRef {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return Object.keys(o).length === 2 && o.set === true && Number.isSafeInteger(o.ref);
}

type Visit = (identity: string, v: unknown, asParam: boolean) => unknown;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mapItem(collection: CollectionKey, item: unknown, visit: Visit): unknown {
  if (!isObject(item) || typeof item.name !== 'string') return item;
  const name = item.name;
  const walk = (v: unknown, segs: PathSegment[]): unknown => {
    if (isSecret(v) || isRef(v)) return visit(itemPath(collection, name, segs), v, false);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...segs, i]));
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...segs, k])]));
    return v;
  };
  return walk(item, []);
}

function mapParam(name: string, value: unknown, visit: Visit): unknown {
  return isSecretParam(name) ? visit(paramPath(name), value, true) : value;
}

function mapSnapshot(doc: unknown, visit: Visit): unknown {
  if (!isObject(doc)) return doc;
  const out: Record<string, unknown> = { ...doc };
  if (isObject(doc.params)) {
    out.params = Object.fromEntries(Object.entries(doc.params).map(([k, v]) => [k, mapParam(k, v, visit)]));
  }
  for (const c of COLLECTIONS) {
    const items = doc[c.key];
    if (Array.isArray(items)) out[c.key] = items.map((i) => mapItem(c.key, i, visit));
  }
  return out;
}

const UPSERT_COLLECTION: Readonly<Record<string, CollectionKey>> = {
  'routingGateway.upsert': 'routingGateways',
  'mappingGateway.upsert': 'mappingGateways',
};

function mapOps(ops: unknown, visit: Visit): unknown {
  if (!Array.isArray(ops)) return ops;
  return ops.map((op: unknown) => {
    if (!isObject(op) || typeof op.op !== 'string') return op;
    if (op.op === 'param.set' && typeof op.name === 'string') return { ...op, value: mapParam(op.name, op.value, visit) };
    const collection = UPSERT_COLLECTION[op.op];
    return collection ? { ...op, gateway: mapItem(collection, op.gateway, visit) } : op;
  });
}

function sealer(s: SecretSealer): Visit {
  return (identity, v, asParam) => {
    if (asParam) return typeof v === 'string' && v !== '' ? { set: true, ref: s.put(identity, v) } : v;
    return isSecret(v) && 'value' in v ? { set: true, ref: s.put(identity, v.value) } : v;
  };
}

function opener(s: SecretSealer): Visit {
  return (identity, v, asParam) => {
    if (!isRef(v)) return v;
    const value = s.get(identity, v.ref);
    return asParam ? value : { set: true, value };
  };
}

/** Row form of a snapshot (JSON value): every secret value replaced by a reference. */
export const sealSnapshot = (doc: unknown, s: SecretSealer): unknown => mapSnapshot(doc, sealer(s));
export const openSnapshot = (doc: unknown, s: SecretSealer): unknown => mapSnapshot(doc, opener(s));
export const sealOps = (ops: unknown, s: SecretSealer): unknown => mapOps(ops, sealer(s));
export const openOps = (ops: unknown, s: SecretSealer): unknown => mapOps(ops, opener(s));
