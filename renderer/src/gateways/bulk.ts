import { COLLECTIONS, deleteOp, upsertOp, type CollectionKey, type NamedItem } from '@shared/model/collections';
import type { ConfigOp } from '@shared/model/ops';
import { isSecret, NO_SECRET } from '@shared/model/secret';

/** "gw-a" → "gw-a-copy", "gw-a-copy2", … : the first name not already taken (names stay ≤ 64 characters). */
export function cloneName(name: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '-copy' : `-copy${n}`;
    const candidate = name.slice(0, 64 - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A withheld secret cannot be copied to a new item (its value never reaches this window), so clones start without one. */
function dropSecrets<T>(value: T): T {
  if (isSecret(value)) return (value.set ? NO_SECRET : value) as T;
  if (Array.isArray(value)) return value.map(dropSecrets) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dropSecrets(v)])) as T;
  }
  return value;
}

export function setEnabledOps(key: CollectionKey, items: readonly (NamedItem & { enabled: boolean })[], enabled: boolean): ConfigOp[] {
  return items.filter((i) => i.enabled !== enabled).map((i) => upsertOp(key, { ...i, enabled } as NamedItem));
}

export function deleteOps(key: CollectionKey, names: readonly string[]): ConfigOp[] {
  return names.map((n) => deleteOp(key, n));
}

export function cloneOps(key: CollectionKey, items: readonly NamedItem[], existing: readonly NamedItem[]): ConfigOp[] {
  const taken = new Set(existing.map((i) => i.name));
  return items.map((item) => {
    const name = cloneName(item.name, taken);
    taken.add(name);
    return upsertOp(key, { ...dropSecrets(item), name });
  });
}

export const COLLECTION_KEYS: readonly CollectionKey[] = COLLECTIONS.map((c) => c.key);
