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

/** Lower-case hex SHA-256 of the canonical content. Secrets never influence it (see model/secret.ts). */
export function snapshotHash(s: SnapshotContent): string {
  return bytesToHex(sha256(utf8ToBytes(HASH_SCHEME + canonicalJson(hashInput(s)))));
}

/** Plain code-unit order: locale-independent, so every machine sorts names identically. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
