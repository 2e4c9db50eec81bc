// Schema of the alert history, run by the store's migration runner (../store/migrate.ts).
// Ids are never renamed or reordered once released; new steps go at the end.
import type { Migration } from '../store/migrate';

export const ALERT_MIGRATIONS: readonly Migration[] = [
  {
    id: 'alerts-001-alerts',
    // One row per alert that fired: written when it fires, updated when it is acknowledged and
    // when it resolves. Pending alerts are not stored (a restart simply starts their wait again).
    // The alert itself is JSON (shared/rpc/alertsApi.ts); the columns are what queries and
    // pruning need.
    up: (db) =>
      db.exec(`
        CREATE TABLE alerts (
          id          INTEGER PRIMARY KEY,
          state       TEXT NOT NULL,
          resolved_at INTEGER,
          body        TEXT NOT NULL
        );
        CREATE INDEX alerts_resolved ON alerts(state, resolved_at);
      `),
  },
];
