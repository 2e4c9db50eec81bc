import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_MIGRATIONS } from './hostMigrations';
import { runMigrations, type Migration } from './migrate';
import { HOST_DB_FILE, openHostDb } from './openHostDb';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'switchdeck-db-'));
  dirs.push(d);
  return join(d, 'data');
}

describe('runMigrations', () => {
  it('applies each host step once; a second run applies nothing and changes nothing', () => {
    const db = new Database(':memory:');
    expect(runMigrations(db, HOST_MIGRATIONS)).toEqual(['host-001-servers', 'host-002-drafts']);
    const schema = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all();
    expect(runMigrations(db, HOST_MIGRATIONS)).toEqual([]);
    expect(db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all()).toEqual(schema);
    expect(db.prepare('SELECT id FROM schema_migrations ORDER BY seq').pluck().all()).toEqual(['host-001-servers', 'host-002-drafts']);
  });

  it('rolls a failing step back whole and leaves it unrecorded', () => {
    const db = new Database(':memory:');
    const steps: Migration[] = [
      { id: 'a', up: (d) => d.exec('CREATE TABLE t (x INTEGER)') },
      { id: 'b', up: (d) => d.exec('CREATE TABLE u (y INTEGER); INSERT INTO nope VALUES (1)') },
    ];
    expect(() => runMigrations(db, steps)).toThrow(/nope/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual(['schema_migrations', 't']);
    expect(runMigrations(db, steps.slice(0, 1))).toEqual([]);
  });

  it('refuses a database written by a newer version, and duplicate ids', () => {
    const db = new Database(':memory:');
    runMigrations(db, [...HOST_MIGRATIONS, { id: 'host-999-future', up: () => {} }]);
    expect(() => runMigrations(db, HOST_MIGRATIONS)).toThrow(/host-999-future.*newer Switchdeck/);
    expect(() => runMigrations(new Database(':memory:'), [HOST_MIGRATIONS[0]!, HOST_MIGRATIONS[0]!])).toThrow(/listed twice/);
  });
});

describe('openHostDb', () => {
  it('creates the data folder and a private WAL database, and reopens it without re-running steps', () => {
    const dir = tempDir();
    const db = openHostDb({ dataDir: dir });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.prepare("INSERT INTO server_groups (name, created_at) VALUES ('lab', 'x')").run();
    db.close();
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, HOST_DB_FILE)).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
    const again = openHostDb({ dataDir: dir });
    expect(again.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(HOST_MIGRATIONS.length);
    expect(again.prepare('SELECT name FROM server_groups').pluck().all()).toEqual(['lab']);
    again.close();
  });

  it('enforces the schema: a key server needs a key path, other kinds must not have one', () => {
    const db = openHostDb({ memory: true });
    const insert = db.prepare(
      `INSERT INTO servers (id, name, host, port, username, auth_kind, key_path, agent_socket_path, role, created_at, updated_at)
       VALUES (?, ?, 'h', 22, 'u', ?, ?, '/run/switch-agent/admin.sock', 'admin', 'x', 'x')`,
    );
    expect(() => insert.run('1', 'a', 'key', null)).toThrow(/CHECK/);
    expect(() => insert.run('2', 'b', 'password', '/k')).toThrow(/CHECK/);
    insert.run('3', 'c', 'key', '/k');
    expect(() => insert.run('4', 'C', 'agent', null)).toThrow(/UNIQUE/);
  });
});
