// `switch-agent serve` end to end: one real agent (startAgent in-process: SQLite store, Kamailio +
// rtpengine, CDR ingestion, admin/view sockets), driven only through AgentClient connections the
// way the desktop drives it, with sipp as callers and gateways on loopback.
// 127.0.0.2: IP-authenticated mapping gateway (caller); 127.0.0.5: password-authenticated caller;
// 127.0.0.3: routing gateways that fail (503, silent, 183+SDP then 503); 127.0.0.4: the gateway
// that answers; 127.0.0.9: an unknown source (and where svmap scans from).
// Tests run in order against the shared agent; each states the configuration it relies on. The
// confirm-deadline test runs early: its 10 s wait also outlasts permissions' reload_delta after
// start-up, and the tests after it outlast the deadline of the revision it confirms.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import type { ConfigChangedEvent } from '../../../switch-agent/src/store/ports';
import type { ConflictErrorData, ValidationErrorData } from '@shared/rpc/agentApi';
import type { AgentClient } from '../../../electron/core/agent';
import type { KamailioEngineDriver } from '../../../switch-agent/src/engine';
import { haveBinary, options, run, SETTLE_MS, sipRequest, waitFor } from '../engine/procs';
import { uacXml } from '../engine/scenarioXml';
import { Gateways, rpcFailure, startTestAgent, type CdrRow, type TestAgent } from './agentHarness';
import { bareInvite, svmapFinds } from './sipProbe';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const CALLER = '127.0.0.2';
const PW_CALLER = '127.0.0.5';
const GW_FAIL = '127.0.0.3';
const GW_OK = '127.0.0.4';
const UNKNOWN = '127.0.0.9';

const missing = ['kamailio', 'sipp', 'rtpengine', 'svmap'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : b === 'svmap' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) {
  throw new Error(`agent integration tests need ${missing.join(', ')} (apt-get install kamailio kamailio-sqlite-modules rtpengine-daemon sip-tester sipvicious)`);
}

