import type { Migration } from './migrate';

/**
 * The app database's schema steps. Released ids are never edited; a change is a new step at the end.
 * Groups are their own table so an empty group survives; a server's group is a foreign key with
 * ON UPDATE CASCADE / ON DELETE SET NULL, so renaming a group moves its servers and deleting one
 * leaves them ungrouped (NULL) without a second statement that could be forgotten.
 */
export const HOST_MIGRATIONS: readonly Migration[] = [
  {
    id: 'host-001-servers',
    up: (db) =>
      db.exec(`
        CREATE TABLE server_groups (
          name TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 128),
          created_at TEXT NOT NULL
        );
        CREATE TABLE servers (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          group_name TEXT COLLATE NOCASE REFERENCES server_groups(name) ON UPDATE CASCADE ON DELETE SET NULL,
          host TEXT NOT NULL,
          port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
          username TEXT NOT NULL,
          auth_kind TEXT NOT NULL CHECK (auth_kind IN ('key', 'password', 'keyboard-interactive', 'agent')),
          key_path TEXT CHECK ((auth_kind = 'key') = (key_path IS NOT NULL)),
          agent_socket_path TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('admin', 'view')),
          notes TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX servers_group ON servers(group_name);
      `),
  },
  {
    id: 'host-002-drafts',
    up: (db) =>
      db.exec(`
        -- The last configuration read from each server, so drafts can start (and be diffed) offline.
        CREATE TABLE config_cache (
          server_id TEXT PRIMARY KEY,
          revision INTEGER NOT NULL CHECK (revision >= 0),
          hash TEXT NOT NULL,
          snapshot TEXT NOT NULL,
          fetched_at TEXT NOT NULL
        );
        -- No foreign key to servers: a draft outlives a forgotten server until it is discarded.
        CREATE TABLE drafts (
          id TEXT PRIMARY KEY,
          server_id TEXT NOT NULL,
          title TEXT NOT NULL DEFAULT '',
          comment TEXT NOT NULL DEFAULT '',
          base_revision INTEGER NOT NULL CHECK (base_revision >= 0),
          base_hash TEXT NOT NULL,
          base_snapshot TEXT NOT NULL,
          base_source TEXT NOT NULL CHECK (base_source IN ('server', 'cache', 'empty')),
          ops TEXT NOT NULL,
          version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
          pushed_revision INTEGER,
          pushed_hash TEXT,
          pushed_at TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX drafts_server ON drafts(server_id, updated_at);
      `),
  },
];
