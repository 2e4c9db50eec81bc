import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../model/collections';
import { redactDeep, redactParams } from '../model/redact';
import { applyOps } from './apply';
import { hashInput, legacySnapshotHash, snapshotHash } from './hash';
import { canonicalJson } from './json';
import { snapshotArb } from './testing/arbitraries';

const hex = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));
type Content = Parameters<typeof hashInput>[0];

/**
 * The definition (scheme 2): each redacted gateway hashed on its own, a collection hashed as its
 * gateways' hashes one per line in name order, then the tag and the canonical JSON of the params
 * and the collection hashes.
 */
const reference = (s: Content) => {
  const input = hashInput(s);
  const content: Record<string, unknown> = { params: redactParams(s.params) };
  // A collection added later is left out of hashInput while empty (see CollectionDef.hashOnlyWhenUsed).
  for (const c of COLLECTIONS) if (input[c.key] !== undefined) content[c.key] = hex((input[c.key] as unknown[]).map((g) => hex(canonicalJson(g))).join('\n'));
  return hex(`switchdeck-config/2\n${canonicalJson(redactDeep(content))}`);
};
/** Scheme 1: the tag and the canonical JSON of the whole hashed content. */
const legacyReference = (s: Content) => hex(`switchdeck-config/1\n${canonicalJson(hashInput(s))}`);

describe('snapshotHash, assembled from per-gateway hashes and remembered', () => {
  it('follows its definition, also after a change reuses the untouched gateways', () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        expect(snapshotHash(s)).toBe(reference(s));
        expect(legacySnapshotHash(s)).toBe(legacyReference(s));
        const first = s.routingGateways[0];
        if (!first) return;
        const r = applyOps(s, [{ op: 'routingGateway.upsert', gateway: { ...first, priority: (first.priority + 1) % 1000 } }]);
        if (!r.ok) return;
        expect(r.snapshot.hash).toBe(reference(r.snapshot));
        expect(snapshotHash({ ...r.snapshot, params: { ...r.snapshot.params } })).toBe(r.snapshot.hash);
      }),
      { numRuns: 100 },
    );
  });

  it('differs when two gateways swap a field', () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        const [a, b] = s.routingGateways;
        if (!a || !b || a.priority === b.priority) return;
        const swapped = { ...s, routingGateways: [{ ...a, priority: b.priority }, { ...b, priority: a.priority }, ...s.routingGateways.slice(2)] };
        expect(snapshotHash(swapped)).not.toBe(snapshotHash(s));
      }),
      { numRuns: 100 },
    );
  });
});
