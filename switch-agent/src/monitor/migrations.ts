// Schema of the monitor's rollups, run by the store's migration runner (../store/migrate.ts).
// Ids are never renamed or reordered once released; new steps go at the end.
import type { Migration } from '../store/migrate';

export const MONITOR_MIGRATIONS: readonly Migration[] = [
  {
    id: 'monitor-001-rollups',
    // Series names are stored once and referred to by number: a name is up to 160 characters
    // and a busy series has 11,520 minute rows over 8 days. `t` is the bucket start in Unix
    // seconds; `step` is the bucket width in seconds (60 or 3600); `n` the one-second samples
    // the bucket holds, so buckets merge exactly (a restart mid-bucket adds to the same row).
    up: (db) =>
      db.exec(`
        CREATE TABLE monitor_series (
          id   INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE monitor_rollups (
          series INTEGER NOT NULL REFERENCES monitor_series(id) ON DELETE CASCADE,
          step   INTEGER NOT NULL,
          t      INTEGER NOT NULL,
          min    REAL NOT NULL,
          avg    REAL NOT NULL,
          max    REAL NOT NULL,
          n      INTEGER NOT NULL,
          PRIMARY KEY (series, step, t)
        ) WITHOUT ROWID;
        CREATE INDEX monitor_rollups_age ON monitor_rollups(step, t);
      `),
  },
];
