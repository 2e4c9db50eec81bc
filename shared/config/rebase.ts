import { COLLECTIONS, collectionItems, type CollectionKey, type NamedItem } from '../model/collections';
import type { Conflict, FieldError } from '../model/fieldPath';
import type { ConfigOp } from '../model/ops';
import { redactDeep, redactParamValue } from '../model/redact';
import type { ConfigSnapshot } from '../model/snapshot';
import { applyOps } from './apply';
import { byName, diffSnapshots, unionNames } from './diff';
import { valuesMatch } from './json';
import { getLeaf, setLeaf, unionLeafKeys } from './leaves';
import { itemPath, paramPath } from './paths';

export type ConflictChoice = 'mine' | 'theirs';

/**
 * ok: `ops` turn `theirs` into the merged configuration (the draft's new base is `theirs`);
 * `snapshot` is that configuration, at `theirs.revision`.
 * not ok: `conflicts` (fields both sides changed differently, with no choice given) and/or
 * `errors` (the draft's ops do not apply to the base, or the merge does not apply to `theirs`).
 */
export type RebaseResult =
  | { readonly ok: true; readonly ops: ConfigOp[]; readonly snapshot: ConfigSnapshot }
  | { readonly ok: false; readonly conflicts: Conflict[]; readonly errors: FieldError[] };

/**
 * Three-way merge of a draft onto a newer configuration. Mine = base → applyOps(base, ops);
 * theirs = base → theirs. Per field (a parameter, or one leaf field of an item — see ./leaves):
 * changed on one side only → that side wins; changed on both sides to equal values → fine;
 * changed on both sides differently → a Conflict at that field's path. An item deleted on one side
 * and changed on the other is one Conflict at the item's path (`routingGateways[gw-a]`).
 */
export function rebase(base: ConfigSnapshot, theirs: ConfigSnapshot, ops: readonly ConfigOp[]): RebaseResult {
  return merge(base, theirs, ops, {});
}

/**
 * Like `rebase`, settling each conflict by `choices[conflict.path]`. Conflicts without a choice
 * are returned unresolved. On success `ops` apply cleanly to `theirs` (rebase(theirs, theirs, ops)
 * has no conflicts), so the draft can store them with `theirs` as its new base.
 */
export function resolveConflicts(
  base: ConfigSnapshot,
  theirs: ConfigSnapshot,
  ops: readonly ConfigOp[],
  choices: Readonly<Record<string, ConflictChoice>>,
): RebaseResult {
  return merge(base, theirs, ops, choices);
}

function merge(base: ConfigSnapshot, theirs: ConfigSnapshot, ops: readonly ConfigOp[], choices: Readonly<Record<string, ConflictChoice>>): RebaseResult {
  const applied = applyOps(base, ops);
  if (!applied.ok) return { ok: false, conflicts: [], errors: applied.errors };
  const mine = applied.snapshot;
  const conflicts: Conflict[] = [];

  /** Three-way decision for one field; records a conflict when no choice settles it. */
  const pick = (path: string, b: unknown, m: unknown, t: unknown, param?: string): unknown => {
    if (unchanged(b, m)) return t;
    if (unchanged(b, t) || unchanged(t, m)) return m;
    const choice = choices[path];
    if (choice === 'mine') return m;
    if (choice === 'theirs') return t;
    conflicts.push(param === undefined ? conflict(path, b, m, t) : conflict(path, redactParamValue(param, b), redactParamValue(param, m), redactParamValue(param, t)));
    return t;
  };

  const merged: ConfigSnapshot = { ...theirs, params: {} };
  for (const name of unionNames(unionNames(Object.keys(base.params), Object.keys(mine.params)), Object.keys(theirs.params))) {
    const v = pick(paramPath(name), base.params[name], mine.params[name], theirs.params[name], name);
    if (v !== undefined) merged.params[name] = v as ConfigSnapshot['params'][string];
  }
  for (const c of COLLECTIONS) {
    const result = mergeCollection(c.key, collectionItems(base, c.key), collectionItems(mine, c.key), collectionItems(theirs, c.key), pick, choices, conflicts);
    (merged[c.key] as readonly NamedItem[]) = result;
  }

  if (conflicts.length) return { ok: false, conflicts, errors: [] };
  const outOps = diffSnapshots(theirs, merged);
  const check = applyOps(theirs, outOps);
  if (!check.ok) return { ok: false, conflicts: [], errors: check.errors };
  return { ok: true, ops: outOps, snapshot: check.snapshot };
}

function mergeCollection(
  key: CollectionKey,
  base: readonly NamedItem[],
  mine: readonly NamedItem[],
  theirs: readonly NamedItem[],
  pick: (path: string, b: unknown, m: unknown, t: unknown) => unknown,
  choices: Readonly<Record<string, ConflictChoice>>,
  conflicts: Conflict[],
): NamedItem[] {
  const bm = byName(base);
  const mm = byName(mine);
  const tm = byName(theirs);
  const out: NamedItem[] = [];
  for (const name of unionNames(unionNames([...bm.keys()], [...mm.keys()]), [...tm.keys()])) {
    const b = bm.get(name);
    const m = mm.get(name);
    const t = tm.get(name);
    let result: NamedItem | undefined;
    if (unchanged(b, m)) result = t;
    else if (unchanged(b, t) || unchanged(t, m)) result = m;
    else if (m === undefined || t === undefined) {
      // One side deleted the item, the other changed (or created) it: one decision for the item.
      const path = itemPath(key, name);
      const choice = choices[path];
      if (choice === 'mine') result = m;
      else if (choice === 'theirs') result = t;
      else {
        conflicts.push(conflict(path, b, m, t));
        result = t;
      }
    } else {
      let item: NamedItem = t;
      for (const leaf of unionLeafKeys(b, m, t)) {
        const v = pick(itemPath(key, name, leaf), getLeaf(b, leaf), getLeaf(m, leaf), getLeaf(t, leaf));
        item = setLeaf(item, leaf, v);
      }
      result = item;
    }
    if (result !== undefined) out.push(result);
  }
  return out;
}

/** `after` asks for nothing `before` does not already have (a kept secret is no change). */
function unchanged(before: unknown, after: unknown): boolean {
  return valuesMatch(before, after);
}

function conflict(path: string, b: unknown, m: unknown, t: unknown): Conflict {
  const c: Conflict = { path };
  if (b !== undefined) c.base = redactDeep(b);
  if (m !== undefined) c.mine = redactDeep(m);
  if (t !== undefined) c.theirs = redactDeep(t);
  return c;
}
