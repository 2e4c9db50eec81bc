// Schema of the agent's CDR store, run by the store's migration runner (../store/migrate.ts).
// Ids are never renamed or reordered once released; new steps go at the end.
import type { Migration } from '../store/migrate';

export const CDR_MIGRATIONS: readonly Migration[] = [
  {
    id: 'cdr-001-create',
    // Times are Unix seconds (what flatstore writes; compact, and range scans on an integer
    // index); the query API turns them into ISO strings. Everything after call_id is nullable:
    // flatstore writes unset values as empty fields.
    up: (db) =>
      db.exec(`
        CREATE TABLE cdrs (
          id              INTEGER PRIMARY KEY,
          start_time      INTEGER NOT NULL,
          end_time        INTEGER NOT NULL,
          duration        REAL NOT NULL,
          call_id         TEXT NOT NULL,
          src_ip          TEXT,
          src_port        INTEGER,
          mapping_group   INTEGER,
          mapping_gateway TEXT,
          routing_gateway TEXT,
          routing_address TEXT,
          caller          TEXT,
          callee          TEXT,
          sip_code        INTEGER
        );
        CREATE INDEX cdrs_start ON cdrs(start_time, id);
        CREATE INDEX cdrs_callee ON cdrs(callee, start_time, id);
        CREATE INDEX cdrs_routing_gateway ON cdrs(routing_gateway, start_time, id);
        CREATE INDEX cdrs_mapping_gateway ON cdrs(mapping_gateway, start_time, id);
        CREATE INDEX cdrs_call_id ON cdrs(call_id);
      `),
  },
  {
    id: 'cdr-002-ingest-state',
    // One row per flatstore file being read, keyed by inode (a rename keeps the position).
    // `head` is the first bytes already consumed: a reused inode or a rewritten file has a
    // different head and is read from the start again. Rejected lines are kept with their
    // reason so that nothing is dropped without a trace.
    up: (db) =>
      db.exec(`
        CREATE TABLE cdr_ingest_files (
          dev        TEXT NOT NULL,
          ino        TEXT NOT NULL,
          name       TEXT NOT NULL,
          offset     INTEGER NOT NULL,
          head       BLOB NOT NULL,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (dev, ino)
        ) WITHOUT ROWID;
        CREATE TABLE cdr_rejects (
          id     INTEGER PRIMARY KEY,
          time   TEXT NOT NULL,
          file   TEXT NOT NULL,
          offset INTEGER NOT NULL,
          reason TEXT NOT NULL,
          line   TEXT NOT NULL
        );
      `),
  },
  {
    id: 'cdr-003-attempts',
    // Every routing gateway tried for the call, as JSON (CdrAttempt[]); NULL for older rows.
    up: (db) => db.exec('ALTER TABLE cdrs ADD COLUMN attempts TEXT'),
  },
  {
    id: 'cdr-004-search',
    // Search (cdrSearch.ts): every filter that narrows by equality has an index ending in
    // (start_time, id), so the newest-first keyset walk of a page reads only the rows it returns.
    // refused_reason marks calls the switch refused before a dialog existed (words, not a code).
    up: (db) =>
      db.exec(`
        ALTER TABLE cdrs ADD COLUMN refused_reason TEXT;
        CREATE INDEX cdrs_caller ON cdrs(caller, start_time, id);
        CREATE INDEX cdrs_sip_code ON cdrs(sip_code, start_time, id);
        -- Refused calls are few among many: a partial index finds them without walking the day.
        CREATE INDEX cdrs_refused ON cdrs(start_time, id) WHERE refused_reason IS NOT NULL;
      `),
  },
  {
    id: 'cdr-005-ended-by',
    // Who or what ended an answered call (CallEndCause); NULL for older rows and unanswered calls.
    up: (db) => db.exec('ALTER TABLE cdrs ADD COLUMN ended_by TEXT'),
  },
  {
    id: 'cdr-006-times-ms',
    // Start, answer and end in Unix milliseconds. start_time/end_time stay whole seconds (the
    // indexes and the keyset cursor walk start_time); older rows have NULL here and read as
    // their whole seconds. answer_ms is NULL for unanswered calls.
    up: (db) =>
      db.exec(`
        ALTER TABLE cdrs ADD COLUMN start_ms INTEGER;
        ALTER TABLE cdrs ADD COLUMN answer_ms INTEGER;
        ALTER TABLE cdrs ADD COLUMN end_ms INTEGER;
      `),
  },
];
