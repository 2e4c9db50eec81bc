import type { Migration } from './migrate';

/** The configuration store's schema steps (CDR tables add their own, see ../cdr). */
export const STORE_MIGRATIONS: readonly Migration[] = [
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
