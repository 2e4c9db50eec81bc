import type { Database, Statement } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { canonicalJson, compareNames } from '@shared/config';
import { COLLECTIONS, collectionDef, type CollectionKey, type NamedItem } from '@shared/model/collections';
import { memberDelta, memberKey, type DeltaEntry, type Members } from './itemDelta';
import { openSnapshot, sealSnapshot, type SecretSealer } from './sealedSecrets';

/** The schema step that creates these tables (see storeMigrations). */
export const GATEWAY_ROWS_DDL = `
  CREATE TABLE gateway_rows (
    id         INTEGER PRIMARY KEY,
    collection TEXT NOT NULL,
    digest     TEXT NOT NULL UNIQUE, -- SHA-256 of collection and body: equal content is stored once
    body_json  TEXT NOT NULL         -- one gateway, canonical JSON, secrets as sealed references
  );
  CREATE TABLE revision_items (
    revision   INTEGER NOT NULL REFERENCES revisions(revision),
    collection TEXT NOT NULL,
    name       TEXT NOT NULL,
    row_id     INTEGER REFERENCES gateway_rows(id), -- NULL: the revision deleted the gateway
    PRIMARY KEY (collection, name, revision)
  ) WITHOUT ROWID;
`;

/** A gateway of one revision: its row and, once read or written here, its object. */
export interface Member {
  rowId: number;
  item: NamedItem | undefined;
}

export interface RevisionItems {
  members: Map<string, Member>;
  items: Record<CollectionKey, NamedItem[]>;
}

/** Parsed gateways kept by row id, so older revisions share objects (and their caches) with newer ones. */
const ROW_CACHE_LIMIT = 100_000;

/**
 * Gateways of every revision without a copy per revision: each distinct gateway content is one
 * `gateway_rows` row (content-addressed, shared by all revisions that hold it), and a revision
 * records in `revision_items` only the gateways it added, changed or deleted. A revision's
 * gateways are, per name, the latest entry at or before it.
 */
export class GatewayRows {
  private readonly byDigest: Statement<[string], { id: number }>;
  private readonly insertRow: Statement<[string, string, string]>;
  private readonly insertEntry: Statement<[number, string, string, number | null]>;
  private readonly membersQuery: Statement<[number], { collection: string; name: string; row_id: number }>;
  private readonly itemsQuery: Statement<[number], { collection: string; name: string; row_id: number; body_json: string }>;
  private readonly parsed = new Map<number, NamedItem>();

  constructor(
    db: Database,
    private readonly secrets: SecretSealer | null,
  ) {
    this.byDigest = db.prepare('SELECT id FROM gateway_rows WHERE digest = ?');
    this.insertRow = db.prepare('INSERT INTO gateway_rows (collection, digest, body_json) VALUES (?, ?, ?)');
    this.insertEntry = db.prepare('INSERT INTO revision_items (revision, collection, name, row_id) VALUES (?, ?, ?, ?)');
    // SQLite gives the bare column row_id from the row that holds MAX(revision) of each group.
    const latest = 'SELECT collection, name, row_id, MAX(revision) FROM revision_items WHERE revision <= ? GROUP BY collection, name';
    this.membersQuery = db.prepare(`SELECT collection, name, row_id FROM (${latest}) WHERE row_id IS NOT NULL`);
    this.itemsQuery = db.prepare(`SELECT m.collection, m.name, m.row_id, g.body_json FROM (${latest}) m JOIN gateway_rows g ON g.id = m.row_id`);
  }

  /** The row holding this gateway (secret values sealed first), stored if no row has its content. */
  rowFor(collection: CollectionKey, item: NamedItem): number {
    if (!this.secrets) throw new Error('gateway rows opened without a secret sealer cannot store gateways');
    const sealed = (sealSnapshot({ [collection]: [item] }, this.secrets) as Record<string, unknown[]>)[collection]![0];
    const id = this.rowForSealed(collection, sealed);
    this.remember(id, item);
    return id;
  }

  /** Same for a gateway already in its stored form (the migration from whole-snapshot rows). */
  rowForSealed(collection: CollectionKey, sealed: unknown): number {
    const body = canonicalJson(sealed);
    const digest = createHash('sha256').update(`${collection}\n${body}`, 'utf8').digest('hex');
    const hit = this.byDigest.get(digest);
    if (hit) return hit.id;
    return Number(this.insertRow.run(collection, digest, body).lastInsertRowid);
  }

  /** Records the entries that turn `prev` into `next` as revision `revision`'s. */
  record(revision: number, prev: Members, next: Members): DeltaEntry[] {
    const delta = memberDelta(prev, next);
    for (const e of delta) this.insertEntry.run(revision, e.collection, e.name, e.rowId);
    return delta;
  }

  /** Row ids of a revision's gateways, without reading their content. */
  membersAt(revision: number): Map<string, Member> {
    const out = new Map<string, Member>();
    for (const r of this.membersQuery.all(revision)) out.set(memberKey(r.collection as CollectionKey, r.name), { rowId: r.row_id, item: undefined });
    return out;
  }

  /** A revision's gateways, each validated against its schema the first time its row is read. */
  itemsAt(revision: number): RevisionItems {
    const members = new Map<string, Member>();
    const items = Object.fromEntries(COLLECTIONS.map((c) => [c.key, [] as NamedItem[]])) as Record<CollectionKey, NamedItem[]>;
    for (const r of this.itemsQuery.all(revision)) {
      const collection = r.collection as CollectionKey;
      const item = this.parsed.get(r.row_id) ?? this.parse(collection, r.row_id, r.body_json);
      members.set(memberKey(collection, r.name), { rowId: r.row_id, item });
      items[collection].push(item);
    }
    for (const c of COLLECTIONS) items[c.key].sort((a, b) => compareNames(a.name, b.name));
    return { members, items };
  }

  private parse(collection: CollectionKey, rowId: number, body: string): NamedItem {
    if (!this.secrets) throw new Error('gateway rows opened without a secret sealer cannot read gateways');
    const opened = (openSnapshot({ [collection]: [JSON.parse(body)] }, this.secrets) as Record<string, unknown[]>)[collection]![0];
    // Rows are re-validated on read: a hand-edited or corrupted row fails loudly here, not in the engine.
    const item = collectionDef(collection).schema.parse(opened);
    this.remember(rowId, item);
    return item;
  }

  private remember(rowId: number, item: NamedItem): void {
    if (this.parsed.size >= ROW_CACHE_LIMIT) this.parsed.clear();
    this.parsed.set(rowId, item);
  }
}
