import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '@shared/config';
import { mgw, rgw, snap } from '../../../test/doubles/shared/configFixtures';
import type { ConfigOp } from '@shared/model/ops';
import { RpcError } from '@shared/rpc/errors';
import { PushResultSchema } from '@shared/rpc/hostApi';
import { openHostDb } from '../db/openHostDb';
import { ServerRegistry } from '../servers/serverRegistry';
import type { AgentCaller } from './agentCaller';
import { DraftStore } from './draftStore';
import { DEFAULT_FLEET_CONCURRENCY, fleetPush, type FleetProgress } from './fleetPush';
import { confirmOverFreshConnection, previewPush, pushDraft, resolveDraft } from './push';
import { FakeAgentServer, FakeFleet } from '../../../test/doubles/host/fakeAgentServer';

const gwA = (patch: Parameters<typeof rgw>[1] = {}) => rgw('gw-a', { priority: 1, maxConcurrentCalls: 10, ...patch });
const upsertA = (patch: Parameters<typeof rgw>[1]): ConfigOp => ({ op: 'routingGateway.upsert', gateway: gwA(patch) });
const setInvite = (value: number): ConfigOp => ({ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value });
const base1 = () => snap({ revision: 1, params: { SS_SIP_TIMEOUT_INVITE: 20 }, routingGateways: [gwA(), rgw('gw-b')] });

function setup(names: string[] = ['s1']) {
  const db = openHostDb({ memory: true });
  const registry = new ServerRegistry(db);
  const store = new DraftStore(db);
  const fleet = new FakeFleet();
  const ids = names.map((name) => registry.add({ name, host: `${name}.example.net`, username: 'ops', auth: { kind: 'agent' } }).id);
  return { store, fleet, ids, id: ids[0] as string };
}

const gwOn = (s: FakeAgentServer, name = 'gw-a') => s.snapshot.routingGateways.find((g) => g.name === name);

