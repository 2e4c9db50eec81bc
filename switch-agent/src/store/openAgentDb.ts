import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { runMigrations, type Migration } from './migrate';

/**
 * The agent's own database: revisions, audit, call records. WAL so readers never block the one
 * writer; a busy timeout because the CLI (`switch-agent check`) may read while `serve` writes.
 * Secret values in it are sealed with the key file's key; the file is still root's only.
 * `compactAfter`: steps that removed data which must not linger in free pages or the WAL (e.g.
 * clear passwords): when one of them ran, the file is rebuilt and the WAL emptied.
 */
export function openAgentDb(dataDir: string, migrations: readonly Migration[], compactAfter: readonly string[] = []): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o750 });
  const file = path.join(dataDir, 'agent.db');
  const db = new Database(file);
  try {
    chmodSync(file, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    const applied = runMigrations(db, migrations);
    if (applied.some((id) => compactAfter.includes(id))) {
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
  } catch (e) {
    // Not left open: a caller that reports the failure and retries must not hold the file.
    db.close();
    throw e;
  }
  return db;
}
