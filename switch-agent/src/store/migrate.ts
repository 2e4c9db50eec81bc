import type { Database } from 'better-sqlite3';
import { runMigrations as run, type Migration as SharedMigration } from '@shared/db/migrate';

export type Migration = SharedMigration<Database>;

export function runMigrations(db: Database, migrations: readonly Migration[]): string[] {
  return run(db, migrations, 'switch-agent');
}
