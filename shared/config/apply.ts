import { defaultValue, getParam, paramValueEquals, validateParamValue } from '../catalog';
import type { ParamValue } from '../catalog/types';
import { OP_COLLECTION, collectionDef, collectionItems, opTarget, type CollectionKey, type NamedItem } from '../model/collections';
import type { FieldError } from '../model/fieldPath';
import { ConfigOpSchema, type ConfigOp } from '../model/ops';
import { isSecret, resolveSecretWrite, type Secret } from '../model/secret';
import type { ConfigSnapshot, SnapshotParamValue } from '../model/snapshot';
import { isPlainObject } from './json';
import { getLeaf, leafEntries, setLeaf } from './leaves';
import { finding, issuesToFieldErrors, itemPath, paramFinding, paramPath, type IssueLike } from './paths';
import { normalizeSnapshot } from './snapshot';

export type ApplyResult =
  | { readonly ok: true; readonly snapshot: ConfigSnapshot }
  | { readonly ok: false; readonly errors: FieldError[] };

/**
 * Applies ops in order. Each op is checked on its own (schema, catalog value, target exists);
 * whole-configuration rules (cross-parameter rules, references, uniqueness) are validateSnapshot's
 * job, because a list of ops may pass through states that only the final one has to satisfy.
 * All op errors are collected; nothing is applied unless every op is valid.
 * The result keeps the input revision, is normalized (sorted) and carries its new hash.
 */
export function applyOps(snapshot: ConfigSnapshot, ops: readonly ConfigOp[]): ApplyResult {
  const params = new Map<string, SnapshotParamValue>(Object.entries(snapshot.params));
  // Built when an op first touches the collection; untouched ones keep their array, so later steps
  // (hash, validation, diff, store) can tell they did not change.
  const touched = new Map<CollectionKey, Map<string, NamedItem>>();
  const itemsOf = (key: CollectionKey): Map<string, NamedItem> => {
    let map = touched.get(key);
    if (!map) {
      map = new Map<string, NamedItem>(collectionItems(snapshot, key).map((g) => [g.name, g]));
      touched.set(key, map);
    }
    return map;
  };
  const errors: FieldError[] = [];

  ops.forEach((raw, index) => {
    const parsed = ConfigOpSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push(...opSchemaErrors(raw, index, parsed.error.issues));
      return;
    }
    const t = opTarget(parsed.data);
    switch (t.kind) {
      case 'param.set': {
        const path = paramPath(t.name);
        if (!getParam(t.name)) { errors.push(finding(path, `unknown parameter ${t.name}`, 'param.unknown', { name: t.name })); return; }
        const value = t.value as ParamValue;
        const issue = validateParamValue(t.name, value);
        if (issue && issue.severity === 'error') { errors.push(paramFinding(path, issue)); return; }
        if (paramValueEquals(value, defaultValue(t.name))) params.delete(t.name);
        else params.set(t.name, value as SnapshotParamValue);
        return;
      }
      case 'param.reset': {
        if (!getParam(t.name)) { errors.push(finding(paramPath(t.name), `unknown parameter ${t.name}`, 'param.unknown', { name: t.name })); return; }
        params.delete(t.name);
        return;
      }
      case 'upsert': {
        const map = itemsOf(t.collection);
        const resolved = resolveSecrets(t.collection, t.item, map.get(t.item.name));
        if (resolved.errors.length) { errors.push(...resolved.errors); return; }
        map.set(t.item.name, resolved.item);
        return;
      }
      case 'delete': {
        const map = itemsOf(t.collection);
        if (!map.delete(t.name)) {
          errors.push(finding(itemPath(t.collection, t.name), `there is no ${collectionDef(t.collection).label} named ${t.name}`, 'item.missing', { collection: t.collection, name: t.name }));
        }
        return;
      }
    }
  });

  if (errors.length) return { ok: false, errors };
  const params2 = Object.fromEntries(params) as ConfigSnapshot['params'];
  return {
    ok: true,
    snapshot: normalizeSnapshot({
      ...snapshot,
      params: params2,
      routingGateways: (touched.has('routingGateways') ? [...itemsOf('routingGateways').values()] : snapshot.routingGateways) as ConfigSnapshot['routingGateways'],
      mappingGateways: (touched.has('mappingGateways') ? [...itemsOf('mappingGateways').values()] : snapshot.mappingGateways) as ConfigSnapshot['mappingGateways'],
      endpoints: (touched.has('endpoints') ? [...itemsOf('endpoints').values()] : snapshot.endpoints) as ConfigSnapshot['endpoints'],
      alertRules: (touched.has('alertRules') ? [...itemsOf('alertRules').values()] : snapshot.alertRules) as ConfigSnapshot['alertRules'],
      firewallRules: (touched.has('firewallRules') ? [...itemsOf('firewallRules').values()] : snapshot.firewallRules) as ConfigSnapshot['firewallRules'],
      sipListeners: (touched.has('sipListeners') ? [...itemsOf('sipListeners').values()] : snapshot.sipListeners) as ConfigSnapshot['sipListeners'],
    }),
  };
}

/** `{ set: true }` without a value keeps the stored secret of the item being replaced. */
function resolveSecrets(collection: CollectionKey, item: NamedItem, current: NamedItem | undefined): { item: NamedItem; errors: FieldError[] } {
  let out = item;
  const errors: FieldError[] = [];
  for (const [key, value] of leafEntries(item)) {
    if (!isSecret(value)) continue;
    const stored = current ? getLeaf(current, key) : undefined;
    const resolved = resolveSecretWrite(value, isSecret(stored) ? (stored as Secret) : undefined);
    if (resolved === null) {
      errors.push(finding(itemPath(collection, item.name, key), 'no stored secret to keep: enter a value', 'secret.noneStored'));
    } else if (resolved !== value) {
      out = setLeaf(out, key, resolved);
    }
  }
  return { item: out, errors };
}

/** Names the field of a malformed op the way validation errors name it, falling back to `ops[i]`. */
function opSchemaErrors(raw: unknown, index: number, issues: readonly IssueLike[]): FieldError[] {
  const o = isPlainObject(raw) ? raw : {};
  const kind = typeof o.op === 'string' ? o.op : '';
  if ((kind === 'param.set' || kind === 'param.reset') && typeof o.name === 'string') {
    return issues.map((i) => ({ path: paramPath(o.name as string), message: i.message }));
  }
  const collection = OP_COLLECTION[kind];
  const field = collection ? collectionDef(collection).opField : 'gateway';
  const item = isPlainObject(o[field]) ? (o[field] as Record<string, unknown>) : undefined;
  const name = typeof o.name === 'string' ? o.name : typeof item?.name === 'string' ? item.name : undefined;
  if (collection && name !== undefined) {
    const rest = issues.map((i) => ({ message: i.message, path: i.path[0] === field ? i.path.slice(1) : i.path }));
    return issuesToFieldErrors([collection, { key: name }], rest);
  }
  return issuesToFieldErrors(['ops', index], issues);
}
