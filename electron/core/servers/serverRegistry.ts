import { randomUUID } from 'node:crypto';
import type { FieldError } from '@shared/model/fieldPath';
import { RpcError } from '@shared/rpc/errors';
import type { HostDb } from '../db/openHostDb';
import { planImport, type ServerImportMode, type SkippedEntry } from './serverImport';
import {
  GroupNameSchema,
  SERVER_EXPORT_FORMAT,
  SERVER_EXPORT_VERSION,
  ServerRecordInputSchema,
  type ServerExportDocument,
  type ServerExportEntry,
  type ServerRecord,
  type ServerRecordFields,
} from './serverSchema';
import { parseOrThrow, validationError, zodFieldErrors } from './validation';

interface ServerRow {
  id: string;
  name: string;
  group_name: string | null;
  host: string;
  port: number;
  username: string;
  auth_kind: ServerRecord['auth']['kind'];
  key_path: string | null;
  agent_socket_path: string;
  role: ServerRecord['role'];
  notes: string;
  created_at: string;
  updated_at: string;
}

export interface ServerImportReport {
  /** false: nothing was written; `errors` say why. */
  ok: boolean;
  imported: ServerRecord[];
  skipped: SkippedEntry[];
  errors: FieldError[];
}

export interface RegistryOptions {
  now?: () => Date;
  newId?: () => string;
}

const SELECT = 'SELECT * FROM servers';
// Ungrouped first, then groups and names in a case-insensitive order, as the server tree shows them.
const ORDER = " ORDER BY group_name IS NOT NULL, group_name COLLATE NOCASE, name COLLATE NOCASE";

/**
 * Saved servers and their groups. Names are unique ignoring case (two servers called "Lab" and "lab"
 * would be told apart by nobody). Group "" means ungrouped. Every write validates with the HostApi
 * schemas (extended, see ./serverSchema) and throws RpcError VALIDATION_FAILED naming the field, or
 * NOT_FOUND for an unknown id / group.
 */
export class ServerRegistry {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly db: HostDb, options: RegistryOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  list(): ServerRecord[] {
    return (this.db.prepare(SELECT + ORDER).all() as ServerRow[]).map(fromRow);
  }

  get(id: string): ServerRecord | undefined {
    const row = this.db.prepare(`${SELECT} WHERE id = ?`).get(id) as ServerRow | undefined;
    return row && fromRow(row);
  }

  require(id: string): ServerRecord {
    const s = this.get(id);
    if (!s) throw new RpcError('NOT_FOUND', `there is no saved server with id ${id}`, { path: 'id' });
    return s;
  }

  add(input: unknown): ServerRecord {
    const fields = parseOrThrow(ServerRecordInputSchema, input);
    const id = this.newId();
    this.db.transaction(() => {
      this.checkNameFree(fields.name, null);
      this.insert(id, fields, this.stamp());
    })();
    return this.require(id);
  }

  /** Replaces every field (HostApi `servers.update` semantics); id and createdAt stay. */
  update(id: string, input: unknown): ServerRecord {
    const fields = parseOrThrow(ServerRecordInputSchema, input);
    this.db.transaction(() => {
      this.require(id);
      this.checkNameFree(fields.name, id);
      this.db
        .prepare(
          `UPDATE servers SET name = @name, group_name = @group_name, host = @host, port = @port, username = @username,
             auth_kind = @auth_kind, key_path = @key_path, agent_socket_path = @agent_socket_path, role = @role,
             notes = @notes, updated_at = @updated_at WHERE id = @id`,
        )
        .run({ ...this.columns(fields), id, updated_at: this.stamp() });
    })();
    return this.require(id);
  }

  remove(id: string): void {
    if (this.db.prepare('DELETE FROM servers WHERE id = ?').run(id).changes === 0) this.require(id);
  }

  /** Every group, including empty ones, in display order. */
  groups(): string[] {
    return this.db.prepare('SELECT name FROM server_groups ORDER BY name COLLATE NOCASE').pluck().all() as string[];
  }

  /** Creates a group (or returns the existing one's spelling). */
  createGroup(name: string): string {
    const clean = parseGroup(name, 'name');
    return this.db.transaction(() => this.ensureGroup(clean) as string)();
  }

  /** Renames a group; its servers move with it (ON UPDATE CASCADE). A change of case only is allowed. */
  renameGroup(from: string, to: string): string {
    const clean = parseGroup(to, 'to');
    return this.db.transaction(() => {
      const current = this.groupSpelling(from);
      if (current === undefined) throw new RpcError('NOT_FOUND', `there is no group named "${from}"`, { path: 'from' });
      const other = this.groupSpelling(clean);
      if (other !== undefined && other.toLowerCase() !== current.toLowerCase()) {
        throw validationError([{ path: 'to', message: `a group named "${other}" already exists` }]);
      }
      this.db.prepare('UPDATE server_groups SET name = ? WHERE name = ?').run(clean, current);
      // A change of case only is no key change under NOCASE, so the cascade does not carry it.
      this.db.prepare('UPDATE servers SET group_name = ? WHERE group_name = ?').run(clean, clean);
      return clean;
    })();
  }

