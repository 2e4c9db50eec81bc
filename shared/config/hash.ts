import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { COLLECTIONS, collectionItems } from '../model/collections';
import { redactDeep, redactParams } from '../model/redact';
import type { ConfigSnapshot } from '../model/snapshot';
import { canonicalJson } from './json';

/**
 * Changing what goes into the hash means changing this tag, so old and new hashes never collide.
 * Scheme 2 hashes each gateway on its own and each collection as the list of its gateways' hashes,
 * so a change re-hashes what it touched, not the ~10 MB of 10,000 + 10,000 gateways (scheme 1,
 * `legacySnapshotHash`, hashed the whole canonical text; documents carrying it are still accepted).
 */
const HASH_SCHEME = 'switchdeck-config/2\n';
const LEGACY_HASH_SCHEME = 'switchdeck-config/1\n';

type SnapshotContent = Omit<ConfigSnapshot, 'revision' | 'hash'>;

/** The hashed content: params and collections sorted by name, secrets redacted, revision excluded. */
export function hashInput(s: SnapshotContent): Record<string, unknown> {
  const out: Record<string, unknown> = { params: redactParams(s.params) };
  for (const c of COLLECTIONS) {
    const items = collectionItems(s, c.key);
    if (c.hashOnlyWhenUsed && items.length === 0) continue;
    out[c.key] = [...items].sort((a, b) => compareNames(a.name, b.name));
  }
  return redactDeep(out);
}

/** SHA-256 (lower-case hex) of the concatenation of `parts`; strings count as their UTF-8 bytes. */
export type Sha256Parts = (parts: readonly (string | Uint8Array)[]) => string;

let sha256Hex: Sha256Parts = (parts) => {
  const h = sha256.create();
  for (const p of parts) h.update(typeof p === 'string' ? utf8ToBytes(p) : p);
  return bytesToHex(h.digest());
};

/**
 * Lets a Node process (the agent, the host core) hash with node:crypto: the same SHA-256, about
 * 20 times faster than this portable code.
 */
export function useSha256Hex(impl: Sha256Parts): void {
  sha256Hex = impl;
}

/**
 * Hash of one redacted gateway's canonical JSON, kept per object: snapshots are never mutated and a
 * change keeps the objects of the gateways it does not touch.
 */
const itemHashes = new WeakMap<object, string>();
/** Hash of a collection, kept per array: an apply that does not touch a collection keeps its array. */
const collectionHashes = new WeakMap<readonly object[], string>();
/** The last hash per params object, valid while the collections are the same arrays. */
const lastHash = new WeakMap<object, { collections: readonly unknown[]; hash: string }>();

function itemHash(item: object): string {
  let h = itemHashes.get(item);
  if (h === undefined) {
    h = sha256Hex([canonicalJson(redactDeep(item))]);
    itemHashes.set(item, h);
  }
  return h;
}

function collectionHash(items: readonly { name: string }[]): string {
  let h = collectionHashes.get(items);
  if (h === undefined) {
    const sorted = [...items].sort((a, b) => compareNames(a.name, b.name));
    // One line per gateway in name order; each hash covers the gateway's name.
    h = sha256Hex([sorted.map(itemHash).join('\n')]);
    collectionHashes.set(items, h);
  }
  return h;
}

/**
 * Lower-case hex SHA-256 of the scheme tag and the canonical JSON of `{ params, <collection>:
 * <collection hash>, … }`, where a collection's hash is the SHA-256 of its gateways' hashes (each
 * the SHA-256 of the gateway's canonical JSON), one per line in name order. Secrets never influence
 * it (see model/secret.ts).
 */
export function snapshotHash(s: SnapshotContent): string {
  const collections = COLLECTIONS.map((c) => s[c.key]);
  const memo = lastHash.get(s.params);
  if (memo && memo.collections.every((x, i) => x === collections[i])) return memo.hash;
  const content: Record<string, unknown> = { params: redactParams(s.params) };
  for (const c of COLLECTIONS) {
    const items = collectionItems(s, c.key);
    if (c.hashOnlyWhenUsed && items.length === 0) continue;
    content[c.key] = collectionHash(items);
  }
  const hash = sha256Hex([HASH_SCHEME, canonicalJson(redactDeep(content))]);
  lastHash.set(s.params, { collections, hash });
  return hash;
}

/** Scheme 1: SHA-256 of the tag and the whole canonical content; only to accept older documents. */
export function legacySnapshotHash(s: SnapshotContent): string {
  return sha256Hex([LEGACY_HASH_SCHEME, canonicalJson(hashInput(s))]);
}

/** Plain code-unit order: locale-independent, so every machine sorts names identically. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
