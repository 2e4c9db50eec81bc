// store-003 on a database written before secrets were sealed: revision rows held every password in
// clear, in ops and snapshots, rolled-back revisions included.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOps, emptySnapshot, withHash } from '@shared/config';
import { MappingGatewaySchema, type ConfigOp, type ConfigSnapshot } from '@shared/model';
import { runMigrations } from './migrate';
import { openAgentDb } from './openAgentDb';
import { RevisionRepo } from './revisionRepo';
import { SecretVault } from './secretVault';
import { GATEWAY_ROWS_MIGRATION, SEAL_SECRETS_MIGRATION, storeMigrations } from './storeMigrations';
import { testSecretBox } from '../../../test/doubles/agent/store';

const OLD = 'Old-Clear-Pw-1';
const NEW = 'New-Clear-Pw-2';
const box = testSecretBox();
const op = (password: string): ConfigOp => ({
  op: 'mappingGateway.upsert',
  gateway: MappingGatewaySchema.parse({ name: 'mgw-pw', authMode: 'password', username: 'trunk1', password: { set: true, value: password } }),
});

/** Writes revisions the way the agent did before store-003: JSON of the ops and snapshot as they were. */
function writeOldRevisions(db: Database.Database): ConfigSnapshot[] {
  const all = storeMigrations(box);
  runMigrations(db, all.slice(0, all.findIndex((m) => m.id === SEAL_SECRETS_MIGRATION)));
  const insert = db.prepare(
    "INSERT INTO revisions (revision, hash, time, author_user, author_role, kind, status, ops_json, snapshot_json) VALUES (?, ?, '2026-01-01T00:00:00.000Z', 'alice', 'admin', 'apply', ?, ?, ?)",
  );
  const snapshots: ConfigSnapshot[] = [];
  let s = emptySnapshot();
  const steps: [ConfigOp[], string][] = [
    [[op(OLD), { op: 'param.set', name: 'SS_RTPENCRYPTIONKEY', value: 'Old-Rtp-Key-xyz' }], 'confirmed'],
    [[op(NEW)], 'rolled-back'],
    [[op(OLD)], 'confirmed'],
  ];
  steps.forEach(([ops, status], i) => {
    const r = applyOps(s, ops);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    s = withHash({ ...r.snapshot, revision: i + 1 });
    snapshots.push(s);
    insert.run(i + 1, s.hash, status, JSON.stringify(ops), JSON.stringify(s));
  });
  return snapshots;
}

function fileBytes(dir: string): Buffer {
  return Buffer.concat(['agent.db', 'agent.db-wal'].map((f) => path.join(dir, f)).filter(existsSync).map((f) => readFileSync(f)));
}

describe('store-003: sealing secrets already in the history', () => {
  it('replaces every clear value with a reference, and reads each revision back unchanged', () => {
    const db = new Database(':memory:');
    const before = writeOldRevisions(db);
    expect(runMigrations(db, storeMigrations(box))).toEqual([SEAL_SECRETS_MIGRATION, GATEWAY_ROWS_MIGRATION]);
    const rows = [
      ...(db.prepare('SELECT ops_json || params_json FROM revisions').pluck().all() as string[]),
      ...(db.prepare('SELECT body_json FROM gateway_rows').pluck().all() as string[]),
    ];
    for (const text of rows) {
      expect(text).not.toContain(OLD);
      expect(text).not.toContain(NEW);
      expect(text).not.toContain('Old-Rtp-Key-xyz');
    }
    const repo = new RevisionRepo(db, new SecretVault(db, box));
    expect([1, 2, 3].map((n) => repo.get(n)?.snapshot)).toEqual(before);
    expect(repo.get(2)?.ops).toEqual([op(NEW)]);
    // One sealed value per change: the key once, the password three times (set, changed, set back).
    expect(db.prepare('SELECT COUNT(*) FROM secret_values').pluck().get()).toBe(4);
  });

  it('leaves no clear password in the database file or its WAL afterwards', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-seal-'));
    const old = new Database(path.join(dir, 'agent.db'));
    old.pragma('journal_mode = WAL');
    writeOldRevisions(old);
    old.close();
    expect(fileBytes(dir).includes(Buffer.from(OLD))).toBe(true);

    const db = openAgentDb(dir, storeMigrations(box), [SEAL_SECRETS_MIGRATION, GATEWAY_ROWS_MIGRATION]);
    try {
      const bytes = fileBytes(dir);
      for (const v of [OLD, NEW, 'Old-Rtp-Key-xyz']) expect(bytes.includes(Buffer.from(v)), v).toBe(false);
      expect(new RevisionRepo(db, new SecretVault(db, box)).latest()?.snapshot.mappingGateways[0]?.password).toEqual({ set: true, value: OLD });
    } finally {
      db.close();
    }
  });
});
