// Revisions stored as shared gateway rows plus per-revision changes: every revision reads back as
// written, and each records exactly the gateways whose content changed.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, withHash } from '@shared/config';
import { GATEWAY_NAMES, snapshotArb } from '@shared/config/testing/arbitraries';
import type { ConfigSnapshot } from '@shared/model';
import { COLLECTIONS, collectionItems } from '@shared/model/collections';
import { memberDelta, memberKey } from './itemDelta';
import { runMigrations } from './migrate';
import { RevisionRepo, type StoredRevision } from './revisionRepo';
import { SecretVault } from './secretVault';
import { storeMigrations } from './storeMigrations';
import { testSecretBox } from '../../../test/doubles/agent/store';

const box = testSecretBox();

function openRepo(db: Database.Database): RevisionRepo {
  return new RevisionRepo(db, new SecretVault(db, box));
}

function stored(revision: number, snapshot: ConfigSnapshot): StoredRevision {
  const s = withHash({ ...snapshot, revision });
  return {
    revision,
    hash: s.hash,
    time: '2026-01-01T00:00:00.000Z',
    author: { user: 'alice', role: 'admin' },
    comment: '',
    kind: 'apply',
    status: 'confirmed',
    restoredRevision: null,
    confirmDeadline: null,
    ops: [],
    snapshot: s,
  };
}

/** Gateways of `prev` kept as the same objects where `keep` says so: what an apply does to untouched ones. */
function reuse(prev: ConfigSnapshot, next: ConfigSnapshot, keep: boolean[]): ConfigSnapshot {
  const out = { ...next } as Record<string, unknown>;
  COLLECTIONS.forEach((c, ci) => {
    const byName = new Map(collectionItems(next, c.key).map((g) => [g.name, g]));
    collectionItems(prev, c.key).forEach((g, i) => {
      if (keep[(ci * GATEWAY_NAMES.length + i) % keep.length]) byName.set(g.name, g);
    });
    const list = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    // An empty optional collection (alert rules) is absent, as in a stored snapshot.
    if (c.optional && list.length === 0) delete out[c.key];
    else out[c.key] = list;
  });
  return out as unknown as ConfigSnapshot;
}

/** Gateways whose presence or content differs: what a revision must record, no more. */
function changedCount(a: ConfigSnapshot, b: ConfigSnapshot): number {
  const text = (s: ConfigSnapshot) => new Map(COLLECTIONS.flatMap((c) => collectionItems(s, c.key).map((g) => [memberKey(c.key, g.name), canonicalJson(g)] as const)));
  const x = text(a);
  const y = text(b);
  return [...new Set([...x.keys(), ...y.keys()])].filter((k) => x.get(k) !== y.get(k)).length;
}

describe('memberDelta', () => {
  it('lists added and changed gateways with their row and deleted ones with none', () => {
    const m = (entries: [string, number][]) => new Map(entries.map(([n, rowId]) => [memberKey('routingGateways', n), { rowId }]));
    expect(memberDelta(m([['a', 1], ['b', 2], ['c', 3]]), m([['a', 1], ['b', 5], ['d', 4]]))).toEqual([
      { collection: 'routingGateways', name: 'b', rowId: 5 },
      { collection: 'routingGateways', name: 'd', rowId: 4 },
      { collection: 'routingGateways', name: 'c', rowId: null },
    ]);
  });
});

describe('RevisionRepo gateway rows', () => {
  it('reads every revision back as written and records only what changed', () => {
    const step = fc.tuple(snapshotArb, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.boolean());
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => {
        const db = new Database(':memory:');
        runMigrations(db, storeMigrations(box));
        let repo = openRepo(db);
        const written: ConfigSnapshot[] = [];
        let prev = withHash({ revision: 0, hash: '', params: {}, routingGateways: [], mappingGateways: [], endpoints: [] });
        steps.forEach(([arb, keep, reopen], i) => {
          // A repo opened afresh has no objects to compare and must find unchanged rows by content.
          if (reopen) repo = openRepo(db);
          const next = reuse(prev, arb, keep);
          repo.transaction(() => repo.insert(stored(i + 1, next)));
          const entries = db.prepare('SELECT COUNT(*) FROM revision_items WHERE revision = ?').pluck().get(i + 1);
          expect(entries).toBe(changedCount(prev, next));
          written.push(withHash({ ...next, revision: i + 1 }));
          prev = next;
        });
        for (const r of [repo, openRepo(db)]) {
          written.forEach((s, i) => expect(r.get(i + 1)?.snapshot).toEqual(s));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('stores equal gateway content once, however many revisions hold it', () => {
    const db = new Database(':memory:');
    runMigrations(db, storeMigrations(box));
    const repo = openRepo(db);
    const [a] = fc.sample(snapshotArb.filter((s) => s.routingGateways.length > 0), { numRuns: 1, seed: 7 });
    const empty = { ...a!, ...Object.fromEntries(COLLECTIONS.map((c) => [c.key, []])) } as ConfigSnapshot;
    // Present, removed, then present again as a new object with the same content.
    [a!, empty, structuredClone(a!)].forEach((s, i) => repo.transaction(() => repo.insert(stored(i + 1, s))));
    const rows = db.prepare('SELECT COUNT(*) FROM gateway_rows').pluck().get();
    expect(rows).toBe(COLLECTIONS.reduce((n, c) => n + collectionItems(a!, c.key).length, 0));
    expect(repo.get(3)?.snapshot.routingGateways).toEqual(a!.routingGateways);
  });

  it('a transaction that fails leaves the next insert comparing against the stored revision', () => {
    const db = new Database(':memory:');
    runMigrations(db, storeMigrations(box));
    const repo = openRepo(db);
    const [a, b] = fc.sample(snapshotArb.filter((s) => s.routingGateways.length > 1), { numRuns: 2, seed: 3 });
    repo.transaction(() => repo.insert(stored(1, a!)));
    expect(() =>
      repo.transaction(() => {
        repo.insert(stored(2, b!));
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    repo.transaction(() => repo.insert(stored(2, a!)));
    expect(db.prepare('SELECT COUNT(*) FROM revision_items WHERE revision = 2').pluck().get()).toBe(0);
    expect(repo.get(2)?.snapshot).toEqual(withHash({ ...a!, revision: 2 }));
  });
});
