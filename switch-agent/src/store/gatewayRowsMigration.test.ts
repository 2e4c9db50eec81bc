// store-004 on a store written before it: each revision row held its whole snapshot as JSON.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyOps, emptySnapshot, withHash } from '@shared/config';
import { MappingGatewaySchema, RoutingGatewaySchema, type ConfigOp, type ConfigSnapshot } from '@shared/model';
import { runMigrations } from './migrate';
import { RevisionRepo } from './revisionRepo';
import { sealOps, sealSnapshot } from './sealedSecrets';
import { SecretVault } from './secretVault';
import { GATEWAY_ROWS_MIGRATION, storeMigrations } from './storeMigrations';
import { makeService, testSecretBox } from '../../../test/doubles/agent/store';

const box = testSecretBox();
const rgw = (name: string, priority: number): ConfigOp => ({ op: 'routingGateway.upsert', gateway: RoutingGatewaySchema.parse({ name, priority, addresses: [{ host: '192.0.2.1' }] }) });
const mgw: ConfigOp = {
  op: 'mappingGateway.upsert',
  gateway: MappingGatewaySchema.parse({ name: 'mgw-pw', authMode: 'password', username: 'trunk1', password: { set: true, value: 'Clear-Pw-1' } }),
};

/** Writes revisions as the agent did between store-003 and store-004: sealed whole snapshots. */
function writeOldLayout(db: Database.Database): ConfigSnapshot[] {
  const all = storeMigrations(box);
  runMigrations(db, all.slice(0, all.findIndex((m) => m.id === GATEWAY_ROWS_MIGRATION)));
  const vault = new SecretVault(db, box);
  const insert = db.prepare(
    "INSERT INTO revisions (revision, hash, time, author_user, author_role, kind, status, ops_json, snapshot_json) VALUES (?, ?, '2026-01-01T00:00:00.000Z', 'alice', 'admin', 'apply', ?, ?, ?)",
  );
  const steps: [ConfigOp[], string][] = [
    [[rgw('gw-a', 1), rgw('gw-b', 1), mgw], 'confirmed'],
    [[rgw('gw-b', 2)], 'confirmed'],
    [[{ op: 'routingGateway.delete', name: 'gw-a' }], 'rolled-back'],
    [[{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 20 }], 'confirmed'],
  ];
  let s = emptySnapshot();
  return steps.map(([ops, status], i) => {
    const r = applyOps(s, ops);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    s = withHash({ ...r.snapshot, revision: i + 1 });
    insert.run(i + 1, s.hash, status, JSON.stringify(sealOps(ops, vault)), JSON.stringify(sealSnapshot(s, vault)));
    return s;
  });
}

describe('store-004: whole-snapshot rows become shared gateway rows', () => {
  it('reads every revision back unchanged and records only what each one changed', () => {
    const db = new Database(':memory:');
    const before = writeOldLayout(db);
    expect(runMigrations(db, storeMigrations(box))).toEqual([GATEWAY_ROWS_MIGRATION]);

    const columns = db.prepare("SELECT name FROM pragma_table_info('revisions')").pluck().all();
    expect(columns).not.toContain('snapshot_json');
    const repo = new RevisionRepo(db, new SecretVault(db, box));
    expect(before.map((s) => repo.get(s.revision)?.snapshot)).toEqual(before);
    expect(repo.get(1)?.snapshot.mappingGateways[0]?.password).toEqual({ set: true, value: 'Clear-Pw-1' });
    expect(repo.get(3)?.status).toBe('rolled-back');
    expect(repo.get(2)?.ops).toEqual([rgw('gw-b', 2)]);
    const entries = db.prepare('SELECT revision, COUNT(*) AS n FROM revision_items GROUP BY revision ORDER BY revision').all();
    expect(entries).toEqual([{ revision: 1, n: 3 }, { revision: 2, n: 1 }, { revision: 3, n: 1 }]);
    // gw-a, gw-b twice (two contents), the mapping gateway.
    expect(db.prepare('SELECT COUNT(*) FROM gateway_rows').pluck().get()).toBe(4);
    const all = (db.prepare('SELECT body_json FROM gateway_rows').pluck().all() as string[]).join();
    expect(all).not.toContain('Clear-Pw-1');
  });

  it('the store keeps working on the converted database: apply, history, diff and rollback', async () => {
    const db = new Database(':memory:');
    const before = writeOldLayout(db);
    const { service, revisions } = makeService(db);
    expect(service.current()).toEqual(before[3]);
    const alice = { user: 'alice', role: 'admin' } as const;
    const r = await service.apply({ baseRevision: 4, ops: [rgw('gw-c', 3)] }, alice);
    expect(r.revision).toBe(5);
    expect(db.prepare('SELECT COUNT(*) FROM revision_items WHERE revision = 5').pluck().get()).toBe(1);
    expect(revisions.history(10).revisions.map((x) => x.revision)).toEqual([5, 4, 3, 2, 1]);
    await service.rollback({ toRevision: 1 }, alice);
    expect(service.current()).toEqual(withHash({ ...before[0]!, revision: 6 }));
    expect(revisions.get(6)?.snapshot).toEqual(service.current());
  });
});
