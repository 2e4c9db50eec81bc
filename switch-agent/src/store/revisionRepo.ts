import type { Database, Statement } from 'better-sqlite3';
import { ConfigOpListSchema, ConfigSnapshotSchema, type ConfigOp, type ConfigSnapshot } from '@shared/model';
import { COLLECTIONS, collectionItems, type CollectionKey, type NamedItem } from '@shared/model/collections';
import type { Author } from '@shared/rpc/agentApi';
import { GatewayRows, type Member } from './gatewayRows';
import { memberKey } from './itemDelta';
import { openOps, openSnapshot, sealOps, sealSnapshot, type SecretSealer } from './sealedSecrets';

export type StoredKind = 'apply' | 'rollback' | 'auto-rollback' | 'import';
export type StoredStatus = 'confirmed' | 'pending' | 'rolled-back';

/** A revision's record without its content: cheap to read whatever the configuration's size. */
export interface RevisionMeta {
  revision: number;
  hash: string;
  time: string;
  author: Author;
  comment: string;
  kind: StoredKind;
  status: StoredStatus;
  restoredRevision: number | null;
  confirmDeadline: string | null;
}

export interface RevisionWithOps extends RevisionMeta {
  /** Ops from the previous revision, as applied (secret values as the op carried them). */
  ops: ConfigOp[];
}

export interface StoredRevision extends RevisionWithOps {
  /** Full content including secret values (opened from `secret_values`); never sent to a client as is. */
  snapshot: ConfigSnapshot;
}

interface MetaRow {
  revision: number;
  hash: string;
  time: string;
  author_user: string;
  author_role: 'admin' | 'view';
  comment: string;
  kind: StoredKind;
  status: StoredStatus;
  restored_revision: number | null;
  confirm_deadline: string | null;
}

interface OpsRow extends MetaRow {
  ops_json: string;
}

interface InsertRow extends OpsRow {
  params_json: string;
}

const META = 'revision, hash, time, author_user, author_role, comment, kind, status, restored_revision, confirm_deadline';

function metaOf(r: MetaRow): RevisionMeta {
  return {
    revision: r.revision,
    hash: r.hash,
    time: r.time,
    author: { user: r.author_user, role: r.author_role },
    comment: r.comment,
    kind: r.kind,
    status: r.status,
    restoredRevision: r.restored_revision,
    confirmDeadline: r.confirm_deadline,
  };
}

/** The latest revision's gateways by key, kept so the next insert compares objects, not content. */
interface Head {
  revision: number;
  members: Map<string, Member>;
  /** The collection arrays it was made from: an insert that keeps an array has nothing to compare there. */
  lists: Partial<Record<CollectionKey, readonly NamedItem[]>>;
}

/**
 * Data access for revisions; no policy here (see configService). A revision row holds its record,
 * ops and parameters; its gateways live in shared content-addressed rows and each revision records
 * only what it changed (./gatewayRows), so storing a one-field change writes one entry. Secret
 * values never reach a row: they are sealed into `secret_values` and rows keep references
 * (./sealedSecrets).
 */
export class RevisionRepo {
  private readonly gateways: GatewayRows;
  private readonly metaBy: Statement<[number], MetaRow>;
  private readonly paramsBy: Statement<[number], { params_json: string; hash: string }>;
  private readonly opsBy: Statement<[number], { ops_json: string }>;
  private readonly latestNumber: Statement<[], { revision: number }>;
  private readonly before: Statement<[number], { revision: number | null }>;
  private readonly pendingRow: Statement<[], MetaRow>;
  private readonly insertRow: Statement<InsertRow>;
  private readonly statusUpdate: Statement<[StoredStatus, number]>;
  private readonly page: Statement<[number, number], OpsRow>;
  private head: Head | undefined;
  /** Written by insert() inside a transaction; becomes the head only once it commits. */
  private staged: Head | undefined;

  constructor(
    private readonly db: Database,
    private readonly secrets: SecretSealer,
  ) {
    this.gateways = new GatewayRows(db, secrets);
    this.metaBy = db.prepare(`SELECT ${META} FROM revisions WHERE revision = ?`);
    this.paramsBy = db.prepare('SELECT params_json, hash FROM revisions WHERE revision = ?');
    this.opsBy = db.prepare('SELECT ops_json FROM revisions WHERE revision = ?');
    this.latestNumber = db.prepare('SELECT revision FROM revisions ORDER BY revision DESC LIMIT 1');
    this.before = db.prepare('SELECT MAX(revision) AS revision FROM revisions WHERE revision < ?');
    this.pendingRow = db.prepare(`SELECT ${META} FROM revisions WHERE status = 'pending' ORDER BY revision DESC LIMIT 1`);
    this.insertRow = db.prepare(
      `INSERT INTO revisions (${META}, ops_json, params_json)
       VALUES (@revision, @hash, @time, @author_user, @author_role, @comment, @kind, @status, @restored_revision, @confirm_deadline, @ops_json, @params_json)`,
    );
    this.statusUpdate = db.prepare('UPDATE revisions SET status = ? WHERE revision = ?');
    this.page = db.prepare(`SELECT ${META}, ops_json FROM revisions WHERE revision < ? ORDER BY revision DESC LIMIT ?`);
  }

