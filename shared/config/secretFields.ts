// Finds every secret in a snapshot or op list given as raw JSON, with its field path, so a store
// can replace values by a stored form and back (the agent seals them into its database, the
// desktop encrypts them in drafts). Raw JSON on purpose: stored forms do not parse as the model.
import { COLLECTIONS, OP_COLLECTION, collectionDef, type CollectionKey } from '../model/collections';
import type { PathSegment } from '../model/fieldPath';
import { isSecretParam } from '../model/redact';
import { isSecret } from '../model/secret';
import { itemPath, paramPath } from './paths';

/**
 * Called for each secret: `path` like `mappingGateways[gw1].password` or `params.SS_RTPENCRYPTIONKEY`,
 * `v` the value found there, `asParam` when it is a secret parameter (a string in the model).
 * Returns what to put there instead.
 */
export type SecretVisit = (path: string, v: unknown, asParam: boolean) => unknown;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A secret's stored form must be recognised too: `{ set: true, <one more key> }`. */
function isSecretLike(v: unknown): boolean {
  if (isSecret(v)) return true;
  return isObject(v) && v.set === true && Object.keys(v).length === 2;
}

function mapItem(collection: CollectionKey, item: unknown, visit: SecretVisit): unknown {
  if (!isObject(item) || typeof item.name !== 'string') return item;
  const name = item.name;
  const walk = (v: unknown, segs: PathSegment[]): unknown => {
    if (segs.length > 0 && isSecretLike(v)) return visit(itemPath(collection, name, segs), v, false);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...segs, i]));
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...segs, k])]));
    return v;
  };
  return walk(item, []);
}

function mapParam(name: string, value: unknown, visit: SecretVisit): unknown {
  return isSecretParam(name) ? visit(paramPath(name), value, true) : value;
}

export function mapSnapshotSecrets(doc: unknown, visit: SecretVisit): unknown {
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

export function mapOpsSecrets(ops: unknown, visit: SecretVisit): unknown {
  if (!Array.isArray(ops)) return ops;
  return ops.map((op: unknown) => {
    if (!isObject(op) || typeof op.op !== 'string') return op;
    if (op.op === 'param.set' && typeof op.name === 'string') return { ...op, value: mapParam(op.name, op.value, visit) };
    const collection = op.op.endsWith('.upsert') ? OP_COLLECTION[op.op] : undefined;
    if (!collection) return op;
    const field = collectionDef(collection).opField;
    return { ...op, [field]: mapItem(collection, op[field], visit) };
  });
}
