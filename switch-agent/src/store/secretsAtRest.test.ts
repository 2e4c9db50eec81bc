// Secret values never reach a revision row: the rows reference sealed values in `secret_values`,
// and the service still hands the engine the values, reports a changed password and rolls back exactly.
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeChanges } from '@shared/config';
import { MappingGatewaySchema, RoutingGatewaySchema, type ConfigOp, type Secret } from '@shared/model';
import type { Author } from '@shared/rpc/agentApi';
import { SecretBox } from '../secrets/secretBox';
import { RevisionRepo } from './revisionRepo';
import { SecretVault } from './secretVault';
import { makeService } from '../../../test/doubles/agent/store';

const alice: Author = { user: 'alice', role: 'admin' };
const PW1 = 'Mapping-Pw-One!';
const PW2 = 'Mapping-Pw-Two?';
const REG = 'Carrier-Reg-Pw#';
const KEY = 'Rtp-Key-16chars!';
const mgw = (password: Secret, notes = ''): ConfigOp => ({
  op: 'mappingGateway.upsert',
  gateway: MappingGatewaySchema.parse({ name: 'mgw-pw', authMode: 'password', username: 'trunk1', password, notes }),
});
const rgw = (password: Secret): ConfigOp => ({
  op: 'routingGateway.upsert',
  gateway: RoutingGatewaySchema.parse({ name: 'carrier', addresses: [{ host: '127.0.0.4' }], registration: { enabled: true, username: 'acct', password } }),
});

/** Every text and blob in the database, as one buffer to search. */
function dump(db: Database.Database): Buffer {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  const parts: Buffer[] = [];
  for (const t of tables) {
    for (const row of db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][]) {
      for (const v of row) parts.push(Buffer.isBuffer(v) ? v : Buffer.from(String(v)));
    }
  }
  return Buffer.concat(parts);
}

function expectNoneOf(db: Database.Database, values: string[]): void {
  const all = dump(db);
  for (const v of values) {
    for (const form of [v, Buffer.from(v).toString('base64'), Buffer.from(v).toString('hex')]) {
      expect(all.includes(Buffer.from(form)), `${form} found in the database`).toBe(false);
    }
  }
}

describe('secrets at rest in the agent store', () => {
  it('keeps passwords and secret parameters out of revision rows while the engine gets the values', async () => {
    const { db, service, engine } = makeService();
    await service.apply({ baseRevision: 0, ops: [mgw({ set: true, value: PW1 }), rgw({ set: true, value: REG }), { op: 'param.set', name: 'SS_RTPENCRYPTIONKEY', value: KEY }] }, alice);
    expectNoneOf(db, [PW1, REG, KEY]);
    const running = engine.running!;
    expect(running.mappingGateways[0]?.password).toEqual({ set: true, value: PW1 });
    expect(running.routingGateways[0]?.registration.password).toEqual({ set: true, value: REG });
    expect(running.params.SS_RTPENCRYPTIONKEY).toBe(KEY);
    expect(service.current()).toEqual({ ...running, revision: 1 });
    const params = JSON.parse(db.prepare('SELECT params_json FROM revisions WHERE revision = 1').pluck().get() as string);
    const mapping = JSON.parse(db.prepare("SELECT body_json FROM gateway_rows WHERE collection = 'mappingGateways'").pluck().get() as string);
    expect(mapping.password).toEqual({ set: true, ref: expect.any(Number) });
    expect(params.SS_RTPENCRYPTIONKEY).toEqual({ set: true, ref: expect.any(Number) });
  });

  it('a diff still says the password changed; keeping it adds no sealed value; a rollback restores the old one', async () => {
    const { db, service, engine } = makeService();
    await service.apply({ baseRevision: 0, ops: [mgw({ set: true, value: PW1 })] }, alice);
    const changed = await service.apply({ baseRevision: 1, ops: [mgw({ set: true, value: PW2 })] }, alice);
    expect(changed.changes).toEqual([{ path: 'mappingGateways[mgw-pw].password', before: { set: true }, after: { set: true } }]);
    expect(describeChanges(service.snapshotAt(1), service.snapshotAt(2))).toEqual(changed.changes);
    const sealedRows = () => db.prepare('SELECT COUNT(*) FROM secret_values').pluck().get();
    expect(sealedRows()).toBe(2);
    // Another field changes, the password is kept ({ set: true } = keep): same sealed value.
    await service.apply({ baseRevision: 2, ops: [mgw({ set: true }, 'kept')] }, alice);
    expect(describeChanges(service.snapshotAt(2), service.snapshotAt(3))).toEqual([{ path: 'mappingGateways[mgw-pw].notes', before: '', after: 'kept' }]);
    expect(sealedRows()).toBe(2);

    const back = await service.rollback({ toRevision: 1 }, alice);
    expect(back.changes.map((c) => c.path).sort()).toEqual(['mappingGateways[mgw-pw].notes', 'mappingGateways[mgw-pw].password']);
    expect(engine.running?.mappingGateways[0]?.password).toEqual({ set: true, value: PW1 });
    expect(service.current().mappingGateways[0]?.password).toEqual({ set: true, value: PW1 });
    expectNoneOf(db, [PW1, PW2]);
  });

  it('refuses a reference moved to another gateway and a database opened with another key, naming the secret', async () => {
    const { db, service } = makeService();
    await service.apply({ baseRevision: 0, ops: [mgw({ set: true, value: PW1 }), rgw({ set: true, value: REG })] }, alice);
    const other = new RevisionRepo(db, new SecretVault(db, new SecretBox(Buffer.alloc(32, 9))));
    expect(() => other.latest()).toThrow(/stored secret (routingGateways\[carrier\]\.registration\.password|mappingGateways\[mgw-pw\]\.password) cannot be decrypted: the secret key file is not the one/);

    // Swap the two references in the rows: each now points at a value sealed for the other gateway.
    const body = (collection: string) => db.prepare('SELECT id, body_json FROM gateway_rows WHERE collection = ?').get(collection) as { id: number; body_json: string };
    const m = body('mappingGateways');
    const r = body('routingGateways');
    const mapping = JSON.parse(m.body_json);
    const routing = JSON.parse(r.body_json);
    [mapping.password, routing.registration.password] = [routing.registration.password, mapping.password];
    const update = db.prepare('UPDATE gateway_rows SET body_json = ? WHERE id = ?');
    update.run(JSON.stringify(mapping), m.id);
    update.run(JSON.stringify(routing), r.id);
    const fresh = makeService(db);
    expect(() => fresh.service.current()).toThrow(/cannot be decrypted/);
  });
});
