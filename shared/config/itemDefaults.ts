import type { z } from 'zod';
import { collectionDef, type CollectionKey } from '../model/collections';

const cache = new Map<CollectionKey, Readonly<Record<string, unknown>>>();

/**
 * The value each field of a collection's item takes when it is left out (the schema's defaults),
 * for fields that have one; required fields (name, addresses, …) are absent from the result.
 * Change texts list only what differs from these for a new item.
 */
export function itemDefaults(key: CollectionKey): Readonly<Record<string, unknown>> {
  const hit = cache.get(key);
  if (hit) return hit;
  const schema = collectionDef(key).schema as unknown as { shape?: Record<string, z.ZodType> };
  const out: Record<string, unknown> = {};
  for (const [field, s] of Object.entries(schema.shape ?? {})) {
    const r = s.safeParse(undefined);
    if (r.success && r.data !== undefined) out[field] = r.data;
  }
  cache.set(key, out);
  return out;
}
