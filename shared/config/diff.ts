import { COLLECTIONS, collectionItems, deleteOp, upsertOp, type CollectionKey, type NamedItem } from '../model/collections';
import type { FieldChange } from '../model/fieldPath';
import type { ConfigOp } from '../model/ops';
import { redactDeep, redactParamValue } from '../model/redact';
import { isSecret } from '../model/secret';
import type { ConfigSnapshot } from '../model/snapshot';
import { compareNames } from './hash';
import { valuesMatch } from './json';
import { getLeaf, unionLeafKeys } from './leaves';
import { itemPath, paramPath } from './paths';

type Content = Pick<ConfigSnapshot, 'params' | CollectionKey>;

/**
 * The ops that turn `a` into `b`: one op per changed parameter or item, nothing for unchanged
 * ones. Deletes come before upserts within a collection. `applyOps(a, diffSnapshots(a, b))` has
 * the content of `b` (secrets: a withheld `{ set: true }` in `b` keeps `a`'s value).
 */
export function diffSnapshots(a: Content, b: Content): ConfigOp[] {
  const ops: ConfigOp[] = [];
  for (const name of unionNames(Object.keys(a.params), Object.keys(b.params))) {
    const before = a.params[name];
    const after = b.params[name];
    if (valuesMatch(before, after)) continue;
    if (after === undefined) ops.push({ op: 'param.reset', name });
    // A withheld secret parameter cannot be written back; only a stored value can satisfy it.
    else if (!isSecret(after)) ops.push({ op: 'param.set', name, value: after });
  }
  for (const c of COLLECTIONS) {
    if (a[c.key] === b[c.key]) continue;
    const am = byName<NamedItem>(collectionItems(a, c.key));
    const bm = byName<NamedItem>(collectionItems(b, c.key));
    for (const name of [...am.keys()].sort(compareNames)) {
      if (!bm.has(name)) ops.push(deleteOp(c.key, name));
    }
    for (const name of [...bm.keys()].sort(compareNames)) {
      const item = bm.get(name) as NamedItem;
      if (!valuesMatch(am.get(name), item)) ops.push(upsertOp(c.key, item));
    }
  }
  return ops;
}

/**
 * Field-level differences for diff views: changed parameters, created/deleted items (whole item
 * as before/after), and changed leaf fields of items present on both sides. Secrets are redacted:
 * a changed password shows as `{ set: true }` → `{ set: true }`.
 */
export function describeChanges(a: Content, b: Content): FieldChange[] {
  const out: FieldChange[] = [];
  for (const name of unionNames(Object.keys(a.params), Object.keys(b.params))) {
    const before = a.params[name];
    const after = b.params[name];
    if (!valuesMatch(before, after)) out.push(change(paramPath(name), redactParamValue(name, before), redactParamValue(name, after)));
  }
  for (const c of COLLECTIONS) {
    if (a[c.key] === b[c.key]) continue;
    const am = byName<NamedItem>(collectionItems(a, c.key));
    const bm = byName<NamedItem>(collectionItems(b, c.key));
    for (const name of unionNames([...am.keys()], [...bm.keys()])) {
      const x = am.get(name);
      const y = bm.get(name);
      if (valuesMatch(x, y)) continue;
      if (x === undefined || y === undefined) {
        out.push(change(itemPath(c.key, name), x, y));
        continue;
      }
      for (const key of unionLeafKeys(x, y)) {
        const before = getLeaf(x, key);
        const after = getLeaf(y, key);
        if (!valuesMatch(before, after)) {
          out.push(change(itemPath(c.key, name, key), before, after));
        }
      }
    }
  }
  return out;
}

function change(path: string, before: unknown, after: unknown): FieldChange {
  const c: FieldChange = { path };
  if (before !== undefined) c.before = redactDeep(before);
  if (after !== undefined) c.after = redactDeep(after);
  return c;
}

export function byName<T extends NamedItem>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.name, i]));
}

export function unionNames(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort(compareNames);
}
