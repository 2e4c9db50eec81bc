/**
 * Fleet scale through the real host core (createHost) → one real sshd → 10 real switch-agents
 * (engine disabled), plus a server whose agent socket accepts and never replies and one whose
 * "sshd" accepts TCP and never answers: the status sweep and a fleet push finish for every
 * answering server and give each hanging one its own "not answering" result; live connections
 * stay within the bound (least recently used idle one closed, a server with a terminal kept).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetRow } from '@shared/rpc/fleetApi';
import { createHost, type Host } from '../../../electron/core';
import { hostCall } from '../host/hostRig';
import { startAgentFleet, SilentListener, type AgentFleet } from '../../support/agentFleet';
import { TestSshd } from '../../support/sshd';

const AGENTS = 10;
const MAX_LIVE = 4;
/**
 * How long the fleet waits for each server. Every answering server here is an SSH login (key
 * exchange, a forked sshd) plus an agent call, ten at once: on this 2-core machine under other
 * suites' load that took more than 3 s, and an answering server was then reported 'not answering'.
 * The hanging ones prove the deadline whatever its length.
 */
const FLEET_DEADLINE_MS = 8000;

describe('fleet: bounded connections and hang isolation (real sshd, real agents)', () => {
  let sshd: TestSshd;
  let fleet: AgentFleet;
  let mute: SilentListener;
  let deaf: SilentListener;
  let dir: string;
  let host: Host;
  const rows: FleetRow[] = [];
  const ids: string[] = [];
  let muteId = '';
  let deafId = '';

  const call = hostCall(() => host);
  const connectedIds = async () => (await call('servers.states', {})).states.filter((s) => s.state === 'connected').map((s) => s.serverId);

  beforeAll(async () => {
    sshd = await TestSshd.start();
    fleet = await startAgentFleet(AGENTS, sshd.user.name);
    mute = await SilentListener.start(join(fleet.dir, 'mute.sock'));
    deaf = await SilentListener.start();
    dir = await mkdtemp(join(tmpdir(), 'sd-fleet-host-'));
    host = createHost({
      dataDir: join(dir, 'host-data'),
      knownHostsReadOnlyFiles: [],
      warn: () => {},
      tuning: { sshTimeoutMs: 10_000, agentBackoff: { initialMs: 50, maxMs: 500 }, maxLiveConnections: MAX_LIVE, fleetServerDeadlineMs: FLEET_DEADLINE_MS },
    });
    host.onEvent((event, payload) => {
      if (event === 'fleet.status') rows.push(payload as FleetRow);
    });
    const add = async (name: string, agentSocketPath: string, port = sshd.port) =>
      (await call('servers.add', { server: { name, host: sshd.host, port, username: sshd.user.name, auth: { kind: 'key', keyPath: sshd.userKeyPath }, agentSocketPath } })).server.id;
    for (const [i, socket] of fleet.sockets.entries()) ids.push(await add(`agent-${i}`, socket));
    muteId = await add('mute-agent', join(fleet.dir, 'mute.sock'));
    deafId = await add('deaf-sshd', '/run/switch-agent/admin.sock', deaf.port);
    // One sshd serves them all: its host key, accepted once, is trusted for every server.
    const first = await call('servers.connect', { id: ids[0] as string });
    if (first.status !== 'hostKeyPrompt') throw new Error(`expected a host key prompt, got ${first.status}`);
    expect(await call('hostKeys.decide', { promptId: first.hostKeyPrompt.promptId, decision: 'accept-save' })).toMatchObject({ status: 'connected' });
  }, 60_000);
  afterAll(async () => {
    await host?.close();
    await mute?.stop();
    await deaf?.stop();
    await fleet?.stop();
    await sshd?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('status sweep: every answering server gets its row; the mute agent and the deaf sshd are "not answering", reported last', async () => {
    const all = [muteId, deafId, ...ids];
    const { rows: got } = await call('fleet.status', { serverIds: all });
    expect(got.map((r) => r.serverId)).toEqual(all);
    for (const r of got.slice(2)) expect(r).toMatchObject({ status: 'answering', revision: 0, pending: false });
    const answering = got.find((r) => r.status === 'answering');
    expect(answering?.status === 'answering' && answering.engines.map((e) => e.state)).toEqual(['stopped', 'stopped']);
    for (const r of got.slice(0, 2)) expect(r).toMatchObject({ status: 'not-answering', error: { code: 'not-answering', message: `the server did not answer within ${FLEET_DEADLINE_MS / 1000} s` } });
    // Events came row by row, the answering ones first although the hanging ones were asked first.
    expect(rows.map((r) => r.serverId).sort()).toEqual([...all].sort());
    expect(rows.slice(-2).map((r) => r.serverId).sort()).toEqual([muteId, deafId].sort());
    // One-off sweep connections hold no place among the live ones.
    expect(await connectedIds()).toEqual([ids[0]]);
  });

  it(`keeps at most ${MAX_LIVE} live connections: the least recently used idle one is closed, one with a terminal is kept`, async () => {
    const { terminalId } = await call('terminal.open', { serverId: ids[0] as string, cols: 80, rows: 24 });
    for (const id of ids.slice(1, 7)) {
      expect(await call('servers.connect', { id })).toMatchObject({ status: 'connected' });
      expect((await connectedIds()).length).toBeLessThanOrEqual(MAX_LIVE);
    }
    // ids[0] has the terminal; of the others the last three connected stay.
    expect((await connectedIds()).sort()).toEqual([ids[0], ...ids.slice(4, 7)].sort());
    const states = (await call('servers.states', {})).states;
    expect(states.find((s) => s.serverId === ids[1])).toMatchObject({ state: 'disconnected', closedIdle: true });
    // A call on a kept server marks it used: the next connect closes another one.
    await call('agent.call', { serverId: ids[4] as string, method: 'config.get', params: {} });
    await call('servers.connect', { id: ids[7] as string });
    expect((await connectedIds()).sort()).toEqual([ids[0], ids[4], ids[6], ids[7]].sort());
    await call('terminal.close', { terminalId });
  });

  it('fleet push of one parameter: every answering agent applies it; each hanging server is its own TIMEOUT result', async () => {
    const { draft } = await call('drafts.create', { serverId: ids[0] as string, title: 'fleet invite timeout' });
    await call('drafts.update', { id: draft.id, expectedVersion: draft.version, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 25 }] });
    const { results } = await call('drafts.fleetPush', { id: draft.id, serverIds: [muteId, ...ids, deafId] });
    expect(results.map((r) => r.outcome)).toEqual(['failed', ...ids.map(() => 'applied'), 'failed']);
    for (const r of [results[0], results.at(-1)]) expect(r).toMatchObject({ outcome: 'failed', code: 'TIMEOUT', message: `the server did not answer within ${FLEET_DEADLINE_MS / 1000} s` });
    for (const a of fleet.agents) expect(a.service.current().params['SS_SIP_TIMEOUT_INVITE']).toBe(25);
    expect((await connectedIds()).length).toBeLessThanOrEqual(MAX_LIVE);
  });
});
