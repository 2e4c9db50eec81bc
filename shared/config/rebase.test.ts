import { describe, expect, it } from 'vitest';
import type { ConfigOp } from '../model/ops';
import { redactSnapshot } from '../model/redact';
import type { ConfigSnapshot } from '../model/snapshot';
import { applyOps } from './apply';
import { describeChanges, diffSnapshots } from './diff';
import { rebase, resolveConflicts } from './rebase';
import { mgw, rgw, snap } from '../../test/doubles/shared/configFixtures';

const base = snap({
  params: { SS_SIP_TIMEOUT_INVITE: 20 },
  routingGateways: [rgw('gw-a', { priority: 1, maxConcurrentCalls: 10 }), rgw('gw-b')],
  mappingGateways: [mgw('cust', { allowedRoutingGateways: ['gw-a'] })],
});

function edited(s: ConfigSnapshot, ops: ConfigOp[]): ConfigSnapshot {
  const r = applyOps(s, ops);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.snapshot;
}
const upsertA = (patch: Partial<ReturnType<typeof rgw>>): ConfigOp => ({ op: 'routingGateway.upsert', gateway: { ...rgw('gw-a', { priority: 1, maxConcurrentCalls: 10 }), ...patch } });

describe('rebase', () => {
  it('merges edits of different fields of the same gateway', () => {
    const theirs = edited(base, [upsertA({ priority: 5 })]);
    const r = rebase(base, theirs, [upsertA({ maxConcurrentCalls: 99 })]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const gw = r.snapshot.routingGateways.find((g) => g.name === 'gw-a');
    expect([gw?.priority, gw?.maxConcurrentCalls]).toEqual([5, 99]);
    expect(r.ops).toEqual([upsertA({ priority: 5, maxConcurrentCalls: 99 })]);
  });

  it('reports a field both sides changed differently, with base, mine and theirs', () => {
    const theirs = edited(base, [upsertA({ maxConcurrentCalls: 20 })]);
    const r = rebase(base, theirs, [upsertA({ maxConcurrentCalls: 30 })]);
    expect(r).toEqual({ ok: false, errors: [], conflicts: [{ path: 'routingGateways[gw-a].maxConcurrentCalls', base: 10, mine: 30, theirs: 20 }] });
  });

  it('reports a parameter both sides changed, including a reset against a change', () => {
    const theirs = edited(base, [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 30 }]);
    const r = rebase(base, theirs, [{ op: 'param.reset', name: 'SS_SIP_TIMEOUT_INVITE' }]);
    expect(r).toEqual({ ok: false, errors: [], conflicts: [{ path: 'params.SS_SIP_TIMEOUT_INVITE', base: 20, theirs: 30 }] });
  });

  it('treats the same change on both sides as no conflict', () => {
    const ops: ConfigOp[] = [upsertA({ priority: 3 }), { op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 12 }];
    const r = rebase(base, edited(base, ops), ops);
    expect(r.ok && r.ops).toEqual([]);
  });

  it('reports deleting a gateway the other side edited, in both directions, as one conflict on the gateway', () => {
    const edit = [upsertA({ priority: 9 })];
    const del: ConfigOp[] = [{ op: 'routingGateway.delete', name: 'gw-a' }];
    const r1 = rebase(base, edited(base, edit), del);
    const r2 = rebase(base, edited(base, del), edit);
    expect(!r1.ok && r1.conflicts.map((c) => [c.path, c.mine === undefined, c.theirs === undefined])).toEqual([['routingGateways[gw-a]', true, false]]);
    expect(!r2.ok && r2.conflicts.map((c) => [c.path, c.mine === undefined, c.theirs === undefined])).toEqual([['routingGateways[gw-a]', false, true]]);
  });

  it('accepts deleting a gateway the other side left alone, or also deleted', () => {
    const del: ConfigOp[] = [{ op: 'routingGateway.delete', name: 'gw-b' }];
    const r1 = rebase(base, edited(base, [upsertA({ priority: 2 })]), del);
    expect(r1.ok && r1.ops).toEqual(del);
    const r2 = rebase(base, edited(base, del), del);
    expect(r2.ok && r2.ops).toEqual([]);
  });

  it('reports differing fields when both sides create a gateway with the same name', () => {
    const theirs = edited(base, [{ op: 'routingGateway.upsert', gateway: rgw('gw-new', { priority: 1 }) }]);
    const r = rebase(base, theirs, [{ op: 'routingGateway.upsert', gateway: rgw('gw-new', { priority: 2 }) }]);
    expect(!r.ok && r.conflicts.map((c) => c.path)).toEqual(['routingGateways[gw-new].priority']);
  });

  it('returns the errors of ops that do not apply to the base', () => {
    const r = rebase(base, base, [{ op: 'routingGateway.delete', name: 'missing' }]);
    expect(r).toEqual({ ok: false, conflicts: [], errors: [{ path: 'routingGateways[missing]', message: 'there is no routing gateway named missing', reason: { code: 'item.missing', values: { collection: 'routingGateways', name: 'missing' } } }] });
  });

  it('keeps a password typed into a draft whose base was read redacted', () => {
    const withSecret = snap({ mappingGateways: [mgw('cust', { authMode: 'password', ips: [], username: 'u', password: { set: true, value: 'old' } })] });
    const wireBase = redactSnapshot(withSecret) as ConfigSnapshot;
    const gw = wireBase.mappingGateways[0];
    if (!gw) throw new Error('fixture');
    const ops: ConfigOp[] = [{ op: 'mappingGateway.upsert', gateway: { ...gw, password: { set: true, value: 'new' } } }];
    const theirs = edited(wireBase, [{ op: 'mappingGateway.upsert', gateway: { ...gw, notes: 'edited elsewhere' } }]);
    const r = rebase(wireBase, theirs, ops);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.mappingGateways[0]).toMatchObject({ notes: 'edited elsewhere', password: { set: true, value: 'new' } });
    // Applied on the agent's full copy, the rebased ops change the password.
    const onAgent = applyOps(withSecret, r.ops);
    expect(onAgent.ok && onAgent.snapshot.mappingGateways[0]?.password).toEqual({ set: true, value: 'new' });
    // Diffs and conflicts never show the value.
    expect(JSON.stringify(describeChanges(withSecret, r.snapshot))).not.toContain('new"');
  });
});