describe('push a draft to its server', () => {
  it('pushes a draft made offline on a never-reached server (base revision 0) and marks it pushed', async () => {
    const { store, fleet, id } = setup();
    const server = fleet.add(id, new FakeAgentServer(emptySnapshot()));
    const draft = store.create(id, { comment: 'first carrier', ops: [setInvite(30), upsertA({})] });
    expect(draft.baseSource).toBe('empty');
    const conn = await fleet.connect(id);
    const result = await pushDraft(store, draft.id, conn);
    expect(PushResultSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({ serverId: id, outcome: 'applied', revision: 1, hash: server.snapshot.hash });
    expect(server.snapshot.params).toEqual({ SS_SIP_TIMEOUT_INVITE: 30 });
    expect(server.calls.find((c) => c.method === 'config.apply')?.params).toMatchObject({ baseRevision: 0, comment: 'first carrier' });
    expect(store.require(draft.id).pushed).toMatchObject({ revision: 1, hash: server.snapshot.hash });
    // Reading the server refreshed the cache: the next offline draft starts there.
    expect(store.create(id)).toMatchObject({ baseSource: 'cache', baseRevision: 0 });
  });

  it('pushes an offline draft on a cached base unchanged when the server has not moved', async () => {
    const { store, fleet, id } = setup();
    const server = fleet.add(id, new FakeAgentServer(base1()));
    const conn = await fleet.connect(id);
    await previewPush(store, store.create(id).id, conn); // the app read the config once: cached
    const draft = store.create(id, { ops: [upsertA({ priority: 7 })] });
    expect(draft).toMatchObject({ baseSource: 'cache', baseRevision: 1 });
    const plan = await previewPush(store, draft.id, conn);
    expect(plan).toMatchObject({ kind: 'ready', rebased: false, baseRevision: 1, changes: [{ path: 'routingGateways[gw-a].priority', before: 1, after: 7 }] });
    const result = await pushDraft(store, draft.id, conn);
    expect(result).toMatchObject({ outcome: 'applied', revision: 2 });
    expect(gwOn(server)?.priority).toBe(7);
  });

  it('rebases over a change made meanwhile to other fields, keeping both', async () => {
    const { store, fleet, id } = setup();
    const server = fleet.add(id, new FakeAgentServer(base1()));
    const draft = store.create(id, { base: server.snapshot, ops: [upsertA({ maxConcurrentCalls: 99 })] });
    server.edit([upsertA({ priority: 5 }), setInvite(25)]);
    const conn = await fleet.connect(id);
    const plan = await previewPush(store, draft.id, conn);
    expect(plan).toMatchObject({ kind: 'ready', rebased: true, baseRevision: 2, changes: [{ path: 'routingGateways[gw-a].maxConcurrentCalls', before: 10, after: 99 }] });
    expect(await pushDraft(store, draft.id, conn)).toMatchObject({ outcome: 'applied', revision: 3 });
    expect([gwOn(server)?.priority, gwOn(server)?.maxConcurrentCalls, server.snapshot.params.SS_SIP_TIMEOUT_INVITE]).toEqual([5, 99, 25]);
  });

  it('reports per-field conflicts for fields changed meanwhile, and applies nothing', async () => {
    const { store, fleet, id } = setup();
    const server = fleet.add(id, new FakeAgentServer(base1()));
    const draft = store.create(id, { base: server.snapshot, ops: [upsertA({ maxConcurrentCalls: 30 }), setInvite(40)] });
    server.edit([upsertA({ maxConcurrentCalls: 20 }), setInvite(25)]);
    const conn = await fleet.connect(id);
    const expected = [
      { path: 'params.SS_SIP_TIMEOUT_INVITE', base: 20, mine: 40, theirs: 25 },
      { path: 'routingGateways[gw-a].maxConcurrentCalls', base: 10, mine: 30, theirs: 20 },
    ];
    expect(await previewPush(store, draft.id, conn)).toEqual({ kind: 'conflict', conflicts: expected, currentRevision: 2, currentHash: server.snapshot.hash });
    expect(await pushDraft(store, draft.id, conn)).toEqual({ serverId: id, outcome: 'conflict', conflicts: expected, currentRevision: 2 });
    expect(server.calls.some((c) => c.method === 'config.apply')).toBe(false);
    expect(server.snapshot.revision).toBe(2);
    expect(store.require(draft.id).pushed).toBeNull();
  });

  it('resolves "mine" on one field and "theirs" on another, then pushes', async () => {
    const { store, fleet, id } = setup();
    const server = fleet.add(id, new FakeAgentServer(base1()));
    const draft = store.create(id, { base: server.snapshot, ops: [upsertA({ maxConcurrentCalls: 30 }), setInvite(40)] });
    server.edit([upsertA({ maxConcurrentCalls: 20 }), setInvite(25)]);
    const conn = await fleet.connect(id);
    const partial = await resolveDraft(store, draft.id, { 'routingGateways[gw-a].maxConcurrentCalls': 'mine' }, conn);
    expect(partial).toMatchObject({ ok: false, conflicts: [{ path: 'params.SS_SIP_TIMEOUT_INVITE' }] });
    expect(store.require(draft.id).baseRevision).toBe(1);
    const resolved = await resolveDraft(store, draft.id, { 'routingGateways[gw-a].maxConcurrentCalls': 'mine', 'params.SS_SIP_TIMEOUT_INVITE': 'theirs' }, conn);
    expect(resolved.ok).toBe(true);
    const after = store.require(draft.id);
    expect(after).toMatchObject({ baseRevision: 2, baseHash: server.snapshot.hash, baseSource: 'server', version: 1 });
    expect(after.ops).toEqual([upsertA({ maxConcurrentCalls: 30 })]);
    expect(await pushDraft(store, draft.id, conn)).toMatchObject({ outcome: 'applied', revision: 3 });
    expect([gwOn(server)?.maxConcurrentCalls, server.snapshot.params.SS_SIP_TIMEOUT_INVITE]).toEqual([30, 25]);
  });

  it('returns the conflicts of the agent CONFLICT error when the server moves between read and apply', async () => {
    const { store, fleet, id } = setup();
    const server = fleet.add(id, new FakeAgentServer(base1()));
    const draft = store.create(id, { base: server.snapshot, ops: [upsertA({ priority: 9 })] });
    const conn = server.caller();
    const racing: AgentCaller = {
      call: (method, params) => {
        if (method === 'config.apply') server.edit([upsertA({ priority: 4 })]);
        return conn.call(method, params);
      },
    };
    const result = await pushDraft(store, draft.id, racing);
    expect(result).toEqual({ serverId: id, outcome: 'conflict', conflicts: [{ path: 'routingGateways[gw-a].priority', base: 1, mine: 9, theirs: 4 }], currentRevision: 2 });
  });

  it('reports the agent validation errors as invalid, and a lost connection as failed', async () => {
    const { store, fleet, id } = setup();
    const server = fleet.add(id, new FakeAgentServer(base1()));
    const draft = store.create(id, { base: server.snapshot, ops: [{ op: 'mappingGateway.upsert', gateway: mgw('cust', { allowedRoutingGateways: ['nowhere'] }) }] });
    const conn = await fleet.connect(id);
    const plan = await previewPush(store, draft.id, conn);
    expect(plan.kind === 'ready' && plan.errors.map((e) => e.path)).toEqual([expect.stringMatching(/^mappingGateways\[cust\]\.allowedRoutingGateways/)]);
    const result = await pushDraft(store, draft.id, conn);
    expect(result.outcome === 'invalid' && result.errors.map((e) => e.path)).toEqual([expect.stringMatching(/^mappingGateways\[cust\]\.allowedRoutingGateways/)]);
    conn.close();
    expect(await pushDraft(store, draft.id, conn)).toEqual({ serverId: id, outcome: 'failed', code: 'INTERNAL', message: 'connection closed' });
  });

  it('pushes provisionally and confirms over a fresh connection, which it closes', async () => {
    const { store, fleet, id } = setup();
    const server = fleet.add(id, new FakeAgentServer(base1()));
    const draft = store.create(id, { base: server.snapshot, ops: [setInvite(45)] });
    const conn = await fleet.connect(id);
    const result = await pushDraft(store, draft.id, conn, { confirmWithinSec: 60, comment: 'try it' });
    expect(result.outcome === 'applied' && typeof result.pendingConfirmUntil).toBe('string');
    conn.close();
    const revision = result.outcome === 'applied' ? result.revision : -1;
    expect(await confirmOverFreshConnection(id, revision, fleet.connect)).toEqual({ revision, status: 'confirmed' });
    expect(fleet.open).toBe(0);
    await expect(confirmOverFreshConnection(id, revision, fleet.connect)).rejects.toSatisfy((e) => RpcError.is(e, 'NO_PENDING_CONFIRMATION'));
    expect(fleet.open).toBe(0);
  });

  it('does not record an empty revision when the server already has the draft', async () => {
    const { store, fleet, id } = setup();
    const server = fleet.add(id, new FakeAgentServer(base1()));
    const draft = store.create(id, { base: server.snapshot, ops: [setInvite(33)] });
    server.edit([setInvite(33)]);
    const result = await pushDraft(store, draft.id, await fleet.connect(id));
    expect(result).toMatchObject({ outcome: 'applied', revision: 2, warnings: [{ path: '(root)' }] });
    expect(server.calls.some((c) => c.method === 'config.apply')).toBe(false);
  });
});

describe('fleetPush', () => {
  it('pushes to three servers where one is unreachable: two applied, one failed with the connection error', async () => {
    const { store, fleet, ids } = setup(['s1', 's2', 's3']);
    const [s1, s2, s3] = ids as [string, string, string];
    const servers = [s1, s3].map((sid) => fleet.add(sid, new FakeAgentServer(base1())));
    fleet.unreachable.add(s2);
    const draft = store.create(s1, { base: base1(), ops: [upsertA({ priority: 3 })] });
    const events: FleetProgress[] = [];
    const results = await fleetPush(store, draft.id, [s1, s2, s3], fleet.connect, { comment: 'fleet', onProgress: (e) => events.push(e) });
    expect(results.map((r) => [r.serverId, r.outcome])).toEqual([[s1, 'applied'], [s2, 'failed'], [s3, 'applied']]);
    expect(results[1]).toEqual({ serverId: s2, outcome: 'failed', code: 'ECONNREFUSED', message: `connect ECONNREFUSED (${s2})` });
    for (const s of servers) expect(gwOn(s)?.priority).toBe(3);
    expect(events.filter((e) => e.serverId === s1).map((e) => e.phase)).toEqual(['connecting', 'rebasing', 'applying', 'done']);
    expect(events.filter((e) => e.serverId === s2).map((e) => e.phase)).toEqual(['connecting', 'failed']);
    expect(store.require(draft.id).pushed?.revision).toBe(2);
    expect(fleet.open).toBe(0);
  });

  it("rebases on each server's own configuration; a field conflict on one server stops no other", async () => {
    const { store, fleet, ids } = setup(['s1', 's2', 's3']);
    const [s1, s2, s3] = ids as [string, string, string];
    const one = fleet.add(s1, new FakeAgentServer(base1()));
    const two = fleet.add(s2, new FakeAgentServer(base1()));
    const three = fleet.add(s3, new FakeAgentServer(base1()));
    two.edit([upsertA({ priority: 8 })]); // conflicts with the draft's priority
    three.edit([upsertA({ maxConcurrentCalls: 77 }), setInvite(15), setInvite(16)]); // other fields: kept
    const draft = store.create(s1, { base: base1(), ops: [upsertA({ priority: 3 })] });
    const results = await fleetPush(store, draft.id, [s1, s2, s3], fleet.connect, { concurrency: 2 });
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'conflict', 'applied']);
    expect(results[1]).toEqual({ serverId: s2, outcome: 'conflict', conflicts: [{ path: 'routingGateways[gw-a].priority', base: 1, mine: 3, theirs: 8 }], currentRevision: 2 });
    expect(three.calls.find((c) => c.method === 'config.apply')?.params).toMatchObject({ baseRevision: 2 });
    expect([gwOn(one)?.priority, gwOn(two)?.priority, gwOn(three)?.priority, gwOn(three)?.maxConcurrentCalls]).toEqual([3, 8, 3, 77]);
  });

  it('never has more servers in flight than the concurrency limit', async () => {
    const names = Array.from({ length: DEFAULT_FLEET_CONCURRENCY + 5 }, (_, i) => `s${i}`);
    const { store, fleet, ids } = setup(names);
    for (const sid of ids) fleet.add(sid, new FakeAgentServer(base1())).delayMs = 5;
    const draft = store.create(ids[0] as string, { base: base1(), ops: [setInvite(31)] });
    const r3 = await fleetPush(store, draft.id, ids, fleet.connect, { concurrency: 3 });
    expect(r3.every((r) => r.outcome === 'applied')).toBe(true);
    expect(fleet.maxOpen).toBe(3);
    fleet.maxOpen = 0;
    const r4 = await fleetPush(store, draft.id, ids, fleet.connect, { dryRun: true });
    expect(r4.every((r) => r.outcome === 'dry-run')).toBe(true);
    expect(fleet.maxOpen).toBe(DEFAULT_FLEET_CONCURRENCY);
    expect(fleet.open).toBe(0);
  });

  it('a server that hangs (at connect or at a call) gets its own TIMEOUT result; the others complete in its shadow', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `s${i}`);
    const { store, fleet, ids } = setup(names);
    const servers = ids.map((sid) => fleet.add(sid, new FakeAgentServer(base1())));
    const [hungAtConnect, hungAtCall] = [ids[1] as string, ids[6] as string];
    fleet.hangConnect.add(hungAtConnect);
    fleet.hangCalls.add(hungAtCall);
    let inFlight = 0;
    let maxInFlight = 0;
    const draft = store.create(ids[0] as string, { base: base1(), ops: [setInvite(33)] });
    const results = await fleetPush(store, draft.id, ids, fleet.connect, {
      concurrency: 3,
      serverDeadlineMs: 150,
      onProgress: (e) => {
        if (e.phase === 'connecting') maxInFlight = Math.max(maxInFlight, ++inFlight);
        if (e.phase === 'done' || e.phase === 'failed') inFlight--;
      },
    });
    expect(maxInFlight).toBe(3);
    const failed = results.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => r.serverId)).toEqual([hungAtConnect, hungAtCall]);
    for (const r of failed) expect(r).toMatchObject({ code: 'TIMEOUT', message: 'the server did not answer within 0.2 s' });
    expect(results.filter((r) => r.outcome === 'applied')).toHaveLength(10);
    servers.forEach((s, i) => expect(s.snapshot.params['SS_SIP_TIMEOUT_INVITE']).toBe(i === 1 || i === 6 ? 20 : 33));
    // The hung call's connection was closed when its deadline passed; the hung connect never opened one.
    expect(fleet.open).toBe(0);
  });

  it('stops starting servers once cancelled, reporting the rest as CANCELLED', async () => {
    const { store, fleet, ids } = setup(['s1', 's2', 's3']);
    for (const sid of ids) fleet.add(sid, new FakeAgentServer(base1()));
    const draft = store.create(ids[0] as string, { base: base1(), ops: [setInvite(31)] });
    const ac = new AbortController();
    const results = await fleetPush(store, draft.id, [...ids, ids[0] as string], fleet.connect, {
      concurrency: 1,
      signal: ac.signal,
      onProgress: (e) => {
        if (e.phase === 'done') ac.abort();
        throw new Error('listener bug');
      },
    });
    expect(results.map((r) => (r.outcome === 'failed' ? r.code : r.outcome))).toEqual(['applied', 'CANCELLED', 'CANCELLED']);
    expect(fleet.connects).toBe(1);
  });
});
