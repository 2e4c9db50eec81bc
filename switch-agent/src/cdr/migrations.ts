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
  {
    id: 'cdr-007-pdd',
    // Post-dial delay (parseFlatstore.ts): ring_ms is when the caller got its first 18x; pdd_ms is
    // the INVITE to that 18x, or to the answer when none came. NULL for older rows (unknown) and
    // for calls that neither rang nor were answered.
    up: (db) =>
      db.exec(`
        ALTER TABLE cdrs ADD COLUMN ring_ms INTEGER;
        ALTER TABLE cdrs ADD COLUMN pdd_ms INTEGER;
      `),
  },
  {
    id: 'cdr-008-gateway-tries',
    // cdr.stats on the routing side counts every gateway a call tried (cdrStats.ts). One row per
    // attempt of cdrs.attempts, or one row per call that has none (refused, no gateway, older
    // rows: under its routing gateway, NULL when none). Kept by triggers, so every writer of cdrs
    // (the ingesters, retention, test tables) keeps it in step; existing rows are filled here.
    up: (db) => {
      db.exec(`
        CREATE TABLE cdr_gateway_tries (
          start_time      INTEGER NOT NULL,  -- the call's (cdrs.start_time), so a range reads like cdrs
          start_ms        INTEGER NOT NULL,  -- the call's, whole seconds for older rows
          cdr_id          INTEGER NOT NULL,
          seq             INTEGER NOT NULL,
          gateway         TEXT,
          code            INTEGER,
          refused         INTEGER NOT NULL,
          talk_sec        REAL,     -- the attempt that answered: the call's talk time
          answer_delay_ms INTEGER,  -- the attempt that answered: its INVITE to the answer
          pdd_ms          INTEGER,  -- its INVITE to its first 18x, or to the answer without one
          PRIMARY KEY (start_time, cdr_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX cdr_gateway_tries_gateway ON cdr_gateway_tries(gateway, start_time);
        CREATE TRIGGER cdrs_delete_tries AFTER DELETE ON cdrs BEGIN
          DELETE FROM cdr_gateway_tries WHERE start_time = old.start_time AND cdr_id = old.id;
        END;
      `);
      db.exec(`CREATE TRIGGER cdrs_insert_tries AFTER INSERT ON cdrs BEGIN ${triesInsertSql('trigger')} END;`);
      db.exec(triesInsertSql('backfill'));
    },
  },
];

/**
 * The rows of cdr_gateway_tries for the trigger's new row, or for every row of cdrs (backfill).
 * An attempt's PDD needs its first-18x time (ringMs; key absent = recorded before it was
 * kept, unknown); a call with no attempts takes the call's own figures.
 */
function triesInsertSql(of: 'trigger' | 'backfill'): string {
  const c = of === 'trigger' ? 'new.' : 'c.';
  const calls = of === 'trigger' ? [] : ['cdrs c'];
  const answered = `(${c}refused_reason IS NULL AND ${c}sip_code BETWEEN 200 AND 299)`;
  const talk = `CASE WHEN ${c}answer_ms IS NOT NULL AND ${c}end_ms IS NOT NULL THEN (${c}end_ms - ${c}answer_ms) / 1000.0 ELSE ${c}duration END`;
  const startMs = `coalesce(${c}start_ms, ${c}start_time * 1000)`;
  const a = (key: string) => `json_extract(j.value, '$.${key}')`;
  const attemptAnswered = `${a('code')} BETWEEN 200 AND 299`;
  const cols = 'start_time, start_ms, cdr_id, seq, gateway, code, refused, talk_sec, answer_delay_ms, pdd_ms';
  return `
    INSERT INTO cdr_gateway_tries (${cols})
      SELECT ${c}start_time, ${startMs}, ${c}id, j.key, ${a('gateway')}, ${a('code')}, 0,
        CASE WHEN ${attemptAnswered} THEN ${talk} END,
        CASE WHEN ${attemptAnswered} THEN ${a('endMs')} - ${a('startMs')} END,
        CASE json_type(j.value, '$.ringMs') WHEN 'integer' THEN max(0, ${a('ringMs')} - ${a('startMs')})
          WHEN 'null' THEN CASE WHEN ${attemptAnswered} THEN ${a('endMs')} - ${a('startMs')} END END
      FROM ${[...calls, `json_each(${c}attempts) j`].join(', ')} WHERE ${c}attempts IS NOT NULL;
    INSERT INTO cdr_gateway_tries (${cols})
      SELECT ${c}start_time, ${startMs}, ${c}id, 0, ${c}routing_gateway, ${c}sip_code, ${c}refused_reason IS NOT NULL,
        CASE WHEN ${answered} THEN ${talk} END,
        CASE WHEN ${answered} THEN ${c}answer_ms - ${startMs} END,
        ${c}pdd_ms
      ${calls.length > 0 ? `FROM ${calls.join(', ')}` : ''} WHERE coalesce(json_array_length(${c}attempts), 0) = 0;`;
}
