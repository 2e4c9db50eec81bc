import { isSecret } from '../model/secret';
import { cloneJson, isPlainObject } from './json';

/**
 * An item (gateway) seen as a list of leaf fields. Nested plain objects (e.g. `registration`) are
 * walked into; arrays, scalars and secrets are leaves. Lists are compared whole: merging a list
 * element by element has no meaning an operator could predict (is an address at [1] "the same" as
 * before after an insertion?), so a list edited on both sides is one conflict.
 */
export type LeafKey = readonly string[];

export function leafEntries(item: unknown, prefix: string[] = []): [LeafKey, unknown][] {
  if (!isPlainObject(item) || isSecret(item)) return [[prefix, item]];
  const out: [LeafKey, unknown][] = [];
  for (const [k, v] of Object.entries(item)) {
    if (v === undefined) continue;
    if (isPlainObject(v) && !isSecret(v)) out.push(...leafEntries(v, [...prefix, k]));
    else out.push([[...prefix, k], v]);
  }
  return out;
}

/** Leaf keys of several items, deduplicated, in first-seen order. */
export function unionLeafKeys(...items: unknown[]): LeafKey[] {
  const seen = new Map<string, LeafKey>();
  for (const item of items) {
    if (item === undefined) continue;
    for (const [key] of leafEntries(item)) {
      const id = key.join('.');
      if (!seen.has(id)) seen.set(id, key);
    }
  }
  return [...seen.values()];
}

export function getLeaf(item: unknown, key: LeafKey): unknown {
  let cur: unknown = item;
  for (const k of key) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** Returns a copy of `item` with the leaf replaced (removed when `value` is undefined). */
export function setLeaf<T>(item: T, key: LeafKey, value: unknown): T {
  const root = cloneJson(item) as unknown as Record<string, unknown>;
  let cur = root;
  for (let i = 0; i < key.length - 1; i++) {
    const k = key[i] as string;
    const next = cur[k];
    cur[k] = isPlainObject(next) ? next : {};
    cur = cur[k] as Record<string, unknown>;
  }
  const last = key[key.length - 1] as string;
  if (value === undefined) delete cur[last];
  else cur[last] = cloneJson(value);
  return root as unknown as T;
}
