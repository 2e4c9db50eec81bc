// Storage failures of the configuration store become STORAGE_FAILED naming the database and the
// cause, with nothing applied. SQLite itself produces the failures: `query_only` makes writes fail
// with SQLITE_READONLY, a `max_page_count` below what the next write needs with SQLITE_FULL.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RoutingGatewaySchema } from '@shared/model';
import type { Author, StorageFailedErrorData } from '@shared/rpc/agentApi';
import { RpcError } from '@shared/rpc/errors';
import { withStorageErrors } from '../api/storageBoundary';
import { EngineError } from '../engine/types';
import { engineApplier } from '../engine/engineApplier';
import { AuditRepo } from './auditRepo';
import { ConfigService } from './configService';
import { runMigrations } from './migrate';
import { RevisionRepo } from './revisionRepo';
import { StorageErrors, storageCause } from './storageErrors';
import { SecretVault } from './secretVault';
import { storeMigrations } from './storeMigrations';
import { ManualClock, RecordingEngine, settle, testSecretBox } from './testing';

const alice: Author = { user: 'alice', role: 'admin' };
const PATHS = { agent: '/var/lib/switch-agent/agent.db', engine: '/var/lib/switch-agent/engine/engine.sqlite' };

function setup(engine = new RecordingEngine()) {
  const db = new Database(':memory:');
  const box = testSecretBox();
  runMigrations(db, storeMigrations(box));
  const storage = new StorageErrors(PATHS, () => new Date('2026-12-05T03:00:00Z'));
  const errors: string[] = [];
  const clock = new ManualClock();
  const service = new ConfigService({
    revisions: new RevisionRepo(db, new SecretVault(db, box)),
    audit: new AuditRepo(db),
    engine,
    clock,
    log: { info: () => {}, error: (m) => void errors.push(m) },
    onChanged: () => {},
    storage,
  });
  return { db, engine, service, storage, errors, clock };
}

async function failure(p: Promise<unknown>): Promise<RpcError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

const setInvite = (value: number) => ({ op: 'param.set' as const, name: 'SS_SIP_TIMEOUT_INVITE', value });

