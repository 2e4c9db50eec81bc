// Current calls through the real agent, Kamailio, rtpengine and sipp: concurrent calls appear in
// the `calls` topic and calls.list with the gateways they took, the answer's codec and rtpengine's
// media; calls.hangup ends both legs (each sipp receives the BYE and exits cleanly), is audited, and
// the call records say "admin".
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call, CallChange } from '@shared/rpc/callsApi';
import type { AgentClient } from '../../../electron/core/agent';
import { freeUdpPort, haveBinary, run, type RunResult, SETTLE_MS, waitFor } from '../engine/procs';
import { uacAwaitByeXml } from '../engine/scenarioXml';
import { rpcFailure, startTestAgent, type TestAgent } from './agentHarness';
import { routeCallsThrough } from './builtAgent';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const CALLER = '127.0.0.2';
const GW = '127.0.0.4';
const CALLS = 3;

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`current calls integration tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('current calls through the real engine', () => {
  let t: TestAgent;
  let admin: AgentClient;
  let view: AgentClient;
  let gwPort: number;

  beforeAll(async () => {
    t = await startTestAgent();
    gwPort = await freeUdpPort(GW);
    admin = await t.client('admin', 'alice');
    await routeCallsThrough(admin, CALLER, { host: GW, port: gwPort });
    view = await t.client('view', 'watcher');
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('shows concurrent calls with their gateways and media, and a hang-up ends both legs', async () => {
    const live = new Map<string, Call>();
    const gone: string[] = [];
    let synced = 0;
    await view.subscribe('calls', {}, {
      window: 16,
      onItems: (items) => {
        for (const c of items as CallChange[]) {
          if (c.kind === 'call') live.set(c.call.id, c.call);
          else if (c.kind === 'gone') { live.delete(c.id); gone.push(c.callId); }
          else synced++;
        }
      },
    });
    await waitFor('the first synced marker', SETTLE_MS, () => (synced > 0 ? true : undefined));
    expect(live.size).toBe(0);

    // Callee and caller both stay in the call until someone else sends BYE.
    const uas: Promise<RunResult> = run('sipp', ['-sf', join(SCENARIOS, 'uas_answer.xml'), '-i', GW, '-p', String(gwPort), '-m', String(CALLS), '-nostdin', '-timeout', '60s'], t.dir, 70_000);
    const uacXml = join(t.dir, 'uac-await-bye.xml');
    writeFileSync(uacXml, uacAwaitByeXml());
    const uac = run('sipp', ['-sf', uacXml, '-i', CALLER, '-s', '1555', `${t.sip.host}:${t.sip.port}`, '-m', String(CALLS), '-l', String(CALLS), '-r', '10', '-timeout', '60s', '-nostdin'], t.dir, 70_000);

    const answered = await waitFor(`${CALLS} answered calls in the calls topic`, 15_000, () => {
      const up = [...live.values()].filter((c) => c.state === 'answered' && c.codec !== null);
      return up.length === CALLS ? up : undefined;
    });
    for (const c of answered) {
      expect(c).toMatchObject({ caller: '5550100', callee: '1555', mappingGateway: 'mgw-in', routingGateway: 'gw-out', routingAddress: `${GW}:${gwPort}`, codec: 'PCMU/8000' });
      expect(c.source).toMatch(/^127\.0\.0\.2:\d+$/);
      expect(c.answeredAt).not.toBeNull();
    }

    const list = await view.call('calls.list', { filter: { gateway: 'gw-out' }, withMedia: true });
    expect(list.total).toBe(CALLS);
    expect(list.gateways).toEqual([
      { gateway: 'mgw-in', side: 'mapping', calls: CALLS, answered: CALLS },
      { gateway: 'gw-out', side: 'routing', calls: CALLS, answered: CALLS },
    ]);
    expect((await view.call('calls.list', { filter: { gateway: 'no-such-gw' } })).total).toBe(0);
    expect((await view.call('calls.list', { filter: { number: '555' } })).total).toBe(CALLS);

    const first = answered[0]!;
    const { call: detailed } = await view.call('calls.get', { id: first.id });
    const legs = detailed.media?.legs ?? [];
    expect(legs.map((l) => l.leg).sort()).toEqual(['callee', 'caller']);
    const remotes = legs.flatMap((l) => l.streams.filter((s) => s.kind === 'rtp').map((s) => `${l.leg}@${s.remote?.split(':')[0]}`)).sort();
    expect(remotes).toEqual([`callee@${GW}`, `caller@${CALLER}`]);

    // The view socket may look, not hang up.
    expect((await rpcFailure(view.call('calls.hangup', { id: first.id }))).code).toBe('PERMISSION_DENIED');

    for (const c of answered) await admin.call('calls.hangup', { id: c.id });
    const [uasDone, uacDone] = await Promise.all([uas, uac]);
    // Each sipp ran every call to its end, BYE received and answered, or it exits non-zero.
    expect(uacDone.code, uacDone.output).toBe(0);
    expect(uasDone.code, uasDone.output).toBe(0);
    await waitFor('every call gone from the topic', SETTLE_MS, () => (live.size === 0 ? true : undefined));
    expect(gone.sort()).toEqual(answered.map((c) => c.callId).sort());
    expect((await rpcFailure(admin.call('calls.hangup', { id: first.id }))).code).toBe('NOT_FOUND');

    const db = new Database(join(t.dataDir, 'agent.db'), { readonly: true });
    try {
      const rows = db.prepare("SELECT author_user, author_role, outcome, detail_json FROM audit WHERE action = 'calls.hangup' ORDER BY id").all() as { author_user: string; author_role: string; outcome: string; detail_json: string }[];
      expect(rows.map((r) => [r.author_user, r.author_role, r.outcome])).toEqual([...answered.map(() => ['alice', 'admin', 'ok']), ['alice', 'admin', 'refused']]);
      const detail = JSON.parse(rows[0]!.detail_json) as Record<string, unknown>;
      expect(detail).toMatchObject({ id: answered[0]!.id, callId: answered[0]!.callId, mappingGateway: 'mgw-in', routingGateway: 'gw-out' });
      // The call records say an administrator ended them.
      const ends = await waitFor('call records of the hung-up calls', 15_000, () => {
        const r = db.prepare('SELECT call_id, ended_by FROM cdrs').all() as { call_id: string; ended_by: string | null }[];
        const mine = r.filter((x) => answered.some((c) => c.callId === x.call_id));
        return mine.length === answered.length ? mine.map((x) => x.ended_by) : undefined;
      });
      expect(ends).toEqual(answered.map(() => 'admin'));
    } finally {
      db.close();
    }
  }, 90_000);
});
