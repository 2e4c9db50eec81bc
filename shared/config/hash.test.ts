import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { applyOps } from './apply';
import { hashInput, snapshotHash } from './hash';
import { canonicalJson } from './json';
import { snapshotArb } from './testing/arbitraries';

/** The definition: SHA-256 of the scheme tag and the canonical JSON of the whole hashed content. */
const reference = (s: Parameters<typeof hashInput>[0]) => bytesToHex(sha256(utf8ToBytes(`switchdeck-config/1\n${canonicalJson(hashInput(s))}`)));

describe('snapshotHash, assembled from per-gateway pieces and remembered', () => {
  it('equals the hash of the canonical JSON of the whole content, also after a change reuses the untouched gateways', () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        expect(snapshotHash(s)).toBe(reference(s));
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
});