describe.skipIf(missing.length > 0)(`switch-agent serve${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let t: TestAgent;
  let gateways: Gateways;
  const ports = { fail503: 0, silent: 0, sdp503: 0, ok: 0 };
  /** A revision confirmed over a fresh connection, checked after its deadline by the last test. */
  let confirmed: { revision: number; deadline: number } | undefined;

  const sipp = (scenario: string, from: string, callee: string, calls = 1, extra: string[] = []) =>
    run('sipp', [
      '-sf', scenario, '-i', from, '-s', callee, `${t.sip.host}:${t.sip.port}`,
      '-m', String(calls), '-r', '20', '-timeout', '15s', '-nostdin', ...extra,
    ], t.dir, 20_000);
  const scenario = (name: string) => join(SCENARIOS, name);
  const generated = (name: string, xml: string) => {
    const file = join(t.dir, `${name}.xml`);
    writeFileSync(file, xml);
    return file;
  };
  const cdrs = (callee: string, n: number) =>
    waitFor(`${n} ingested CDR(s) for ${callee}`, SETTLE_MS, () => {
      const rows = t.cdrs(callee);
      return rows.length >= n ? rows : undefined;
    });
  const why = (r: { output: string }) => `${r.output}\n--- agent log ---\n${t.log.text()}`;
  async function apply(c: AgentClient, ops: ConfigOpInput[], more: { confirmWithinSec?: number; comment?: string } = {}) {
    const { snapshot } = await c.call('config.get', {});
    return c.call('config.apply', { baseRevision: snapshot.revision, ops, ...more });
  }
  const setParam = (name: string, value: boolean | number | string): ConfigOpInput => ({ op: 'param.set', name, value });
  const ask = (from: string, text: (port: number) => string) => sipRequest(from, t.sip, text, 1500);

  beforeAll(async () => {
    const t0 = performance.now();
    t = await startTestAgent();
    console.info(`startAgent (store + kamailio + rtpengine + sockets): ${(performance.now() - t0).toFixed(0)} ms`);
    gateways = new Gateways(t.dir);
    ports.fail503 = await gateways.start(GW_FAIL, scenario('uas_503.xml'));
    ports.silent = await gateways.start(GW_FAIL, scenario('uas_silent.xml'));
    ports.sdp503 = await gateways.start(GW_FAIL, scenario('uas_183sdp_503.xml'));
    ports.ok = await gateways.start(GW_OK, scenario('uas_answer.xml'));
  }, 30_000);

  afterAll(async () => {
    await gateways?.stop();
    await t?.stop();
  });

  it('refuses an out-of-range value with VALIDATION_FAILED naming the field, and keeps the revision', async () => {
    const a = await t.client('admin', 'alice');
    const before = (await a.call('config.get', {})).snapshot;
    const e = await rpcFailure(a.call('config.apply', { baseRevision: before.revision, ops: [setParam('SS_SIP_TIMEOUT_INVITE', 9999)] }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect((e.data as ValidationErrorData).errors.map((x) => x.path)).toContain('params.SS_SIP_TIMEOUT_INVITE');
    const after = (await a.call('config.get', {})).snapshot;
    expect(after.revision).toBe(before.revision);
    expect(after.hash).toBe(before.hash);
    expect(after.params.SS_SIP_TIMEOUT_INVITE).toBeUndefined();
  });

  it('serves config.get on view.sock and refuses config.apply there with PERMISSION_DENIED', async () => {
    const v = await t.client('view', 'viewer');
    expect(v.role).toBe('view');
    const { snapshot } = await v.call('config.get', {});
    const admin = await t.client('admin', 'alice');
    expect(snapshot).toEqual((await admin.call('config.get', {})).snapshot);
    const e = await rpcFailure(v.call('config.apply', { baseRevision: snapshot.revision, ops: [setParam('SS_SIP_TIMEOUT_TRYING', 50)] }));
    expect(e.code).toBe('PERMISSION_DENIED');
    expect((await v.call('config.get', {})).snapshot.revision).toBe(snapshot.revision);
  });

  it('rolls back an unconfirmed apply by itself after confirmWithinSec; a confirm over a fresh connection keeps it', async () => {
    const watcher = await t.client('view', 'watcher');
    const prev = (await watcher.call('config.get', {})).snapshot;
    const a = await t.client('admin', 'alice');
    const t0 = Date.now();
    const res = await apply(a, [setParam('SS_SIP_TIMEOUT_RINGING', 30)], { confirmWithinSec: 10 });
    expect(res.pendingConfirmUntil).toBeDefined();
    expect(await watcher.call('config.get', {})).toMatchObject({ status: 'pending', snapshot: { revision: res.revision } });
    await a.close(); // the operator's session is gone and nobody confirms

    const rolled = await waitFor('automatic rollback', 15_000, async () => {
      const { snapshot } = await watcher.call('config.get', {});
      return snapshot.revision > res.revision ? snapshot : undefined;
    });
    console.info(`unconfirmed revision rolled back ${Date.now() - t0} ms after the apply (confirmWithinSec 10)`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(10_000);
    expect(rolled.params).toEqual(prev.params);
    expect(rolled.hash).toBe(prev.hash);
    const { revisions } = await watcher.call('config.history', { limit: 2 });
    expect(revisions[0]).toMatchObject({ revision: rolled.revision, kind: 'auto-rollback', restoredRevision: prev.revision, status: 'confirmed' });
    expect(revisions[1]).toMatchObject({ revision: res.revision, status: 'rolled-back' });
    // The engine was rolled back too, not only the store.
    const rpc = (t.agent.engine as KamailioEngineDriver).rpcClient();
    expect(await rpc.call('cfg.get', ['switchdeck', 'sip_timeout_ringing'])).toBe(120);

    const c = await t.client('admin', 'carol');
    const kept = await apply(c, [setParam('SS_SIP_TIMEOUT_RINGING', 30)], { confirmWithinSec: 10 });
    expect(await rpc.call('cfg.get', ['switchdeck', 'sip_timeout_ringing'])).toBe(30);
    await c.close();
    const fresh = await t.client('admin', 'carol');
    expect(await fresh.call('config.confirm', { revision: kept.revision })).toEqual({ revision: kept.revision, status: 'confirmed' });
    expect(await watcher.call('config.get', {})).toMatchObject({ status: 'confirmed', snapshot: { revision: kept.revision } });
    confirmed = { revision: kept.revision, deadline: Date.parse(kept.pendingConfirmUntil!) };
  }, 30_000);

  it('applies gateways from client A, notifies client B, and routes calls through them into call records', async () => {
    const a = await t.client('admin', 'alice');
    const b = await t.client('admin', 'bob');
    const seen: ConfigChangedEvent[] = [];
    b.on('config.changed', (e) => seen.push(e));
    const t0 = performance.now();
    const res = await apply(a, [
      { op: 'mappingGateway.upsert', gateway: { name: 'mgw-ip', authMode: 'ip', ips: [{ ip: CALLER }] } },
      // .3 is tried first (lower priority value) and refuses with 503; .4 answers.
      { op: 'routingGateway.upsert', gateway: { name: 'gw-503', prefixes: ['1'], priority: 1, addresses: [{ host: GW_FAIL, port: ports.fail503 }] } },
      { op: 'routingGateway.upsert', gateway: { name: 'gw-ok', priority: 10, addresses: [{ host: GW_OK, port: ports.ok }] } },
    ], { comment: 'gateways' });
    console.info(`apply of 1 mapping + 2 routing gateways (address + drouting reloads): ${(performance.now() - t0).toFixed(0)} ms`);
    expect(res.plan.map((p) => `${p.kind} ${p.target}`).sort()).toEqual(['table-reload drouting', 'table-reload permissions.address']);
    const event = await waitFor('config.changed at client B', SETTLE_MS, () => seen.find((e) => e.revision === res.revision));
    expect(event).toMatchObject({ hash: res.hash, author: { user: 'alice', role: 'admin' }, kind: 'apply', status: 'confirmed' });

    const r = await sipp(scenario('uac_call.xml'), CALLER, '1005550001', 3);
    expect(r.code, why(r)).toBe(0);
    const rows = await cdrs('1005550001', 3);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatchObject<Partial<CdrRow>>({ mapping_gateway: 'mgw-ip', routing_gateway: 'gw-ok', sip_code: 200 });
    expect(new Set(rows.map((row) => row.call_id)).size).toBe(3);
  });

  it('SS_REPLY_UNAUTHORIZED: 403 to unknown sources when On, silence when Off, switched without a restart', async () => {
    const a = await t.client('admin', 'alice');
    expect(await ask(UNKNOWN, (p) => options(UNKNOWN, p, t.sip, 'unk-opt1'))).toMatch(/^SIP\/2\.0 403 /);
    expect(await ask(UNKNOWN, (p) => bareInvite(UNKNOWN, p, t.sip, 'unk-inv1'))).toMatch(/^SIP\/2\.0 403 /);
    const scanOn = await svmapFinds(UNKNOWN, t.sip, t.dir);
    expect(scanOn.found, scanOn.output).toBe(true);
    const pid = (await t.kamailio()).pid;

    const res = await apply(a, [setParam('SS_REPLY_UNAUTHORIZED', false)]);
    expect(res.plan).toEqual([{ kind: 'runtime-set', target: 'kamailio', detail: 'switchdeck.reply_unauthorized=0' }]);
    const [opt, inv, known, scanOff] = await Promise.all([
      ask(UNKNOWN, (p) => options(UNKNOWN, p, t.sip, 'unk-opt2')),
      ask(UNKNOWN, (p) => bareInvite(UNKNOWN, p, t.sip, 'unk-inv2')),
      ask(CALLER, (p) => options(CALLER, p, t.sip, 'known1')),
      svmapFinds(UNKNOWN, t.sip, t.dir),
    ]);
    expect(opt).toBeUndefined();
    expect(inv).toBeUndefined();
    expect(known).toMatch(/^SIP\/2\.0 200 /);
    expect(scanOff.found, scanOff.output).toBe(false);
    console.info(`svmap: ${scanOn.ms} ms finding the server (On), ${scanOff.ms} ms finding nothing (Off)`);
    expect((await t.kamailio()).pid).toBe(pid);

    // Back to the default: later tests expect refusals to be answered.
    await apply(a, [{ op: 'param.reset', name: 'SS_REPLY_UNAUTHORIZED' }]);
    expect(await ask(UNKNOWN, (p) => options(UNKNOWN, p, t.sip, 'unk-opt3'))).toMatch(/^SIP\/2\.0 403 /);
    expect((await t.kamailio()).pid).toBe(pid);
  });

  it('SS_SIP_TIMEOUT_INVITE and SS_SIP_STOP_SWITCH_AFTER_SDP take effect at run time through config.apply', async () => {
    const a = await t.client('admin', 'alice');
    const pid = (await t.kamailio()).pid;
    const res = await apply(a, [
      { op: 'routingGateway.upsert', gateway: { name: 'gw-silent', prefixes: ['4'], priority: 1, addresses: [{ host: GW_FAIL, port: ports.silent }] } },
      { op: 'routingGateway.upsert', gateway: { name: 'gw-sdp503', prefixes: ['2'], priority: 1, addresses: [{ host: GW_FAIL, port: ports.sdp503 }] } },
      setParam('SS_SIP_TIMEOUT_INVITE', 1),
    ]);
    expect(res.plan.map((p) => p.detail)).toContain('switchdeck.sip_timeout_invite=1');

    // The silent gateway never replies: 1 s no-reply timer, then gw-ok. The default (10 s) would
    // not fit under the upper bound.
    const timed = await sipp(scenario('uac_call.xml'), CALLER, '4005550002');
    expect(timed.code, why(timed)).toBe(0);
    console.info(`silent first gateway, SS_SIP_TIMEOUT_INVITE=1: call completed via the second in ${timed.ms} ms`);
    expect(timed.ms).toBeGreaterThanOrEqual(1000);
    expect(timed.ms).toBeLessThan(4000);
    expect((await cdrs('4005550002', 1))[0]?.routing_gateway).toBe('gw-ok');

    // Default On: 183 with SDP then 503 ends the call (the caller gets that 503), no failover.
    const stopped = await sipp(scenario('uac_fail.xml'), CALLER, '2005550003');
    expect(stopped.code, why(stopped)).toBe(0);
    await apply(a, [setParam('SS_SIP_STOP_SWITCH_AFTER_SDP', false)]);
    const switched = await sipp(scenario('uac_call.xml'), CALLER, '2005550004');
    expect(switched.code, why(switched)).toBe(0);
    expect((await cdrs('2005550004', 1))[0]?.routing_gateway).toBe('gw-ok');
    expect((await t.kamailio()).pid).toBe(pid);

    await apply(a, [{ op: 'param.reset', name: 'SS_SIP_TIMEOUT_INVITE' }, { op: 'param.reset', name: 'SS_SIP_STOP_SWITCH_AFTER_SDP' }]);
  });

  it('restarts kamailio after kill -9 (engine.status shows it) and calls flow again', async () => {
    const before = await t.kamailio();
    const t0 = performance.now();
    process.kill(before.pid!, 'SIGKILL');
    const after = await waitFor('kamailio running with a new pid', 15_000, async () => {
      const k = await t.kamailio();
      return k.state === 'running' && k.pid !== before.pid ? k : undefined;
    });
    console.info(`kill -9 → engine.status running again: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(after.restarts).toBeGreaterThanOrEqual(1);
    const r = await sipp(scenario('uac_call.xml'), CALLER, '1005550005');
    expect(r.code, why(r)).toBe(0);
    expect((await cdrs('1005550005', 1))[0]?.routing_gateway).toBe('gw-ok');
  });

  it('gives CONFLICT with the field path to the second of two clients changing a field from the same base; disjoint changes both land', async () => {
    const x = await t.client('admin', 'xavier');
    const y = await t.client('admin', 'yvonne');
    const base = (await x.call('config.get', {})).snapshot.revision;
    const results = await Promise.allSettled([
      x.call('config.apply', { baseRevision: base, ops: [setParam('SS_SIP_TIMEOUT_TRYING', 30)] }),
      y.call('config.apply', { baseRevision: base, ops: [setParam('SS_SIP_TIMEOUT_TRYING', 40)] }),
    ]);
    const won = results.findIndex((r) => r.status === 'fulfilled');
    expect(won).toBeGreaterThanOrEqual(0);
    const lost = results[1 - won]!;
    expect(lost.status).toBe('rejected');
    const err = (lost as PromiseRejectedResult).reason as { code: string; data: ConflictErrorData };
    expect(err.code).toBe('CONFLICT');
    expect(err.data.conflicts.map((c) => c.path)).toEqual(['params.SS_SIP_TIMEOUT_TRYING']);
    const current = (await x.call('config.get', {})).snapshot;
    expect(current.params.SS_SIP_TIMEOUT_TRYING).toBe(won === 0 ? 30 : 40);

    const base2 = current.revision;
    const [r1, r2] = await Promise.all([
      x.call('config.apply', { baseRevision: base2, ops: [setParam('SS_SIP_TIMEOUT_SESSION_PROGRESS', 25)] }),
      y.call('config.apply', { baseRevision: base2, ops: [setParam('SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT', true)] }),
    ]);
    expect([r1.revision, r2.revision].sort()).toEqual([base2 + 1, base2 + 2]);
    const merged = (await y.call('config.get', {})).snapshot;
    expect(merged.params).toMatchObject({ SS_SIP_TIMEOUT_SESSION_PROGRESS: 25, SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT: true });
  });

  it('authenticates a password mapping gateway by digest, refuses a wrong password, and switches 401/407 at run time', async () => {
    const a = await t.client('admin', 'alice');
    const pid = (await t.kamailio()).pid;
    const res = await apply(a, [
      { op: 'mappingGateway.upsert', gateway: { name: 'mgw-pw', authMode: 'password', username: 'trunk1', password: { set: true, value: 'right-pw' } } },
    ]);
    expect(res.plan.map((p) => `${p.kind} ${p.target}`)).toContain('table-reload auth_db.subscriber');
    const creds = (pw: string) => ['-au', 'trunk1', '-ap', pw];

    // A wrong password is challenged again (SS_SIP_AUTHENTICATION_RETRY, see auth-limits.test.ts).
    const wrong = await sipp(generated('uac-401-401', uacXml({ auth: 401, expect: 401 })), PW_CALLER, '3005550010', 1, creds('wrong-pw'));
    expect(wrong.code, why(wrong)).toBe(0);
    const right = await sipp(generated('uac-401', uacXml({ auth: 401, expect: 'answer' })), PW_CALLER, '3005550011', 1, creds('right-pw'));
    expect(right.code, why(right)).toBe(0);
    expect((await cdrs('3005550011', 1))[0]).toMatchObject({ mapping_gateway: 'mgw-pw', routing_gateway: 'gw-ok' });

    const to407 = await apply(a, [setParam('SS_SIP_AUTHENTICATION_CODE', '407')]);
    expect(to407.plan).toEqual([{ kind: 'runtime-set', target: 'kamailio', detail: 'switchdeck.auth_code=407' }]);
    const proxyAuth = await sipp(generated('uac-407', uacXml({ auth: 407, expect: 'answer' })), PW_CALLER, '3005550012', 1, creds('right-pw'));
    expect(proxyAuth.code, why(proxyAuth)).toBe(0);
    // A caller that insists on 401 now meets an unexpected 407 and fails.
    const stale = await sipp(join(t.dir, 'uac-401.xml'), PW_CALLER, '3005550013', 1, creds('right-pw'));
    expect(stale.code).not.toBe(0);
    expect(stale.output).toMatch(/received 'SIP\/2\.0 407 /);
    expect((await t.kamailio()).pid).toBe(pid);
  });

  it('keeps the revision confirmed over a fresh connection past its deadline', async () => {
    expect(confirmed).toBeDefined();
    const { revision, deadline } = confirmed!;
    const v = await t.client('view', 'watcher');
    // Poll until the deadline plus the time the store would need to roll back has passed.
    await waitFor('confirm deadline to pass', 15_000, () => (Date.now() > deadline + 1500 ? true : undefined));
    const { revisions } = await v.call('config.history', { limit: 50 });
    expect(revisions.find((r) => r.revision === revision)).toMatchObject({ status: 'confirmed' });
    expect(revisions.filter((r) => r.revision > revision && r.kind === 'auto-rollback')).toEqual([]);
    expect((await v.call('config.get', {})).snapshot.params.SS_SIP_TIMEOUT_RINGING).toBe(30);
  }, 20_000);
});
