import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_MIGRATIONS } from './hostMigrations';
import { runMigrations } from './migrate';

export type HostDb = Database.Database;

/** File name of the app database inside the app data folder. */
export const HOST_DB_FILE = 'switchdeck.db';

/** `dataDir`: the app data folder (Electron's userData; the caller decides). `memory`: for tests. */
export type HostDbLocation = { readonly dataDir: string } | { readonly memory: true };

/**
 * Opens (creating if needed) the workstation's SQLite database and brings its schema up to date.
 * Drafts may hold new gateway passwords typed offline, so the folder and file are private to the
 * user (0700 / 0600; SQLite gives the -wal and -shm files the database file's mode). WAL lets the
 * UI read while a push writes; foreign keys are on because group rename/delete relies on them.
 */
export function openHostDb(location: HostDbLocation): HostDb {
  let db: HostDb;
  if ('memory' in location) {
    db = new Database(':memory:');
  } else {
    mkdirSync(location.dataDir, { recursive: true, mode: 0o700 });
    const file = join(location.dataDir, HOST_DB_FILE);
    db = new Database(file);
    // On Windows chmod only clears the read-only flag; the profile folder's ACL keeps the file private there.
    chmodSync(file, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    runMigrations(db, HOST_MIGRATIONS);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
