import type { CollectionKey } from '@shared/model/collections';

/**
 * A revision's gateways as stored: for each (collection, name), the id of the row holding its
 * content. A revision records only the entries that differ from the previous revision's (see
 * gatewayRows), so an apply that changes one gateway writes one entry, whatever the size.
 */
export type Members = ReadonlyMap<string, { readonly rowId: number }>;

/** One recorded change: the gateway's new row, or null when the revision deleted it. */
export interface DeltaEntry {
  readonly collection: CollectionKey;
  readonly name: string;
  readonly rowId: number | null;
}

const SEP = '\u0000';

/** Map key of a gateway; NUL cannot occur in a gateway name (see model/names). */
export function memberKey(collection: CollectionKey, name: string): string {
  return `${collection}${SEP}${name}`;
}

export function splitMemberKey(key: string): { collection: CollectionKey; name: string } {
  const at = key.indexOf(SEP);
  return { collection: key.slice(0, at) as CollectionKey, name: key.slice(at + 1) };
}

/** The entries that turn `prev` into `next`: added or changed gateways, then deleted ones. */
export function memberDelta(prev: Members, next: Members): DeltaEntry[] {
  const out: DeltaEntry[] = [];
  for (const [key, { rowId }] of next) {
    if (prev.get(key)?.rowId !== rowId) out.push({ ...splitMemberKey(key), rowId });
  }
  for (const key of prev.keys()) {
    if (!next.has(key)) out.push({ ...splitMemberKey(key), rowId: null });
  }
  return out;
}
