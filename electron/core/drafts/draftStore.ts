import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { applyOps, describeChanges, emptySnapshot, validateSnapshot } from '@shared/config';
import { mapOpsSecrets, type SecretVisit } from '@shared/config/secretFields';
import { isSecret } from '@shared/model/secret';
import type { FieldChange, FieldError } from '@shared/model/fieldPath';
import { ConfigOpListSchema, type ConfigOp } from '@shared/model/ops';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { RpcError } from '@shared/rpc/errors';
import type { Draft } from '@shared/rpc/hostApi';
import type { HostDb } from '../db/openHostDb';
import type { TextSealer } from '../host/secrets';
import { validationError, zodFieldErrors } from '../servers/validation';

/**
 * Where a draft's base came from. server: read from the agent when the draft was created or
 * rebased. cache: the last configuration the app read from that server (it was offline at creation).
 * empty: the server was never reached; the base is revision 0 (nothing configured), which is also
 * the agent's revision 0, so a push rebases every field the server has set since as "theirs" and
 * reports each one the draft also touches as a conflict instead of overwriting it.
 */
export type DraftBaseSource = 'server' | 'cache' | 'empty';

export interface DraftRecord {
  id: string;
  serverId: string;
  title: string;
  /** Used as the revision comment when pushing, unless the push gives one. */
  comment: string;
  baseRevision: number;
  baseHash: string;
  /** The base configuration in wire form (secrets withheld), kept so the draft diffs offline. */
  baseSnapshot: ConfigSnapshot;
  baseSource: DraftBaseSource;
  ops: ConfigOp[];
  /** Increments on every change; updates may name the version they started from. */
  version: number;
  pushed: { revision: number; hash: string; at: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface DraftDiff {
  changes: FieldChange[];
  errors: FieldError[];
  warnings: FieldError[];
}

export interface CachedSnapshot {
  snapshot: ConfigSnapshot;
  fetchedAt: string;
}

interface DraftRow {
  id: string;
  server_id: string;
  title: string;
  comment: string;
  base_revision: number;
  base_hash: string;
  base_snapshot: string;
  base_source: DraftBaseSource;
  ops: string;
  version: number;
  pushed_revision: number | null;
  pushed_hash: string | null;
  pushed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface DraftStoreOptions {
  now?: () => Date;
  newId?: () => string;
  /**
   * Encrypts secret values (gateway passwords, secret parameters) in the drafts' ops: stored as
   * `{ "set": true, "sealed": "<base64>" }`. Without one they are stored as typed, and the UI says so.
   */
  sealer?: TextSealer;
}

/** Drafts and the per-server configuration cache, in the app database. Needs no connection. */
export class DraftStore {
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly sealer: TextSealer | undefined;

  constructor(private readonly db: HostDb, options: DraftStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.sealer = options.sealer;
  }

  /** Whether secret values in drafts are encrypted on this workstation. */
  get secretsEncrypted(): boolean {
    return this.sealer !== undefined;
  }

  /** Call with every snapshot read from a server (config.get): it becomes the base of offline drafts. */
  cacheSnapshot(serverId: string, snapshot: ConfigSnapshot): void {
    this.db
      .prepare(
        `INSERT INTO config_cache (server_id, revision, hash, snapshot, fetched_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (server_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash, snapshot = excluded.snapshot, fetched_at = excluded.fetched_at`,
      )
      .run(serverId, snapshot.revision, snapshot.hash, JSON.stringify(snapshot), this.stamp());
  }

  cachedSnapshot(serverId: string): CachedSnapshot | undefined {
    const row = this.db.prepare('SELECT snapshot, fetched_at FROM config_cache WHERE server_id = ?').get(serverId) as { snapshot: string; fetched_at: string } | undefined;
    return row && { snapshot: JSON.parse(row.snapshot) as ConfigSnapshot, fetchedAt: row.fetched_at };
  }

  /**
   * Starts a draft on `base` when given (just read from the server), else on the cached snapshot,
   * else on the empty revision 0 (see DraftBaseSource). The server must be a saved one.
   */
  create(serverId: string, init: { title?: string; comment?: string; ops?: unknown; base?: ConfigSnapshot } = {}): DraftRecord {
    const ops = init.ops === undefined ? [] : parseOps(init.ops);
    const title = parseText(TitleSchema, init.title, 'title') ?? '';
    const comment = parseText(CommentSchema, init.comment, 'comment') ?? '';
    const id = this.newId();
    this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM servers WHERE id = ?').get(serverId) === undefined) {
        throw new RpcError('NOT_FOUND', `there is no saved server with id ${serverId}`, { path: 'serverId' });
      }
      const cached = init.base ? undefined : this.cachedSnapshot(serverId);
      const [base, source]: [ConfigSnapshot, DraftBaseSource] = init.base ? [init.base, 'server'] : cached ? [cached.snapshot, 'cache'] : [emptySnapshot(), 'empty'];
      const at = this.stamp();
      this.db
        .prepare(
          `INSERT INTO drafts (id, server_id, title, comment, base_revision, base_hash, base_snapshot, base_source, ops, version, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
        )
        .run(id, serverId, title, comment, base.revision, base.hash, JSON.stringify(base), source, this.opsText(ops), at, at);
    })();
    return this.require(id);
  }

  /** Newest first; all drafts, or one server's. */
  list(serverId?: string): DraftRecord[] {
    const rows = (serverId === undefined
      ? this.db.prepare('SELECT * FROM drafts ORDER BY updated_at DESC, id').all()
      : this.db.prepare('SELECT * FROM drafts WHERE server_id = ? ORDER BY updated_at DESC, id').all(serverId)) as DraftRow[];
    // Listing needs no secret: a draft whose secret cannot be opened is still listed (to be discarded).
    return rows.map((r) => this.fromRow(r, true));
  }

  get(id: string): DraftRecord | undefined {
    const row = this.db.prepare('SELECT * FROM drafts WHERE id = ?').get(id) as DraftRow | undefined;
    return row && this.fromRow(row);
  }

  require(id: string): DraftRecord {
    const d = this.get(id);
    if (!d) throw new RpcError('NOT_FOUND', `there is no draft with id ${id}`, { path: 'id' });
    return d;
  }

  /**
   * Replaces ops / title / comment. `errors` are those of applying the ops to the base (the draft is
   * saved anyway, so work in progress is never lost). With `expectedVersion`, an update based on a
   * stale copy fails with CONFLICT instead of overwriting another window's edit.
   */
  update(id: string, patch: { ops?: unknown; title?: string; comment?: string }, expectedVersion?: number): { draft: DraftRecord; errors: FieldError[] } {
    const ops = patch.ops === undefined ? undefined : parseOps(patch.ops);
    const title = parseText(TitleSchema, patch.title, 'title');
    const comment = parseText(CommentSchema, patch.comment, 'comment');
    this.db.transaction(() => {
      const d = this.requireVersion(id, expectedVersion);
      this.db
        .prepare('UPDATE drafts SET ops = ?, title = ?, comment = ?, version = version + 1, updated_at = ? WHERE id = ?')
        .run(this.opsText(ops ?? d.ops), title ?? d.title, comment ?? d.comment, this.stamp(), id);
    })();
    const draft = this.require(id);
    return { draft, errors: this.diffAgainstBase(id).errors };
  }

  /** Moves the draft onto a new base with ops that apply to it (the outcome of a rebase / resolve). */
  rebase(id: string, base: ConfigSnapshot, ops: readonly ConfigOp[], expectedVersion?: number): DraftRecord {
    this.db.transaction(() => {
      this.requireVersion(id, expectedVersion);
      this.db
        .prepare(
          `UPDATE drafts SET base_revision = ?, base_hash = ?, base_snapshot = ?, base_source = 'server', ops = ?,
             version = version + 1, updated_at = ? WHERE id = ?`,
        )
        .run(base.revision, base.hash, JSON.stringify(base), this.opsText(ops), this.stamp(), id);
    })();
    return this.require(id);
  }

  markPushed(id: string, result: { revision: number; hash: string }): DraftRecord {
    // One stamp for both: "pushed and not edited since" is pushed_at >= updated_at.
    const at = this.stamp();
    const changed = this.db
      .prepare('UPDATE drafts SET pushed_revision = ?, pushed_hash = ?, pushed_at = ?, version = version + 1, updated_at = ? WHERE id = ?')
      .run(result.revision, result.hash, at, at, id).changes;
    if (changed === 0) this.require(id);
    return this.require(id);
  }

  discard(id: string): void {
    if (this.db.prepare('DELETE FROM drafts WHERE id = ?').run(id).changes === 0) this.require(id);
  }

  /** Field changes of the draft against its base, with validation findings; works offline. */
  diffAgainstBase(id: string): DraftDiff {
    const d = this.require(id);
    return diffDraft(d.baseSnapshot, d.ops);
  }

  private requireVersion(id: string, expectedVersion: number | undefined): DraftRecord {
    const d = this.require(id);
    if (expectedVersion !== undefined && d.version !== expectedVersion) {
      throw new RpcError('CONFLICT', `the draft was changed elsewhere (now version ${d.version}, this edit started from ${expectedVersion}); reload it`, {
        path: 'expectedVersion',
        currentVersion: d.version,
      });
    }
    return d;
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private opsText(ops: readonly ConfigOp[]): string {
    const sealer = this.sealer;
    if (!sealer) return JSON.stringify(ops);
    const seal: SecretVisit = (_path, v, asParam) => {
      if (asParam) return typeof v === 'string' && v !== '' ? { set: true, sealed: sealer.seal(v) } : v;
      return isSecret(v) && 'value' in v ? { set: true, sealed: sealer.seal(v.value) } : v;
    };
    return JSON.stringify(mapOpsSecrets(ops, seal));
  }

  private fromRow(r: DraftRow, forListing = false): DraftRecord {
    const open: SecretVisit = (path, v, asParam) => {
      if (typeof v !== 'object' || v === null || !('sealed' in v) || typeof v.sealed !== 'string') return v;
      if (forListing) return asParam ? '' : { set: true };
      if (!this.sealer) throw sealedElsewhere(r, path, 'this workstation has no OS keychain here');
      let value: string;
      try {
        value = this.sealer.open(v.sealed);
      } catch {
        throw sealedElsewhere(r, path, 'the OS keychain cannot decrypt it (another user or machine, or a reset keychain)');
      }
      return asParam ? value : { set: true, value };
    };
    return fromRow(r, mapOpsSecrets(JSON.parse(r.ops), open) as ConfigOp[]);
  }
}

function sealedElsewhere(r: DraftRow, path: string, why: string): RpcError {
  return new RpcError('VALIDATION_FAILED', `the draft “${r.title}” holds an encrypted secret at ${path} that cannot be read: ${why}. Discard the draft or enter the secret again in a new one.`, {
    errors: [{ path, message: 'encrypted on another keychain: enter it again' }],
    warnings: [],
  });
}

/** Pure: what `ops` change on `base`, and whether the result would pass validation. */
export function diffDraft(base: ConfigSnapshot, ops: readonly ConfigOp[]): DraftDiff {
  const applied = applyOps(base, ops);
  if (!applied.ok) return { changes: [], errors: applied.errors, warnings: [] };
  const report = validateSnapshot(applied.snapshot);
  return { changes: describeChanges(base, applied.snapshot), errors: report.errors, warnings: report.warnings };
}

/** The HostApi view of a draft (DraftSchema). */
export function toHostDraft(d: DraftRecord): Draft {
  return { id: d.id, serverId: d.serverId, title: d.title, baseRevision: d.baseRevision, baseHash: d.baseHash, ops: d.ops, version: d.version, createdAt: d.createdAt, updatedAt: d.updatedAt };
}

const TitleSchema = z.string().max(200);
const CommentSchema = z.string().max(1000);

function parseText(schema: z.ZodString, value: string | undefined, path: string): string | undefined {
  if (value === undefined) return undefined;
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(zodFieldErrors(r.error, path));
  return r.data;
}

function parseOps(value: unknown): ConfigOp[] {
  const r = ConfigOpListSchema.safeParse(value);
  if (!r.success) throw validationError(zodFieldErrors(r.error, 'ops'));
  return r.data;
}

function fromRow(r: DraftRow, ops: ConfigOp[]): DraftRecord {
  return {
    id: r.id,
    serverId: r.server_id,
    title: r.title,
    comment: r.comment,
    baseRevision: r.base_revision,
    baseHash: r.base_hash,
    baseSnapshot: JSON.parse(r.base_snapshot) as ConfigSnapshot,
    baseSource: r.base_source,
    ops,
    version: r.version,
    pushed: r.pushed_revision === null || r.pushed_hash === null || r.pushed_at === null ? null : { revision: r.pushed_revision, hash: r.pushed_hash, at: r.pushed_at },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
