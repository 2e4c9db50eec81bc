/**
 * Numbered schema steps for an SQLite database, used by the agent's store and the app's database
 * alike. It talks to the database only through the few calls below (better-sqlite3 provides them),
 * so it stays free of any driver.
 */
export interface MigrationDb {
  exec(sql: string): unknown;
  prepare(sql: string): {
    run(...params: unknown[]): unknown;
    pluck(): { all(...params: unknown[]): unknown[] };
  };
  transaction(fn: () => void): () => void;
}

/** A database that records schema steps this build does not know: a newer version wrote it. */
export class NewerSchemaError extends Error {
  constructor(
    readonly unknownSteps: readonly string[],
    owner: string,
  ) {
    super(`the database has schema steps this version does not know (${unknownSteps.join(', ')}): it was written by a newer ${owner}`);
    this.name = 'NewerSchemaError';
  }
}

/** One schema step. Ids are never renamed or reordered once released; new steps go at the end. */
export interface Migration<D extends MigrationDb = MigrationDb> {
  readonly id: string;
  up(db: D): void;
}

/**
 * Runs the steps not yet recorded, in order, each in one transaction together with its record, so a
 * crash mid-way leaves the whole step or none of it. (A generic runner such as umzug logs a step
 * separately from running it, which cannot give that guarantee with a synchronous driver.) Refuses a
 * database that records steps this build does not know: a newer version wrote it, and an older one
 * must not guess at its layout. `owner` names the program in that message. Returns the ids applied.
 */
export function runMigrations<D extends MigrationDb>(db: D, migrations: readonly Migration<D>[], owner: string, now: () => Date = () => new Date()): string[] {
  const ids = new Set<string>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`migration id ${m.id} is listed twice`);
    ids.add(m.id);
  }
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)');
  const done = new Set(db.prepare('SELECT id FROM schema_migrations ORDER BY seq').pluck().all() as string[]);
  const unknown = [...done].filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    throw new NewerSchemaError(unknown, owner);
  }
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      m.up(db);
      record.run(m.id, now().toISOString());
    })();
    applied.push(m.id);
  }
  return applied;
}
