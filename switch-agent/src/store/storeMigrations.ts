import type { Database } from 'better-sqlite3';
import type { SecretBox } from '../secrets/secretBox';
import type { Migration } from './migrate';
import { splitGatewayRows } from './gatewayRowsMigration';
import { sealOps, sealSnapshot } from './sealedSecrets';
import { SecretVault } from './secretVault';

/** The step that moves secret values out of revision rows; the database is compacted after it. */
export const SEAL_SECRETS_MIGRATION = 'store-003-sealed-secrets';
/** The step that replaces whole-snapshot rows by shared gateway rows; the database is compacted after it. */
export const GATEWAY_ROWS_MIGRATION = 'store-004-gateway-rows';

/** The configuration store's schema steps (CDR tables add their own, see ../cdr). */
export function storeMigrations(box: SecretBox): readonly Migration[] {
  return [
    ...BASE_MIGRATIONS,
    { id: SEAL_SECRETS_MIGRATION, up: (db) => sealExistingSecrets(db, box) },
    { id: GATEWAY_ROWS_MIGRATION, up: splitGatewayRows },
  ];
}

/**
 * Revisions written before secrets were sealed hold values in clear, in their ops and snapshots.
 * Each value moves into `secret_values` (encrypted) and the rows keep references, so history still
 * shows which revision changed a password and rollbacks stay exact.
 */
function sealExistingSecrets(db: Database, box: SecretBox): void {
  db.exec(`
    CREATE TABLE secret_values (
      id       INTEGER PRIMARY KEY,
      identity TEXT NOT NULL, -- the secret's field path, also the cipher's associated data
      sealed   BLOB NOT NULL  -- AES-256-GCM: nonce ‖ tag ‖ ciphertext
    );
    CREATE INDEX secret_values_identity ON secret_values(identity, id);
  `);
  const vault = new SecretVault(db, box);
  const rows = db.prepare('SELECT revision, ops_json, snapshot_json FROM revisions ORDER BY revision').all() as {
    revision: number;
    ops_json: string;
    snapshot_json: string;
  }[];
  const update = db.prepare('UPDATE revisions SET ops_json = ?, snapshot_json = ? WHERE revision = ?');
  for (const r of rows) {
    // Snapshot first: the ops then find the value it sealed and share its reference.
    const snapshot = JSON.stringify(sealSnapshot(JSON.parse(r.snapshot_json), vault));
    const ops = JSON.stringify(sealOps(JSON.parse(r.ops_json), vault));
    update.run(ops, snapshot, r.revision);
  }
}

const BASE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'store-001-revisions',
    up: (db) =>
      db.exec(`
        CREATE TABLE revisions (
          revision          INTEGER PRIMARY KEY,
          hash              TEXT NOT NULL,
          time              TEXT NOT NULL,
          author_user       TEXT NOT NULL,
          author_role       TEXT NOT NULL CHECK (author_role IN ('admin', 'view')),
          comment           TEXT NOT NULL DEFAULT '',
          kind              TEXT NOT NULL CHECK (kind IN ('apply', 'rollback', 'auto-rollback', 'import')),
          status            TEXT NOT NULL CHECK (status IN ('confirmed', 'pending', 'rolled-back')),
          restored_revision INTEGER, -- 0 is the implicit empty configuration, which has no row
          confirm_deadline  TEXT,
          ops_json          TEXT NOT NULL,
          snapshot_json     TEXT NOT NULL
        );
        CREATE INDEX revisions_pending ON revisions(status) WHERE status = 'pending';
      `),
  },
  {
    id: 'store-002-audit',
    up: (db) =>
      db.exec(`
        CREATE TABLE audit (
          id          INTEGER PRIMARY KEY,
          time        TEXT NOT NULL,
          author_user TEXT NOT NULL,
          author_role TEXT NOT NULL,
          action      TEXT NOT NULL,
          revision    INTEGER,
          outcome     TEXT NOT NULL,
          detail_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_time ON audit(time);
      `),
  },
];