describe('resolveConflicts', () => {
  const theirs = edited(base, [upsertA({ maxConcurrentCalls: 20 }), { op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 30 }]);
  const mine: ConfigOp[] = [upsertA({ maxConcurrentCalls: 30, priority: 4 }), { op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 40 }];

  it('settles each conflict by its path and yields ops that apply cleanly to theirs', () => {
    const r = resolveConflicts(base, theirs, mine, { 'routingGateways[gw-a].maxConcurrentCalls': 'mine', 'params.SS_SIP_TIMEOUT_INVITE': 'theirs' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const gw = r.snapshot.routingGateways.find((g) => g.name === 'gw-a');
    expect([gw?.maxConcurrentCalls, gw?.priority, r.snapshot.params.SS_SIP_TIMEOUT_INVITE]).toEqual([30, 4, 30]);
    const again = rebase(theirs, theirs, r.ops);
    expect(again.ok).toBe(true);
    expect(diffSnapshots(theirs, r.snapshot)).toEqual(r.ops);
  });

  it('returns conflicts left without a choice', () => {
    const r = resolveConflicts(base, theirs, mine, { 'params.SS_SIP_TIMEOUT_INVITE': 'mine' });
    expect(!r.ok && r.conflicts.map((c) => c.path)).toEqual(['routingGateways[gw-a].maxConcurrentCalls']);
  });

  it('settles a delete/edit conflict for the whole gateway', () => {
    const t = edited(base, [upsertA({ priority: 9 })]);
    const r = resolveConflicts(base, t, [{ op: 'routingGateway.delete', name: 'gw-a' }], { 'routingGateways[gw-a]': 'mine' });
    expect(r.ok && r.ops).toEqual([{ op: 'routingGateway.delete', name: 'gw-a' }]);
  });
});
