import type { Database } from 'better-sqlite3';

/** One schema step. Ids are never renamed or reordered once released; new steps go at the end. */
export interface Migration {
  readonly id: string;
  up(db: Database): void;
}

/**
 * Runs the steps not yet recorded, in order, each in one transaction together with its record, so a
 * crash mid-way leaves the whole step or none of it. Refuses a database that records steps this build
 * does not know: a newer Switchdeck wrote it, and an older one must not guess at its layout.
 * Returns the ids applied by this call (empty when the database was already up to date).
 */
export function runMigrations(db: Database, migrations: readonly Migration[]): string[] {
  const ids = new Set<string>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`migration id ${m.id} is listed twice`);
    ids.add(m.id);
  }
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)');
  const done = new Set(db.prepare('SELECT id FROM schema_migrations ORDER BY seq').pluck().all() as string[]);
  const unknown = [...done].filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    throw new Error(`the app database has schema steps this version does not know (${unknown.join(', ')}): it was written by a newer Switchdeck`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      m.up(db);
      record.run(m.id, new Date().toISOString());
    })();
    applied.push(m.id);
  }
  return applied;
}
