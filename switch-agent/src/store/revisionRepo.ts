import type { Database, Statement } from 'better-sqlite3';
import { ConfigSnapshotSchema, ConfigOpListSchema, type ConfigSnapshot, type ConfigOp } from '@shared/model';
import type { Author } from '@shared/rpc/agentApi';
import { openOps, openSnapshot, sealOps, sealSnapshot, type SecretSealer } from './sealedSecrets';

export type StoredKind = 'apply' | 'rollback' | 'auto-rollback' | 'import';
export type StoredStatus = 'confirmed' | 'pending' | 'rolled-back';

export interface StoredRevision {
  revision: number;
  hash: string;
  time: string;
  author: Author;
  comment: string;
  kind: StoredKind;
  status: StoredStatus;
  restoredRevision: number | null;
  confirmDeadline: string | null;
  /** Ops from the previous revision, as applied (secret values as the op carried them). */
  ops: ConfigOp[];
  /** Full content including secret values (opened from `secret_values`); never sent to a client as is. */
  snapshot: ConfigSnapshot;
}

interface Row {
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
  ops_json: string;
  snapshot_json: string;
}

function fromRow(r: Row, secrets: SecretSealer): StoredRevision {
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
    // Rows are re-validated on read: a hand-edited or corrupted row fails loudly here, not in the engine.
    ops: ConfigOpListSchema.parse(openOps(JSON.parse(r.ops_json), secrets)),
    snapshot: ConfigSnapshotSchema.parse(openSnapshot(JSON.parse(r.snapshot_json), secrets)),
  };
}

/**
 * Data access for the `revisions` table; no policy here (see configService). Secret values never
 * reach a row: they are sealed into `secret_values` and the row keeps references (./sealedSecrets).
 */
export class RevisionRepo {
  private readonly byRevision: Statement<[number], Row>;
  private readonly latestRow: Statement<[], Row>;
  private readonly pendingRow: Statement<[], Row>;
  private readonly insertRow: Statement<Row>;
  private readonly statusUpdate: Statement<[StoredStatus, number]>;
  private readonly page: Statement<[number, number], Row>;

  constructor(
    private readonly db: Database,
    private readonly secrets: SecretSealer,
  ) {
    this.byRevision = db.prepare('SELECT * FROM revisions WHERE revision = ?');
    this.latestRow = db.prepare('SELECT * FROM revisions ORDER BY revision DESC LIMIT 1');
    this.pendingRow = db.prepare("SELECT * FROM revisions WHERE status = 'pending' ORDER BY revision DESC LIMIT 1");
    this.insertRow = db.prepare(
      `INSERT INTO revisions (revision, hash, time, author_user, author_role, comment, kind, status, restored_revision, confirm_deadline, ops_json, snapshot_json)
       VALUES (@revision, @hash, @time, @author_user, @author_role, @comment, @kind, @status, @restored_revision, @confirm_deadline, @ops_json, @snapshot_json)`,
    );
    this.statusUpdate = db.prepare('UPDATE revisions SET status = ? WHERE revision = ?');
    this.page = db.prepare('SELECT * FROM revisions WHERE revision < ? ORDER BY revision DESC LIMIT ?');
  }

  get(revision: number): StoredRevision | undefined {
    const r = this.byRevision.get(revision);
    return r ? fromRow(r, this.secrets) : undefined;
  }

  latest(): StoredRevision | undefined {
    const r = this.latestRow.get();
    return r ? fromRow(r, this.secrets) : undefined;
  }

  pending(): StoredRevision | undefined {
    const r = this.pendingRow.get();
    return r ? fromRow(r, this.secrets) : undefined;
  }

  /** Call inside transaction(): sealing may add `secret_values` rows that belong with this one. */
  insert(rev: StoredRevision): void {
    // Snapshot first: the ops then find the values it sealed and share their references.
    const snapshot = JSON.stringify(sealSnapshot(rev.snapshot, this.secrets));
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
      snapshot_json: snapshot,
    });
  }

  setStatus(revision: number, status: StoredStatus): void {
    this.statusUpdate.run(status, revision);
  }

  /** Newest first, strictly older than `before`; one extra row tells whether more exist. */
  history(limit: number, before = Number.MAX_SAFE_INTEGER): { revisions: StoredRevision[]; hasMore: boolean } {
    const rows = this.page.all(before, limit + 1);
    return { revisions: rows.slice(0, limit).map((r) => fromRow(r, this.secrets)), hasMore: rows.length > limit };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