describe('storage failures of the configuration store', () => {
  it('read-only: STORAGE_FAILED names the store and the cause; the engine is put back and the revision is not recorded', async () => {
    const { db, engine, service, storage } = setup();
    await service.apply({ baseRevision: 0, ops: [setInvite(20)] }, alice);
    db.pragma('query_only = 1');
    const e = await failure(service.apply({ baseRevision: 1, ops: [setInvite(30)] }, alice));
    expect(e.code).toBe('STORAGE_FAILED');
    expect(e.message).toBe('the configuration store /var/lib/switch-agent/agent.db is read-only (SQLITE_READONLY); nothing was changed; revision 1 is still in effect');
    expect((e.data as StorageFailedErrorData).problem).toMatchObject({ store: 'agent', cause: 'read-only', sqliteCode: 'SQLITE_READONLY' });
    expect(service.current().revision).toBe(1);
    expect(engine.running?.params.SS_SIP_TIMEOUT_INVITE).toBe(20);
    expect(storage.list()).toHaveLength(1);

    // Writable again: the next apply works and the problem is no longer reported.
    db.pragma('query_only = 0');
    await service.apply({ baseRevision: 1, ops: [setInvite(30)] }, alice);
    expect(storage.list()).toEqual([]);
  });

  it('an automatic rollback that cannot be recorded puts the engine back to the pending revision and tries again', async () => {
    const { db, engine, service, errors, clock } = setup();
    await service.apply({ baseRevision: 0, ops: [setInvite(20)] }, alice);
    await service.apply({ baseRevision: 1, ops: [setInvite(30)], confirmWithinSec: 10 }, alice);
    db.pragma('query_only = 1');
    clock.advance(10_000);
    await settle();
    expect(service.pending()?.revision).toBe(2);
    expect(engine.running?.params.SS_SIP_TIMEOUT_INVITE).toBe(30);
    expect(errors.join('\n')).toContain('automatic rollback could not be recorded');
    db.pragma('query_only = 0');
    clock.advance(5000);
    await settle();
    expect(service.pending()).toBeUndefined();
    expect(service.current()).toMatchObject({ revision: 3 });
    expect(engine.running?.params.SS_SIP_TIMEOUT_INVITE).toBe(20);
  });

  it('disk full: STORAGE_FAILED says so', async () => {
    const { db, engine, service } = setup();
    await service.apply({ baseRevision: 0, ops: [setInvite(20)] }, alice);
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    // The snapshot with 200 gateways needs pages the file may no longer grow by.
    const ops = Array.from({ length: 200 }, (_, i) => ({ op: 'routingGateway.upsert' as const, gateway: RoutingGatewaySchema.parse({ name: `gw${i}`, addresses: [{ host: '127.0.0.3' }] }) }));
    const e = await failure(service.apply({ baseRevision: 1, ops }, alice));
    expect(e.code).toBe('STORAGE_FAILED');
    expect(e.message).toMatch(/^the disk holding the configuration store \/var\/lib\/switch-agent\/agent\.db is full \(SQLITE_FULL\)/);
    expect(service.current().revision).toBe(1);
    expect(engine.running?.params.SS_SIP_TIMEOUT_INVITE).toBe(20);
  });

  it("the engine's table database: a SQLite failure inside the engine apply is STORAGE_FAILED for that database", async () => {
    const db = new Database(':memory:');
    db.pragma('query_only = 1');
    let cause: unknown;
    try {
      db.exec('CREATE TABLE t (x)');
    } catch (e) {
      cause = e;
    }
    const failing = engineApplier({
      plan: () => [],
      apply: () => Promise.reject(new EngineError('engine apply (tables): attempt to write a readonly database', [], { cause })),
    } as never);
    const recording = new RecordingEngine();
    const { service } = setup({ plan: recording.plan.bind(recording), apply: failing.apply } as RecordingEngine);
    const e = await failure(service.apply({ baseRevision: 0, ops: [setInvite(20)] }, alice));
    expect(e.code).toBe('STORAGE_FAILED');
    expect(e.message).toMatch(/^the engine's table database \/var\/lib\/switch-agent\/engine\/engine\.sqlite is read-only \(SQLITE_READONLY\); nothing was changed; revision 0/);
    expect(service.current().revision).toBe(0);
  });

  it('handlers outside the apply pipeline answer STORAGE_FAILED instead of INTERNAL', async () => {
    const storage = new StorageErrors(PATHS);
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const handlers = withStorageErrors(
      {
        sync: () => {
          throw full;
        },
        async: () => Promise.reject(full),
        fine: () => 1,
        refused: () => {
          throw new RpcError('NOT_FOUND', 'no such revision');
        },
      },
      storage,
    );
    expect(() => handlers.sync()).toThrow(/^the disk holding the configuration store .* is full \(SQLITE_FULL\); nothing was changed$/);
    await expect(handlers.async()).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    expect(handlers.fine()).toBe(1);
    expect(() => handlers.refused()).toThrow(/no such revision/);
  });

  it('classifies SQLite and file-system codes through the cause chain; other errors are not storage failures', () => {
    const wrapped = new Error('outer', { cause: Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }) });
    expect(storageCause(wrapped)).toEqual({ cause: 'io-error', code: 'SQLITE_IOERR_WRITE' });
    expect(storageCause(Object.assign(new Error('x'), { code: 'EROFS' }))).toEqual({ cause: 'read-only', code: 'EROFS' });
    expect(storageCause(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toEqual({ cause: 'other', code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(storageCause(new Error('kamailio -c rejected the configuration'))).toBeNull();
    expect(storageCause(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBeNull();
  });
});
