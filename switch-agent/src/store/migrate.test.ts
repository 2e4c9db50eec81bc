import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { runMigrations, type Migration } from './migrate';
import { storeMigrations } from './storeMigrations';
import { testSecretBox } from '../../../test/doubles/agent/store';

const STORE_MIGRATIONS = storeMigrations(testSecretBox());

describe('runMigrations', () => {
  it('applies each step once, in order', () => {
    const db = new Database(':memory:');
    expect(runMigrations(db, STORE_MIGRATIONS)).toEqual(['store-001-revisions', 'store-002-audit', 'store-003-sealed-secrets', 'store-004-gateway-rows']);
    expect(runMigrations(db, STORE_MIGRATIONS)).toEqual([]);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['audit', 'gateway_rows', 'revision_items', 'revisions', 'schema_migrations', 'secret_values']);
  });

  it('rolls a failing step back whole and leaves it unrecorded', () => {
    const db = new Database(':memory:');
    const broken: Migration[] = [
      { id: 'a', up: (d) => d.exec('CREATE TABLE t (x INTEGER)') },
      { id: 'b', up: (d) => d.exec('CREATE TABLE u (y INTEGER); INSERT INTO nope VALUES (1)') },
    ];
    expect(() => runMigrations(db, broken)).toThrow(/nope/);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['schema_migrations', 't']);
    expect(db.prepare('SELECT id FROM schema_migrations').pluck().all()).toEqual(['a']);
  });

  it('refuses a database written by a newer agent', () => {
    const db = new Database(':memory:');
    runMigrations(db, [...STORE_MIGRATIONS, { id: 'store-999-future', up: () => {} }]);
    expect(() => runMigrations(db, STORE_MIGRATIONS)).toThrow(/store-999-future.*newer switch-agent/);
  });

  it('refuses duplicate ids', () => {
    const db = new Database(':memory:');
    expect(() => runMigrations(db, [STORE_MIGRATIONS[0]!, STORE_MIGRATIONS[0]!])).toThrow(/listed twice/);
  });

  it('store-001 keeps revision rows honest (kinds, roles, statuses)', () => {
    const db = new Database(':memory:');
    runMigrations(db, STORE_MIGRATIONS);
    const insert = db.prepare(
      "INSERT INTO revisions (revision, hash, time, author_user, author_role, kind, status, ops_json) VALUES (1, 'h', 't', 'u', ?, ?, ?, '[]')",
    );
    expect(() => insert.run('root', 'apply', 'confirmed')).toThrow(/CHECK/);
    expect(() => insert.run('admin', 'merge', 'confirmed')).toThrow(/CHECK/);
    expect(() => insert.run('admin', 'apply', 'maybe')).toThrow(/CHECK/);
    expect(insert.run('admin', 'apply', 'pending').changes).toBe(1);
  });
});