  /** The record alone (status, author, deadline…), without reading ops or content. */
  meta(revision: number): RevisionMeta | undefined {
    const r = this.metaBy.get(revision);
    return r ? metaOf(r) : undefined;
  }

  get(revision: number): StoredRevision | undefined {
    const meta = this.meta(revision);
    if (!meta) return undefined;
    return { ...meta, ops: this.opsOf(revision), snapshot: this.snapshotOf(revision) };
  }

  latest(): StoredRevision | undefined {
    const r = this.latestNumber.get();
    return r ? this.get(r.revision) : undefined;
  }

  pending(): RevisionMeta | undefined {
    const r = this.pendingRow.get();
    return r ? metaOf(r) : undefined;
  }

  /** Call inside transaction(): sealing may add `secret_values` rows that belong with this one. */
  insert(rev: StoredRevision): void {
    const prevRevision = this.before.get(rev.revision)?.revision ?? 0;
    const head = this.head?.revision === prevRevision ? this.head : undefined;
    const prev = head?.members ?? this.gateways.membersAt(prevRevision);
    const lists: Head['lists'] = {};
    // Every collection kept as is (a parameter change): the members are the previous ones.
    const kept = head !== undefined && COLLECTIONS.every((c) => head.lists[c.key] === rev.snapshot[c.key]);
    const next = kept ? head.members : new Map<string, Member>();
    for (const c of COLLECTIONS) {
      lists[c.key] = rev.snapshot[c.key] as readonly NamedItem[];
      if (next === prev) continue;
      for (const item of collectionItems(rev.snapshot, c.key)) {
        const key = memberKey(c.key, item.name);
        const was = prev.get(key);
        // Snapshots are never mutated and a change keeps the objects of untouched gateways, so an
        // unchanged object means an unchanged row: only changed gateways are sealed and hashed.
        next.set(key, was?.item === item ? was : { rowId: this.gateways.rowFor(c.key, item), item });
      }
    }
    const params = JSON.stringify((sealSnapshot({ params: rev.snapshot.params }, this.secrets) as { params: unknown }).params);
    const ops = JSON.stringify(sealOps(rev.ops, this.secrets));
    this.insertRow.run({
      revision: rev.revision,
      hash: rev.hash,
      time: rev.time,
      author_user: rev.author.user,
      author_role: rev.author.role,
      comment: rev.comment,
      kind: rev.kind,
      status: rev.status,
      restored_revision: rev.restoredRevision,
      confirm_deadline: rev.confirmDeadline,
      ops_json: ops,
      params_json: params,
    });
    if (next !== prev) this.gateways.record(rev.revision, prev, next);
    const made = { revision: rev.revision, members: next, lists };
    if (this.db.inTransaction) this.staged = made;
    else this.head = made;
  }

  setStatus(revision: number, status: StoredStatus): void {
    this.statusUpdate.run(status, revision);
  }

  /** Newest first, strictly older than `before`; one extra row tells whether more exist. Content is not read. */
  history(limit: number, before = Number.MAX_SAFE_INTEGER): { revisions: RevisionWithOps[]; hasMore: boolean } {
    const rows = this.page.all(before, limit + 1);
    return { revisions: rows.slice(0, limit).map((r) => ({ ...metaOf(r), ops: this.parseOps(r.ops_json) })), hasMore: rows.length > limit };
  }

  transaction<T>(fn: () => T): T {
    this.staged = undefined;
    try {
      const out = this.db.transaction(fn)();
      if (this.staged) this.head = this.staged;
      return out;
    } finally {
      this.staged = undefined;
    }
  }

  private opsOf(revision: number): ConfigOp[] {
    return this.parseOps(this.opsBy.get(revision)?.ops_json ?? '[]');
  }

  private parseOps(json: string): ConfigOp[] {
    // Rows are re-validated on read: a hand-edited or corrupted row fails loudly here, not in the engine.
    return ConfigOpListSchema.parse(openOps(JSON.parse(json), this.secrets));
  }

  private snapshotOf(revision: number): ConfigSnapshot {
    const row = this.paramsBy.get(revision);
    if (!row) throw new Error(`revision ${revision} has no row`);
    const params = (openSnapshot({ params: JSON.parse(row.params_json) }, this.secrets) as { params: unknown }).params;
    const envelope = ConfigSnapshotSchema.parse({ revision, hash: row.hash, params, routingGateways: [], mappingGateways: [] });
    const { members, items } = this.gateways.itemsAt(revision);
    const snapshot = { ...envelope, ...items } as ConfigSnapshot;
    // An optional collection (alert rules) that is empty is absent, as in a normalized snapshot.
    for (const c of COLLECTIONS) if (c.optional && items[c.key].length === 0) delete snapshot[c.key];
    if (this.latestNumber.get()?.revision === revision) this.head = { revision, members, lists: Object.fromEntries(COLLECTIONS.map((c) => [c.key, snapshot[c.key]])) };
    return snapshot;
  }
}
