import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { COLLECTIONS } from '../model/collections';
import { redactDeep, redactParams } from '../model/redact';
import type { ConfigSnapshot } from '../model/snapshot';
import { canonicalJson } from './json';

/** Changing what goes into the hash means changing this tag, so old and new hashes never collide. */
const HASH_SCHEME = 'switchdeck-config/1\n';

type SnapshotContent = Omit<ConfigSnapshot, 'revision' | 'hash'>;

/** The hashed content: params and collections sorted by name, secrets redacted, revision excluded. */
export function hashInput(s: SnapshotContent): Record<string, unknown> {
  const out: Record<string, unknown> = { params: redactParams(s.params) };
  for (const c of COLLECTIONS) {
    out[c.key] = [...s[c.key]].sort((a, b) => compareNames(a.name, b.name));
  }
  return redactDeep(out);
}

/**
 * Canonical JSON of one redacted gateway, kept per object: snapshots are never mutated and a change
 * keeps the objects of the gateways it does not touch, so re-hashing a 10,000-gateway configuration
 * after a one-field change encodes one gateway, not all of them.
 */
const itemCanonical = new WeakMap<object, string>();
/** SHA-256 (lower-case hex) of the concatenation of `parts`; strings count as their UTF-8 bytes. */
export type Sha256Parts = (parts: readonly (string | Uint8Array)[]) => string;

let sha256Hex: Sha256Parts = (parts) => {
  const h = sha256.create();
  for (const p of parts) h.update(typeof p === 'string' ? utf8ToBytes(p) : p);
  return bytesToHex(h.digest());
};

/**
 * Lets a Node process (the agent, the host core) hash with node:crypto: the same SHA-256, about
 * 20 times faster than this portable code on the 10 MB text of 10,000 + 10,000 gateways.
 */
export function useSha256Hex(impl: Sha256Parts): void {
  sha256Hex = impl;
}

/** The last hash per params object, valid while the collections are the same arrays. */
const lastHash = new WeakMap<object, { collections: readonly unknown[]; hash: string }>();

function canonicalItem(item: object): string {
  let text = itemCanonical.get(item);
  if (text === undefined) {
    text = canonicalJson(redactDeep(item));
    itemCanonical.set(item, text);
  }
  return text;
}

/**
 * Canonical JSON of a collection as UTF-8, kept per array: an apply that does not touch a
 * collection keeps its array, so a parameter change neither re-assembles nor re-encodes the
 * 10 MB of 10,000 + 10,000 gateways (hashing bytes is about twice as fast as hashing a string).
 */
const collectionBytes = new WeakMap<readonly object[], Uint8Array>();

function collectionCanonical(items: readonly { name: string }[]): Uint8Array {
  let bytes = collectionBytes.get(items);
  if (bytes === undefined) {
    const sorted = [...items].sort((a, b) => compareNames(a.name, b.name));
    bytes = utf8ToBytes(`[${sorted.map(canonicalItem).join(',')}]`);
    collectionBytes.set(items, bytes);
  }
  return bytes;
}

/** Lower-case hex SHA-256 of the canonical content. Secrets never influence it (see model/secret.ts). */
export function snapshotHash(s: SnapshotContent): string {
  const collections = COLLECTIONS.map((c) => s[c.key]);
  const memo = lastHash.get(s.params);
  if (memo && memo.collections.every((x, i) => x === collections[i])) return memo.hash;
  // Same bytes as canonicalJson(hashInput(s)), assembled from the per-gateway pieces.
  const members: [string, string | Uint8Array][] = [['params', canonicalJson(redactDeep(redactParams(s.params)))]];
  for (const c of COLLECTIONS) members.push([c.key, collectionCanonical(s[c.key])]);
  members.sort(([a], [b]) => compareNames(a, b));
  const parts = members.flatMap(([k, v], i) => [`${i === 0 ? `${HASH_SCHEME}{` : ','}${JSON.stringify(k)}:`, v]);
  const hash = sha256Hex([...parts, '}']);
  lastHash.set(s.params, { collections, hash });
  return hash;
}

/** Plain code-unit order: locale-independent, so every machine sorts names identically. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