  /** Deletes a group; its servers become ungrouped (ON DELETE SET NULL). Returns how many moved. */
  deleteGroup(name: string): number {
    return this.db.transaction(() => {
      const current = this.groupSpelling(name);
      if (current === undefined) throw new RpcError('NOT_FOUND', `there is no group named "${name}"`, { path: 'name' });
      const moved = this.db.prepare('SELECT count(*) FROM servers WHERE group_name = ?').pluck().get(current) as number;
      this.db.prepare('DELETE FROM server_groups WHERE name = ?').run(current);
      return moved;
    })();
  }

  exportDocument(): ServerExportDocument {
    const servers: ServerExportEntry[] = this.list().map(({ createdAt: _c, updatedAt: _u, ...entry }) => entry);
    return { format: SERVER_EXPORT_FORMAT, version: SERVER_EXPORT_VERSION, exportedAt: this.stamp(), groups: this.groups(), servers };
  }

  /** Never half-imports: either every accepted entry is written (one transaction) or none. */
  importDocument(document: unknown, mode: ServerImportMode = 'all-or-nothing'): ServerImportReport {
    return this.db.transaction((): ServerImportReport => {
      const rows = this.db.prepare('SELECT id, name FROM servers').all() as { id: string; name: string }[];
      const plan = planImport(document, { ids: new Set(rows.map((r) => r.id)), namesLower: new Map(rows.map((r) => [r.name.toLowerCase(), r.name])) }, mode);
      if (plan.errors.length > 0) return { ok: false, imported: [], skipped: plan.skipped, errors: plan.errors };
      const at = this.stamp();
      for (const g of plan.groups) this.ensureGroup(g);
      const ids = plan.accepted.map((a) => {
        const id = a.id ?? this.newId();
        this.insert(id, a.fields, at);
        return id;
      });
      return { ok: true, imported: ids.map((id) => this.require(id)), skipped: plan.skipped, errors: [] };
    })();
  }

  private insert(id: string, fields: ServerRecordFields, at: string): void {
    this.db
      .prepare(
        `INSERT INTO servers (id, name, group_name, host, port, username, auth_kind, key_path, agent_socket_path, role, notes, created_at, updated_at)
         VALUES (@id, @name, @group_name, @host, @port, @username, @auth_kind, @key_path, @agent_socket_path, @role, @notes, @at, @at)`,
      )
      .run({ ...this.columns(fields), id, at });
  }

  /** Column values; creates the group on first use and adopts an existing group's spelling. */
  private columns(f: ServerRecordFields) {
    return {
      name: f.name,
      group_name: this.ensureGroup(f.group.trim()),
      host: f.host,
      port: f.port,
      username: f.username,
      auth_kind: f.auth.kind,
      key_path: f.auth.kind === 'key' ? f.auth.keyPath : null,
      agent_socket_path: f.agentSocketPath,
      role: f.role,
      notes: f.notes,
    };
  }

  private ensureGroup(name: string): string | null {
    if (name === '') return null;
    const existing = this.groupSpelling(name);
    if (existing !== undefined) return existing;
    this.db.prepare('INSERT INTO server_groups (name, created_at) VALUES (?, ?)').run(name, this.stamp());
    return name;
  }

  private groupSpelling(name: string): string | undefined {
    return this.db.prepare('SELECT name FROM server_groups WHERE name = ?').pluck().get(name) as string | undefined;
  }

  private checkNameFree(name: string, exceptId: string | null): void {
    const other = this.db.prepare('SELECT name FROM servers WHERE name = ? AND id IS NOT ?').pluck().get(name, exceptId) as string | undefined;
    if (other !== undefined) throw validationError([{ path: 'name', message: `a server named "${other}" already exists` }]);
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}

function parseGroup(name: unknown, path: string): string {
  const r = GroupNameSchema.safeParse(name);
  if (!r.success) throw validationError(zodFieldErrors(r.error, path));
  return r.data;
}

function fromRow(r: ServerRow): ServerRecord {
  const auth: ServerRecord['auth'] =
    r.auth_kind === 'key' ? { kind: 'key', keyPath: r.key_path ?? '' } : { kind: r.auth_kind };
  return {
    id: r.id,
    name: r.name,
    group: r.group_name ?? '',
    host: r.host,
    port: r.port,
    username: r.username,
    auth,
    role: r.role,
    agentSocketPath: r.agent_socket_path,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
