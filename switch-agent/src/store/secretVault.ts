import type { Database, Statement } from 'better-sqlite3';
import type { SecretBox } from '../secrets/secretBox';
import type { SecretSealer } from './sealedSecrets';

interface ValueRow {
  id: number;
  identity: string;
  sealed: Buffer;
}

/**
 * The `secret_values` table: every value a secret has had, sealed with the key file's key and
 * bound to the secret's identity. Revision rows point here, so a rollback restores the exact
 * value while a copy of the database without the key reveals none.
 */
export class SecretVault implements SecretSealer {
  private readonly byId: Statement<[number], ValueRow>;
  private readonly latestFor: Statement<[string], ValueRow>;
  private readonly insertRow: Statement<[string, Buffer]>;
  /** Opened values by id: reading history must not decrypt the same value over and over. */
  private readonly opened = new Map<number, { identity: string; value: string }>();

  constructor(
    db: Database,
    private readonly box: SecretBox,
  ) {
    this.byId = db.prepare('SELECT id, identity, sealed FROM secret_values WHERE id = ?');
    this.latestFor = db.prepare('SELECT id, identity, sealed FROM secret_values WHERE identity = ? ORDER BY id DESC LIMIT 1');
    this.insertRow = db.prepare('INSERT INTO secret_values (identity, sealed) VALUES (?, ?)');
  }

  put(identity: string, value: string): number {
    // An unchanged secret keeps its reference, so revisions that did not touch it share one row.
    const latest = this.latestFor.get(identity);
    if (latest && this.openRow(latest) === value) return latest.id;
    const id = Number(this.insertRow.run(identity, this.box.seal(identity, value)).lastInsertRowid);
    this.opened.set(id, { identity, value });
    return id;
  }

  get(identity: string, ref: number): string {
    const row = this.byId.get(ref);
    if (!row) throw new Error(`the stored secret ${identity} refers to sealed value ${ref}, which does not exist: the database was altered`);
    // The identity where the reference was found, not the row's own, is the associated data:
    // a reference copied to another gateway does not open.
    return this.openRow({ ...row, identity });
  }

  private openRow(row: ValueRow): string {
    const hit = this.opened.get(row.id);
    if (hit && hit.identity === row.identity) return hit.value;
    const value = this.box.open(row.identity, row.sealed);
    this.opened.set(row.id, { identity: row.identity, value });
    return value;
  }
}
