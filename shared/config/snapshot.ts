import { COLLECTIONS, collectionItems } from '../model/collections';
import type { ConfigSnapshot } from '../model/snapshot';
import { compareNames, snapshotHash } from './hash';
import { jsonEquals, valuesMatch } from './json';

/** Revision 0: nothing configured, every parameter at its default. */
export function emptySnapshot(): ConfigSnapshot {
  return withHash({ revision: 0, hash: '', params: {}, routingGateways: [], mappingGateways: [], endpoints: [] });
}

/** Sorts params by name and collections by item name, and recomputes the hash. */
export function normalizeSnapshot(s: ConfigSnapshot): ConfigSnapshot {
  const params: ConfigSnapshot['params'] = {};
  for (const k of Object.keys(s.params).sort(compareNames)) {
    const v = s.params[k];
    if (v !== undefined) params[k] = v;
  }
  const out: ConfigSnapshot = { ...s, params };
  for (const c of COLLECTIONS) {
    // An already sorted collection is kept as the same array: a change that does not touch it then
    // costs nothing in hashing, validating and diffing, which remember their work per array.
    const items = collectionItems(s, c.key) as readonly { name: string }[];
    if (c.optional && items.length === 0) {
      delete out[c.key];
      continue;
    }
    if (!isSortedByName(items)) {
      const sorted = [...items].sort((a, b) => compareNames(a.name, b.name));
      sortedLists.add(sorted);
      (out[c.key] as readonly { name: string }[]) = sorted;
    }
  }
  return withHash(out);
}

/** Arrays known to be in name order (never mutated), so a kept collection is not checked again. */
const sortedLists = new WeakSet<readonly object[]>();

function isSortedByName(items: readonly { name: string }[]): boolean {
  if (sortedLists.has(items)) return true;
  for (let i = 1; i < items.length; i++) if (compareNames(items[i - 1]!.name, items[i]!.name) > 0) return false;
  sortedLists.add(items);
  return true;
}

export function withHash(s: ConfigSnapshot): ConfigSnapshot {
  return { ...s, hash: snapshotHash(s) };
}

/** Same configuration (strictly, secret values included), ignoring revision, hash, key and item order. */
export function snapshotContentEquals(a: ConfigSnapshot, b: ConfigSnapshot): boolean {
  return sameContent(a, b, jsonEquals);
}

/**
 * `actual` has everything `expected` asks for; a withheld secret in `expected` accepts any stored
 * one (see `valuesMatch`). Use it to compare an agent's full snapshot with a client's redacted one.
 */
export function snapshotSatisfies(actual: ConfigSnapshot, expected: ConfigSnapshot): boolean {
  return sameContent(actual, expected, valuesMatch);
}

function sameContent(a: ConfigSnapshot, b: ConfigSnapshot, eq: (x: unknown, y: unknown) => boolean): boolean {
  if (!eq(a.params, b.params)) return false;
  for (const c of COLLECTIONS) {
    if (a[c.key] === b[c.key]) continue;
    const as = [...collectionItems(a, c.key)].sort((x, y) => compareNames(x.name, y.name));
    const bs = [...collectionItems(b, c.key)].sort((x, y) => compareNames(x.name, y.name));
    if (!eq(as, bs)) return false;
  }
  return true;
}
