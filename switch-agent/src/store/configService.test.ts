import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RpcError } from '@shared/rpc/errors';
import type { Author } from '@shared/rpc/agentApi';
import type { ConfigOp } from '@shared/model';
import { RoutingGatewaySchema } from '@shared/model';
import { mgw } from '../../../test/doubles/shared/configFixtures';
import { CATALOG } from '@shared/catalog';
import { makeService, settle } from '../../../test/doubles/agent/store';

const alice: Author = { user: 'alice', role: 'admin' };
const bob: Author = { user: 'bob', role: 'admin' };
const setInvite = (v: number): ConfigOp => ({ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: v });
const gw = (name: string, priority = 0) => RoutingGatewaySchema.parse({ name, priority, addresses: [{ host: '127.0.0.3' }] });

async function rpcError(p: Promise<unknown>): Promise<RpcError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcError) return e;
    throw e;
  }
  throw new Error('expected an RpcError');
}

describe('ConfigService.apply', () => {
  it('records a revision, applies it to the engine and tells every client', async () => {
    const { service, engine, events } = makeService();
    const r = await service.apply({ baseRevision: 0, ops: [setInvite(20)], comment: 'longer' }, alice);
    expect(r.revision).toBe(1);
    // A parameter at its default has no stored value, so `before` is absent.
    expect(r.changes).toEqual([{ path: 'params.SS_SIP_TIMEOUT_INVITE', after: 20 }]);
    expect(service.current().params.SS_SIP_TIMEOUT_INVITE).toBe(20);
    expect(engine.running?.params.SS_SIP_TIMEOUT_INVITE).toBe(20);
    expect(events).toEqual([{ revision: 1, hash: r.hash, author: alice, kind: 'apply', status: 'confirmed' }]);
  });

  it('a dry run plans and reports but changes nothing', async () => {
    const { service, engine } = makeService();
    const r = await service.apply({ baseRevision: 0, ops: [setInvite(20)], dryRun: true }, alice);
    expect(r).toMatchObject({ revision: 1, dryRun: true });
    expect(r.plan.length).toBe(1);
    expect(service.current().revision).toBe(0);
    expect(engine.applied).toEqual([]);
  });

  it('an invalid value changes nothing and the error names the field', async () => {
    const { service, engine } = makeService();
    const e = await rpcError(service.apply({ baseRevision: 0, ops: [setInvite(9999)] }, alice));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toContain('params.SS_SIP_TIMEOUT_INVITE');
    expect((e.data as { errors: { path: string }[] }).errors[0]?.path).toBe('params.SS_SIP_TIMEOUT_INVITE');
    expect(service.current().revision).toBe(0);
    expect(engine.applied).toEqual([]);
  });

  it('cross-parameter errors block the apply too', async () => {
    const { service } = makeService();
    const e = await rpcError(
      service.apply({ baseRevision: 0, ops: [{ op: 'param.set', name: 'SS_RTPENCRYPTIONMODE', value: '3' }, { op: 'param.set', name: 'SS_RTPENCRYPTIONKEY', value: 'short' }] }, alice),
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toMatch(/SS_RTPENCRYPTIONKEY/);
  });

  it('an unknown base revision is NOT_FOUND', async () => {
    const { service } = makeService();
    expect((await rpcError(service.apply({ baseRevision: 7, ops: [] }, alice))).code).toBe('NOT_FOUND');
  });

  it('an apply that changes nothing records nothing', async () => {
    const { service, events } = makeService();
    const r = await service.apply({ baseRevision: 0, ops: [setInvite(10)] }, alice);
    expect(r.revision).toBe(0);
    expect(events).toEqual([]);
  });

  it('when the engine refuses, the previous revision stays in effect in the store and the engine', async () => {
    const { service, engine, audit } = makeService();
    await service.apply({ baseRevision: 0, ops: [setInvite(20)] }, alice);
    engine.failNext = 1;
    const e = await rpcError(service.apply({ baseRevision: 1, ops: [setInvite(30)] }, alice));
    expect(e.code).toBe('ENGINE_FAILED');
    expect(e.data).toMatchObject({ rolledBackTo: 1, action: { target: 'kamailio' } });
    expect(service.current().revision).toBe(1);
    expect(engine.running?.params.SS_SIP_TIMEOUT_INVITE).toBe(20);
    expect(audit.recent(1)[0]).toMatchObject({ action: 'config.apply', outcome: 'failed' });
  });
});

describe('honest warnings', () => {
  it('an apply that sets a gateway setting the engine only stores says so, naming the field', async () => {
    const { service } = makeService();
    const gateway = RoutingGatewaySchema.parse({ name: 'gw-a', addresses: [{ host: '127.0.0.3' }], cpsLimit: 20, allowPublish: true, registration: { enabled: true, username: 'u', password: { set: true, value: 'pw' }, realm: '', expirySec: null } });
    const mapping = mgw('m1', { onlineCheckIntervalSec: 30 });
    const r = await service.apply({ baseRevision: 0, ops: [{ op: 'routingGateway.upsert', gateway }, { op: 'mappingGateway.upsert', gateway: mapping }] }, alice);
    expect(r.warnings).toEqual([{ path: 'mappingGateways[m1].onlineCheckIntervalSec', message: expect.stringMatching(/^Stored only/) }]);
  });

  // Whichever choice parameter is still stored only (the list shrinks as the engine learns them).
  const stored = CATALOG.find((p) => p.engine.status === 'stored' && p.type.kind === 'enum');
  it.skipIf(!stored)('an apply that sets a system parameter the engine only stores says so; an enforced one does not', async () => {
    const { service } = makeService();
    const value = stored!.type.kind === 'enum' ? stored!.type.options.find((o) => o.value !== stored!.default)!.value : '';
    const r = await service.apply({ baseRevision: 0, ops: [
      { op: 'param.set', name: stored!.name, value },
      { op: 'param.set', name: 'SS_AUTHENTICATION_MAX_RETRY', value: 3 },
      // An encryption mode needs its key (a cross-parameter rule); the key is stored only too.
      ...(stored!.name === 'SS_RTPENCRYPTIONMODE' ? [{ op: 'param.set' as const, name: 'SS_RTPENCRYPTIONKEY', value: 'k3y' }] : []),
    ] }, alice);
    expect(r.warnings.map((w) => w.path)).toContain(`params.${stored!.name}`);
    expect(r.warnings.every((w) => /^Stored only/.test(w.message)), JSON.stringify(r.warnings)).toBe(true);
    expect(r.warnings.map((w) => w.path)).not.toContain('params.SS_AUTHENTICATION_MAX_RETRY');
  });
});

describe('two clients changing the same server', () => {
  it('disjoint changes from the same base both land', async () => {
    const { service } = makeService();
    await service.apply({ baseRevision: 0, ops: [{ op: 'routingGateway.upsert', gateway: gw('gw-a') }] }, alice);
    const [a, b] = await Promise.all([
      service.apply({ baseRevision: 1, ops: [setInvite(20)] }, alice),
      service.apply({ baseRevision: 1, ops: [{ op: 'routingGateway.upsert', gateway: gw('gw-a', 5) }] }, bob),
    ]);
    expect([a.revision, b.revision]).toEqual([2, 3]);
    const cur = service.current();
    expect(cur.params.SS_SIP_TIMEOUT_INVITE).toBe(20);
    expect(cur.routingGateways[0]?.priority).toBe(5);
  });

  it('the same field changed differently: the second gets a conflict, not a lost update', async () => {
    const { service } = makeService();
    const results = await Promise.allSettled([
      service.apply({ baseRevision: 0, ops: [setInvite(20)] }, alice),
      service.apply({ baseRevision: 0, ops: [setInvite(30)] }, bob),
    ]);
    expect(results[0].status).toBe('fulfilled');
    const second = results[1];
    expect(second.status).toBe('rejected');
    const e = (second as PromiseRejectedResult).reason as RpcError;
    expect(e.code).toBe('CONFLICT');
    expect(e.data).toMatchObject({ currentRevision: 1, conflicts: [{ path: 'params.SS_SIP_TIMEOUT_INVITE', mine: 30, theirs: 20 }] });
    expect(service.current().params.SS_SIP_TIMEOUT_INVITE).toBe(20);
  });
});

describe('confirm or roll back', () => {
  it('rolls back by itself when the deadline passes, engine included', async () => {
    const { service, clock, engine, events } = makeService();
    await service.apply({ baseRevision: 0, ops: [setInvite(20)] }, alice);
    const r = await service.apply({ baseRevision: 1, ops: [setInvite(30)], confirmWithinSec: 60 }, alice);
    expect(r.pendingConfirmUntil).toBe('2026-01-01T00:01:00.000Z');
    expect(service.pending()?.revision).toBe(2);
    clock.advance(59_000);
    await settle();
    expect(service.current().revision).toBe(2);
    clock.advance(1_000);
    await settle();
    const cur = service.current();
    expect(cur.revision).toBe(3);
    expect(cur.params.SS_SIP_TIMEOUT_INVITE).toBe(20);
    expect(engine.running?.params.SS_SIP_TIMEOUT_INVITE).toBe(20);
    expect(service.pending()).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ revision: 3, kind: 'auto-rollback', author: { user: 'switch-agent' } });
  });

  it('a confirmation in time keeps the revision and cancels the timer', async () => {
    const { service, clock } = makeService();
    await service.apply({ baseRevision: 0, ops: [setInvite(30)], confirmWithinSec: 60 }, alice);
    await service.confirm(1, alice);
    clock.advance(120_000);
    await settle();
    expect(service.current()).toMatchObject({ revision: 1 });
    expect(clock.liveTimers).toBe(0);
  });

  it('confirming anything but the pending revision is refused', async () => {
    const { service } = makeService();
    expect((await rpcError(service.confirm(1, alice))).code).toBe('NO_PENDING_CONFIRMATION');
    await service.apply({ baseRevision: 0, ops: [setInvite(30)], confirmWithinSec: 60 }, alice);
    expect((await rpcError(service.confirm(2, alice))).message).toMatch(/revision 1 is the one waiting/);
  });

  it('other changes wait for the pending revision to be settled', async () => {
    const { service } = makeService();
    await service.apply({ baseRevision: 0, ops: [setInvite(30)], confirmWithinSec: 60 }, alice);
    const e = await rpcError(service.apply({ baseRevision: 1, ops: [setInvite(40)] }, bob));
    expect(e.code).toBe('BUSY');
    expect(e.message).toMatch(/revision 1 by alice is waiting for confirmation/);
  });

  it('an explicit rollback of a pending revision supersedes it', async () => {
    const { service, clock } = makeService();
    await service.apply({ baseRevision: 0, ops: [setInvite(30)], confirmWithinSec: 60 }, alice);
    const r = await service.rollback({ toRevision: 0 }, alice);
    expect(r.revision).toBe(2);
    expect(service.pending()).toBeUndefined();
    expect(service.current().params.SS_SIP_TIMEOUT_INVITE).toBeUndefined();
    expect(clock.liveTimers).toBe(0);
  });

  it('a deadline that passed while the agent was down is rolled back at start-up', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-store-'));
    const file = path.join(dir, 'agent.db');
    const first = makeService(new Database(file));
    await first.service.apply({ baseRevision: 0, ops: [setInvite(20)] }, alice);
    await first.service.apply({ baseRevision: 1, ops: [setInvite(30)], confirmWithinSec: 30 }, alice);
    first.db.close(); // the agent "crashes" with revision 2 pending

    const later = makeService(new Database(file));
    later.clock.advance(Date.parse('2026-01-01T00:05:00Z') - later.clock.now().getTime());
    later.service.recoverPendingOnStartup();
    expect(later.service.current()).toMatchObject({ revision: 3, params: { SS_SIP_TIMEOUT_INVITE: 20 } });
    expect(later.service.pending()).toBeUndefined();
  });

  it('a deadline still ahead at start-up is armed again', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-store-'));
    const file = path.join(dir, 'agent.db');
    const first = makeService(new Database(file));
    await first.service.apply({ baseRevision: 0, ops: [setInvite(30)], confirmWithinSec: 60 }, alice);
    first.db.close();

    const later = makeService(new Database(file));
    later.clock.advance(10_000);
    later.service.recoverPendingOnStartup();
    expect(later.service.pending()?.revision).toBe(1);
    later.clock.advance(50_000);
    await settle();
    expect(later.service.current()).toMatchObject({ revision: 2 });
    expect(later.service.current().params.SS_SIP_TIMEOUT_INVITE).toBeUndefined();
  });

  it('if the engine cannot take the rollback, the revision stays pending and is retried', async () => {
    const { service, clock, engine, errors } = makeService();
    await service.apply({ baseRevision: 0, ops: [setInvite(30)], confirmWithinSec: 10 }, alice);
    engine.failNext = 1;
    clock.advance(10_000);
    await settle();
    expect(service.pending()?.revision).toBe(1);
    expect(errors[0]).toMatch(/automatic rollback failed/);
    clock.advance(5_000);
    await settle();
    expect(service.pending()).toBeUndefined();
    expect(service.current().revision).toBe(2);
  });
});

describe('rollback to any revision', () => {
  it('records a new revision with the old content', async () => {
    const { service } = makeService();
    await service.apply({ baseRevision: 0, ops: [setInvite(20)] }, alice);
    await service.apply({ baseRevision: 1, ops: [setInvite(30)] }, alice);
    const r = await service.rollback({ toRevision: 1, comment: 'too long' }, bob);
    expect(r.revision).toBe(3);
    expect(service.current().params.SS_SIP_TIMEOUT_INVITE).toBe(20);
    expect(service.current().hash).toBe(service.snapshotAt(1).hash);
    expect((await rpcError(service.rollback({ toRevision: 42 }, bob))).code).toBe('NOT_FOUND');
  });
});
