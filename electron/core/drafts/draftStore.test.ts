import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '@shared/config';
import { rgw, snap } from '../../../test/doubles/shared/configFixtures';
import type { ConfigOp } from '@shared/model/ops';
import { redactSnapshot } from '@shared/model/redact';
import { RpcError } from '@shared/rpc/errors';
import { DraftSchema } from '@shared/rpc/hostApi';
import { openHostDb } from '../db/openHostDb';
import { ServerRegistry } from '../servers/serverRegistry';
import { DraftStore, toHostDraft } from './draftStore';

function setup() {
  const db = openHostDb({ memory: true });
  let t = Date.parse('2025-01-01T00:00:00Z');
  let n = 0;
  const now = () => new Date((t += 1000));
  const servers = new ServerRegistry(db, { now });
  const store = new DraftStore(db, { now, newId: () => `draft-${++n}` });
  const a = servers.add({ name: 'a', host: 'a', username: 'u', auth: { kind: 'agent' } });
  const b = servers.add({ name: 'b', host: 'b', username: 'u', auth: { kind: 'agent' } });
  return { store, servers, a: a.id, b: b.id };
}

const setTimeout30: ConfigOp = { op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 30 };
const addGw: ConfigOp = { op: 'routingGateway.upsert', gateway: rgw('carrier-x', { priority: 2 }) };

describe('DraftStore (no connection)', () => {
  it('starts on the empty revision 0 for a server never reached, and diffs against it', () => {
    const { store, a } = setup();
    const d = store.create(a, { title: 'first' });
    expect(d).toMatchObject({ serverId: a, baseRevision: 0, baseHash: emptySnapshot().hash, baseSource: 'empty', ops: [], version: 0, pushed: null });
    const { draft, errors } = store.update(d.id, { ops: [setTimeout30, addGw] }, 0);
    expect(errors).toEqual([]);
    expect(draft.version).toBe(1);
    const diff = store.diffAgainstBase(d.id);
    expect(diff.changes.map((c) => c.path)).toEqual(['params.SS_SIP_TIMEOUT_INVITE', 'routingGateways[carrier-x]']);
    expect(diff.changes[0]).toEqual({ path: 'params.SS_SIP_TIMEOUT_INVITE', after: 30 });
    expect(DraftSchema.parse(toHostDraft(draft))).toEqual(toHostDraft(draft));
  });

  it('starts on the last cached snapshot of that server when there is one', () => {
    const { store, a, b } = setup();
    const cached = redactSnapshot(snap({ revision: 7, params: { SS_SIP_TIMEOUT_INVITE: 20 } }));
    store.cacheSnapshot(a, cached);
    const d = store.create(a);
    expect(d).toMatchObject({ baseRevision: 7, baseHash: cached.hash, baseSource: 'cache' });
    expect(d.baseSnapshot).toEqual(cached);
    store.update(d.id, { ops: [setTimeout30] });
    expect(store.diffAgainstBase(d.id).changes).toEqual([{ path: 'params.SS_SIP_TIMEOUT_INVITE', before: 20, after: 30 }]);
    expect(store.create(b).baseSource).toBe('empty');
  });

  it('marks a push with one time stamp, so "not edited since the push" is pushed.at >= updatedAt', () => {
    const { store, a } = setup();
    const d = store.create(a);
    const pushed = store.markPushed(d.id, { revision: 4, hash: 'c'.repeat(64) });
    expect(pushed.pushed).toEqual({ revision: 4, hash: 'c'.repeat(64), at: pushed.updatedAt });
    const edited = store.update(d.id, { title: 'later edit' }).draft;
    expect(edited.pushed !== null && edited.pushed.at < edited.updatedAt).toBe(true);
  });

  it('saves ops that do not apply, and reports why with field paths', () => {
    const { store, a } = setup();
    const d = store.create(a);
    const { draft, errors } = store.update(d.id, { ops: [{ op: 'routingGateway.delete', name: 'ghost' }] });
    expect(draft.ops).toHaveLength(1);
    expect(errors.map((e) => e.path)).toEqual(['routingGateways[ghost]']);
  });

  it('refuses malformed ops naming the field, and stale versions with CONFLICT', () => {
    const { store, a } = setup();
    const d = store.create(a);
    try {
      store.update(d.id, { ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE' }] });
      expect.unreachable();
    } catch (err) {
      expect(RpcError.is(err, 'VALIDATION_FAILED')).toBe(true);
      expect((err as RpcError).data).toMatchObject({ errors: [{ path: 'ops[0].value' }] });
    }
    store.update(d.id, { title: 'one' }, 0);
    expect(() => store.update(d.id, { title: 'two' }, 0)).toThrow(/changed elsewhere/);
    expect(store.require(d.id).title).toBe('one');
    expect(() => store.update(d.id, { title: 'x'.repeat(201) })).toThrow(RpcError);
  });

  it('lists per server newest first, discards, and refuses unknown servers and drafts', () => {
    const { store, a, b } = setup();
    const d1 = store.create(a);
    const d2 = store.create(b);
    const d3 = store.create(a);
    expect(store.list(a).map((d) => d.id)).toEqual([d3.id, d1.id]);
    expect(store.list().map((d) => d.id)).toEqual([d3.id, d2.id, d1.id]);
    store.discard(d1.id);
    expect(store.list(a).map((d) => d.id)).toEqual([d3.id]);
    expect(() => store.discard(d1.id)).toThrow(/no draft/);
    expect(() => store.create('unknown')).toThrow(/no saved server/);
  });

  it('keeps drafts of a forgotten server', () => {
    const { store, servers, a } = setup();
    const d = store.create(a, { ops: [setTimeout30] });
    servers.remove(a);
    expect(store.require(d.id).ops).toEqual([setTimeout30]);
  });
});
