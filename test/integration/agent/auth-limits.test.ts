// Authentication limits and the registrar on the wire: one real agent (Kamailio + rtpengine), a
// digest UA (digestUa.ts), sipp, and sipvicious svwar / svcrack, each 127.0.0.x standing for
// another source. Every test sets the parameters it relies on and uses its own source addresses,
// because suspensions outlive a test. Waiting for a time limit to pass is polled, never slept.
//   127.0.0.40–49 registrar / retry / timeout, 127.0.0.50–59 suspensions, 127.0.0.60–65 scanners,
//   127.0.0.69 an IP mapping gateway next to a suspended address,
//   127.0.0.70 the IP mapping gateway with a call in progress, 127.0.0.71 the answering gateway,
//   127.0.0.66–68 and 127.0.0.74–75 floods and the clients beside them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import type { AgentClient } from '../../../electron/core/agent';
import type { KamailioEngineDriver } from '../../../switch-agent/src/engine';
import type { LogEntry } from '../../../switch-agent/src/logs';
import { FEATURE_BITS } from '../../../switch-agent/src/engine/kamailio/cfgFeatures';
import { AUTH_STATE_PER_SEC } from '../../../switch-agent/src/engine/kamailio/cfgAuth';
import { statColumn } from '../engine/loadRig';
import { freeUdpPort, haveBinary, options, run, SETTLE_MS, sipRequest, waitFor } from '../engine/procs';
import { uacXml } from '../engine/scenarioXml';
import { Gateways, startTestAgent, type TestAgent } from './agentHarness';
import { SipUa } from './digestUa';
import { bareInvite } from './sipProbe';
import { svcrackCommand, SVCRACK_FROM } from './svcrack';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));

const IP_CALLER = '127.0.0.70';
const GW_OK = '127.0.0.71';
const ACCOUNT = '1001';
const PASSWORD = 'right-pw';
const TRUNK_USER = 'trunk9';
const TRUNK_PASSWORD = 'trunk-pw';
const FLOOD_RATE = 1000;
const FLOOD_REQUESTS = 4000;
/** An INVITE without credentials, a new Call-ID each, that expects the challenge and stops there. */
const NO_CREDENTIALS_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="INVITE without credentials">
  <send><![CDATA[
INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:flood@[local_ip]>;tag=[call_number]
To: <sip:[service]@[remote_ip]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:flood@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="401"/>
</scenario>
`;

const missing = ['kamailio', 'sipp', 'rtpengine', 'svwar', 'svcrack'].filter((b) => !haveBinary(b, ['kamailio', 'sipp'].includes(b) ? ['-v'] : ['--version']));
if (missing.length > 0 && process.env.CI) {
  throw new Error(`auth integration tests need ${missing.join(', ')} (apt-get install kamailio kamailio-sqlite-modules rtpengine-daemon sip-tester sipvicious)`);
}

describe.skipIf(missing.length > 0)(`authentication limits and registrar${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let t: TestAgent;
  let gateways: Gateways;
  let admin: AgentClient;
  const uas: SipUa[] = [];

  const ua = async (ip: string) => {
    const u = await SipUa.open(ip, t.sip);
    uas.push(u);
    return u;
  };
  const setParam = (name: string, value: boolean | number | string): ConfigOpInput => ({ op: 'param.set', name, value });
  async function apply(ops: ConfigOpInput[]) {
    const { snapshot } = await admin.call('config.get', {});
    return admin.call('config.apply', { baseRevision: snapshot.revision, ops });
  }
  /** Every authentication parameter at its default except those given. */
  const limits = (over: Record<string, number | boolean> = {}) => {
    const names = ['SS_SIP_AUTHENTICATION_RETRY', 'SS_SIP_AUTHENTICATION_TIMEOUT', 'SS_AUTHENTICATION_MAX_RETRY', 'SS_AUTHENTICATION_FAILED_SUSPEND',
      'SS_ENDPOINTREGISTERRETRY', 'SS_ENDPOINTREGISTERSUSPEND', 'SS_ENDPOINTREGISTERSUSPENDTIME', 'SS_REPLY_UNAUTHORIZED', 'SS_SIP_AUTHENTICATION_CODE'];
    return apply(names.map((n): ConfigOpInput => (n in over ? setParam(n, over[n]!) : { op: 'param.reset', name: n })));
  };
  const ping = (from: string, tag: string) => sipRequest(from, t.sip, (p) => options(from, p, t.sip, tag), 800);
  const until = (what: string, at: number) => waitFor(what, at - Date.now() + 5000, () => (Date.now() >= at ? true : undefined));
  const fresh = () => `c-${Math.random().toString(36).slice(2)}`;
  /** Items in Kamailio's htable tables (htable.stats), summed over `tables`. */
  const items = async (...tables: string[]) => {
    const stats = await (t.agent.engine as KamailioEngineDriver).rpcClient().call('htable.stats', []) as { name: string; all: number }[];
    return stats.filter((s) => tables.includes(s.name)).reduce((n, s) => n + s.all, 0);
  };
  const EXCHANGE_TABLES = ['sd_auth_start', 'sd_auth_fails', 'sd_reg_counted'];

  beforeAll(async () => {
    t = await startTestAgent();
    gateways = new Gateways(t.dir);
    const okPort = await gateways.start(GW_OK, join(SCENARIOS, 'uas_answer.xml'));
    admin = await t.client('admin', 'alice');
    await apply([
      { op: 'routingGateway.upsert', gateway: { name: 'gw-ok', prefixes: [], priority: 1, addresses: [{ host: GW_OK, port: okPort }] } },
      { op: 'mappingGateway.upsert', gateway: { name: 'mgw-ip', authMode: 'ip', ips: [{ ip: IP_CALLER }] } },
      { op: 'mappingGateway.upsert', gateway: { name: 'mgw-pw', authMode: 'password', username: TRUNK_USER, password: { set: true, value: TRUNK_PASSWORD } } },
      { op: 'endpoint.upsert', endpoint: { name: ACCOUNT, password: { set: true, value: PASSWORD } } },
    ]);
  }, 30_000);

  afterAll(async () => {
    for (const u of uas) u.close();
    await gateways?.stop();
    await t?.stop();
  });

  it('registers an endpoint by digest (REGISTER is no longer 405); an account registers only itself; 401 or 407 per SS_SIP_AUTHENTICATION_CODE', async () => {
    await limits();
    const phone = await ua('127.0.0.40');
    const first = await phone.request({ method: 'REGISTER', user: ACCOUNT, callId: 'reg-a', cseq: 1 });
    expect(first?.code).toBe(401);
    const ok = await phone.request({ method: 'REGISTER', user: ACCOUNT, callId: 'reg-a', cseq: 2, auth: { challenge: first!.challenge!, username: ACCOUNT, password: PASSWORD } });
    expect(ok?.code, ok?.text).toBe(200);
    expect(ok!.text).toMatch(new RegExp(`^Contact: <sip:${ACCOUNT}@127\\.0\\.0\\.40:${phone.port}>;expires=300`, 'mi'));
    // The trunk's credentials are right, but the address of record is the endpoint's.
    expect(await phone.register(ACCOUNT, [TRUNK_PASSWORD], { username: TRUNK_USER })).toEqual([401, 403]);

    const res = await apply([setParam('SS_SIP_AUTHENTICATION_CODE', '407')]);
    expect(res.plan).toEqual([{ kind: 'runtime-set', target: 'kamailio', detail: 'switchdeck.auth_code=407' }]);
    const proxied = await phone.request({ method: 'REGISTER', user: ACCOUNT, callId: 'reg-b', cseq: 1 });
    expect(proxied?.code).toBe(407);
    expect(proxied!.challenge!.header).toBe('Proxy-Authorization');
    const ok407 = await phone.request({ method: 'REGISTER', user: ACCOUNT, callId: 'reg-b', cseq: 2, auth: { challenge: proxied!.challenge!, username: ACCOUNT, password: PASSWORD } });
    expect(ok407?.code).toBe(200);
  });

  it('SS_SIP_AUTHENTICATION_RETRY: wrong credentials are challenged again 6 times by default, 2 times when set to 2, then 403 (REGISTER and INVITE)', async () => {
    // The per-source limits are switched off so that only the per-exchange limit acts.
    await limits({ SS_AUTHENTICATION_MAX_RETRY: 0, SS_ENDPOINTREGISTERSUSPEND: false });
    const phone = await ua('127.0.0.41');
    const wrong = (n: number) => Array.from({ length: n }, () => 'wrong-pw');
    expect(await phone.register(ACCOUNT, wrong(8))).toEqual([401, 401, 401, 401, 401, 401, 401, 403]);
    // An unknown account is treated exactly like a wrong password: nothing tells them apart.
    expect(await phone.register('9999', wrong(8))).toEqual([401, 401, 401, 401, 401, 401, 401, 403]);

    await limits({ SS_AUTHENTICATION_MAX_RETRY: 0, SS_ENDPOINTREGISTERSUSPEND: false, SS_SIP_AUTHENTICATION_RETRY: 2 });
    expect(await phone.register(ACCOUNT, wrong(4))).toEqual([401, 401, 401, 403]);
    // A right password after wrong ones, within the limit, still registers.
    expect(await phone.register(ACCOUNT, ['wrong-pw', 'wrong-pw', PASSWORD])).toEqual([401, 401, 401, 200]);

    const scenario = join(t.dir, 'uac-rechallenge-2.xml');
    writeFileSync(scenario, uacXml({ auth: 401, rechallenges: 2, expect: 403 }));
    const invite = await run('sipp', [
      '-sf', scenario, '-i', '127.0.0.42', '-s', '3005550100', `${t.sip.host}:${t.sip.port}`, '-m', '1', '-timeout', '15s', '-nostdin',
      '-au', TRUNK_USER, '-ap', 'wrong-pw',
    ], t.dir, 20_000);
    expect(invite.code, invite.output).toBe(0);
  });

  it('SS_SIP_AUTHENTICATION_TIMEOUT: an answer 10 s (default) or 2 s (set) after the first challenge is refused with 403, even with the right password', async () => {
    await limits();
    const [slow, quick] = [await ua('127.0.0.43'), await ua('127.0.0.44')];
    const exchange = async (u: SipUa, afterMs: number) => {
      const callId = fresh();
      const c = await u.request({ method: 'REGISTER', user: ACCOUNT, callId, cseq: 1 });
      expect(c?.code).toBe(401);
      const at = Date.now() + afterMs;
      await until(`${afterMs} ms after the challenge`, at);
      const r = await u.request({ method: 'REGISTER', user: ACCOUNT, callId, cseq: 2, auth: { challenge: c!.challenge!, username: ACCOUNT, password: PASSWORD } });
      return r?.code;
    };
    // Kamailio's clock ($Ts) has 1-s steps, so answers are kept 1 s away from the limit.
    expect(await Promise.all([exchange(slow, 11_000), exchange(quick, 8_000)])).toEqual([403, 200]);

    const res = await limits({ SS_SIP_AUTHENTICATION_TIMEOUT: 2 });
    expect(res.plan).toEqual([{ kind: 'runtime-set', target: 'kamailio', detail: 'switchdeck.auth_timeout=2' }]);
    expect(await Promise.all([exchange(slow, 3000), exchange(quick, 0)])).toEqual([403, 200]);
  }, 40_000);

  it('SS_AUTHENTICATION_MAX_RETRY: the 6th wrong password (default) or the 2nd (set) suspends the source, which then gets silence; right logins never count', async () => {
    await limits({ SS_ENDPOINTREGISTERSUSPEND: false });
    const guesser = await ua('127.0.0.50');
    const bystander = await ua('127.0.0.51');
    // One wrong answer per exchange (new Call-ID each time), as svcrack does.
    const guess = () => guesser.register(ACCOUNT, ['wrong-pw']);
    for (let i = 1; i <= 5; i++) expect(await guess()).toEqual([401, 401]);
    const lines: LogEntry[] = [];
    await (await t.client('view', 'log-reader')).subscribe('logs', { sources: ['kamailio'], minLevel: 'info', after: Date.now() }, { onItems: (items) => void lines.push(...items) });
    const callId = `sixth-${fresh()}`;
    expect(await guesser.register(ACCOUNT, ['wrong-pw'], { callId })).toEqual([401, 403]);
    // Kamailio's line about it starts with the log prefix: the request's Call-ID in braces.
    const notice = await waitFor('the suspension notice', SETTLE_MS, () => lines.find((l) => l.text.includes('source 127.0.0.50 suspended for')));
    expect(notice.level).toBe('info');
    expect(notice.text).toMatch(new RegExp(`NOTICE: \\{${callId}\\} .*source 127\\.0\\.0\\.50 suspended for 180 s after 6 failed authentications$`));
    expect(await guesser.register(ACCOUNT, [PASSWORD])).toEqual(['none']);
    expect(await ping('127.0.0.50', 'susp-opt')).toBeUndefined();
    // SS_REPLY_UNAUTHORIZED is On, yet a suspended source's INVITE is not refused either: silence.
    expect(await sipRequest('127.0.0.50', t.sip, (p) => bareInvite('127.0.0.50', p, t.sip, 'susp-inv'), 800)).toBeUndefined();
    expect(await bystander.register(ACCOUNT, [PASSWORD])).toEqual([401, 200]);

    await limits({ SS_ENDPOINTREGISTERSUSPEND: false, SS_AUTHENTICATION_MAX_RETRY: 2 });
    const careful = await ua('127.0.0.52');
    for (let i = 0; i < 8; i++) expect(await careful.register(ACCOUNT, [PASSWORD])).toEqual([401, 200]);
    expect(await careful.register(ACCOUNT, ['wrong-pw'])).toEqual([401, 401]);
    expect(await careful.register(ACCOUNT, ['wrong-pw'])).toEqual([401, 403]);
    expect(await careful.register(ACCOUNT, [PASSWORD])).toEqual(['none']);
  });

  it('SS_ENDPOINTREGISTERRETRY / SUSPEND: a source whose REGISTERs keep failing has its REGISTERs dropped (other requests still answered); registrations that succeed never count, a resent REGISTER counts once', async () => {
    await limits();
    const flooder = await ua('127.0.0.53');
    const bare = () => flooder.request({ method: 'REGISTER', user: 'x' + fresh(), callId: fresh(), cseq: 1 }, 800).then((r) => r?.code ?? 'none');
    const codes: (number | 'none')[] = [];
    for (let i = 0; i < 9; i++) codes.push(await bare());
    // One challenge is part of every registration, so 6 failures means the 7th challenged REGISTER.
    expect(codes).toEqual([401, 401, 401, 401, 401, 401, 401, 'none', 'none']);
    // Other requests from it are still processed (challenged, as it is no known source).
    expect(await ping('127.0.0.53', 'reg-susp-opt')).toMatch(/^SIP\/2\.0 401 /);

    const phone = await ua('127.0.0.54');
    for (let i = 0; i < 10; i++) expect(await phone.register(ACCOUNT, [PASSWORD], { callId: 'same-call-id' })).toEqual([401, 200]);

    // A phone that resends one REGISTER (same Call-ID and CSeq: each 401 was lost on the way) makes
    // one attempt, not ten: it is answered every time and never suspended.
    const lossy = await ua('127.0.0.48');
    const resent: (number | 'none')[] = [];
    for (let i = 0; i < 10; i++) resent.push(await lossy.request({ method: 'REGISTER', user: ACCOUNT, callId: 'resent-register', cseq: 1, branch: 'z9hG4bK-resent-1' }, 800).then((r) => r?.code ?? 'none'));
    expect(resent).toEqual(Array(10).fill(401));
    expect(await lossy.register(ACCOUNT, [PASSWORD])).toEqual([401, 200]);

    await limits({ SS_ENDPOINTREGISTERRETRY: 2 });
    const second = await ua('127.0.0.55');
    const codes2: (number | 'none')[] = [];
    for (let i = 0; i < 5; i++) codes2.push(await second.request({ method: 'REGISTER', user: 'y' + fresh(), callId: fresh(), cseq: 1 }, 800).then((r) => r?.code ?? 'none'));
    expect(codes2).toEqual([401, 401, 401, 'none', 'none']);

    await limits({ SS_ENDPOINTREGISTERRETRY: 2, SS_ENDPOINTREGISTERSUSPEND: false });
    const third = await ua('127.0.0.56');
    for (let i = 0; i < 10; i++) expect((await third.request({ method: 'REGISTER', user: 'z' + fresh(), callId: fresh(), cseq: 1 }))?.code).toBe(401);
  });

  it('suspensions end by themselves: SS_AUTHENTICATION_FAILED_SUSPEND and SS_ENDPOINTREGISTERSUSPENDTIME reach Kamailio, and a suspension ends when its time is up (lowered to 12 s and 3 s), then the source is let in', async () => {
    await limits({ SS_AUTHENTICATION_MAX_RETRY: 1, SS_AUTHENTICATION_FAILED_SUSPEND: 60, SS_ENDPOINTREGISTERRETRY: 1, SS_ENDPOINTREGISTERSUSPENDTIME: 30 });
    const rpc = (t.agent.engine as KamailioEngineDriver).rpcClient();
    expect([await rpc.call('cfg.get', ['switchdeck', 'auth_suspend']), await rpc.call('cfg.get', ['switchdeck', 'reg_suspend_time'])]).toEqual([60, 30]);
    // The catalog's minimums (60 s, 30 s) would cost a minute of waiting; the running values are
    // lowered over the cfg group (a suspension takes its time when it starts, cfgAuth.ts), and the
    // parameter-to-variable rendering is proven by the unit tests of cfgAuth.
    const [SUSPEND_S, REG_SUSPEND_S] = [12, 3];
    await rpc.call('cfg.seti', ['switchdeck', 'auth_suspend', SUSPEND_S]);
    await rpc.call('cfg.seti', ['switchdeck', 'reg_suspend_time', REG_SUSPEND_S]);
    const [guesser, flooder] = [await ua('127.0.0.57'), await ua('127.0.0.58')];
    expect(await guesser.register(ACCOUNT, ['wrong-pw'])).toEqual([401, 403]);
    const suspendedAt = Date.now();
    expect(await flooder.register('u1', [])).toEqual([401]);
    expect(await flooder.register('u2', [])).toEqual([401]);
    const regSuspendedAt = Date.now();
    expect(await flooder.register('u3', [])).toEqual(['none']);
    // Suspensions live in htable: a change that sets cfg variables and reloads the address table keeps them.
    const reload = await apply([
      setParam('SS_SIP_AUTHENTICATION_RETRY', 5),
      { op: 'mappingGateway.upsert', gateway: { name: 'mgw-reload', authMode: 'ip', ips: [{ ip: '127.0.0.73' }] } },
    ]);
    expect(reload.plan.map((a) => a.target)).toEqual(['kamailio', 'permissions.address']);
    expect(await ping('127.0.0.57', 'after-reload')).toBeUndefined();

    await until('REGISTER suspension over', regSuspendedAt + REG_SUSPEND_S * 1000 + 1000);
    expect(await flooder.register(ACCOUNT, [PASSWORD])).toEqual([401, 200]);
    expect(await ping('127.0.0.57', 'still-susp')).toBeUndefined();
    await until('source suspension over', suspendedAt + SUSPEND_S * 1000 + 1000);
    expect(await guesser.register(ACCOUNT, [PASSWORD])).toEqual([401, 200]);
  }, 45_000);

  it('SS_REPLY_UNAUTHORIZED Off: svwar lists no account (the answer never depends on the user name); a source that logged in is still challenged', async () => {
    await limits({ SS_ENDPOINTREGISTERSUSPEND: false });
    const svwar = async (from: string) => {
      const prevHome = process.env.HOME;
      process.env.HOME = t.dir;
      const pending = run('svwar', ['--force', '-e', '999-1003', '-p', String(t.sip.port), '-b', from, '-x', from, '--maximumtime', '3', t.sip.host], t.dir, 30_000);
      process.env.HOME = prevHome;
      const r = await pending;
      const listed = [...r.output.matchAll(/\|\s*(\d{3,4})\s*\|\s*(\w+)/g)].map((m) => m[1]);
      return { listed, output: r.output };
    };
    // On: every name is challenged alike, so a listing (if any) holds every name tried, not the real one only.
    const on = await svwar('127.0.0.60');
    expect(on.listed.length === 0 || on.listed.length === 5, on.output).toBe(true);

    const known = await ua('127.0.0.61');
    expect(await known.register(ACCOUNT, [PASSWORD])).toEqual([401, 200]);
    await limits({ SS_ENDPOINTREGISTERSUSPEND: false, SS_REPLY_UNAUTHORIZED: false });
    const off = await svwar('127.0.0.62');
    expect(off.listed, off.output).toEqual([]);
    const stranger = await ua('127.0.0.63');
    expect(await stranger.register(ACCOUNT, [PASSWORD])).toEqual(['none']);
    expect(await known.register(ACCOUNT, [PASSWORD])).toEqual([401, 200]);
  }, 70_000);

  it('svcrack does not find the password: the source is suspended after SS_AUTHENTICATION_MAX_RETRY guesses and hears nothing more', async () => {
    const svcrack = svcrackCommand();
    const words = join(t.dir, 'words.txt');
    writeFileSync(words, [...Array.from({ length: 20 }, (_, i) => `guess${i}`), PASSWORD].join('\n') + '\n');
    const crack = async (from: string) => {
      const prevHome = process.env.HOME;
      process.env.HOME = t.dir;
      const pending = run(svcrack.python, [SVCRACK_FROM, svcrack.path, from, '-u', ACCOUNT, '-e', ACCOUNT, '-d', words, '-p', String(t.sip.port), '-x', from, '--maximumtime', '4', t.sip.host], t.dir, 60_000);
      process.env.HOME = prevHome;
      return pending;
    };
    await limits();
    const r = await crack('127.0.0.64');
    expect(r.output).not.toContain(PASSWORD);
    expect(r.output).toMatch(/since we last received a response - stopping/);
    expect(await ping('127.0.0.64', 'crack-opt')).toBeUndefined();

    // The same run with both per-source limits off finds the password at guess 21: the limits are what stop it.
    await limits({ SS_AUTHENTICATION_MAX_RETRY: 0, SS_ENDPOINTREGISTERSUSPEND: false });
    const unlimited = await crack('127.0.0.65');
    expect(unlimited.output).toMatch(new RegExp(`\\|\\s*${ACCOUNT}\\s*\\|\\s*${PASSWORD}\\s*\\|`));
  }, 90_000);

  it('IP + port mapping gateway: the right address and port is accepted, the right address from another port is not (it is challenged like any unknown source)', async () => {
    await limits();
    const ip = '127.0.0.72';
    const [port, otherPort] = [await freeUdpPort(ip), await freeUdpPort(ip)];
    await apply([{ op: 'mappingGateway.upsert', gateway: { name: 'mgw-ipport', authMode: 'ipPort', ips: [{ ip, port }] } }]);
    const answered = join(t.dir, 'uac-answer.xml');
    writeFileSync(answered, uacXml({ expect: 'answer' }));
    const refused = join(t.dir, 'uac-challenged.xml');
    writeFileSync(refused, uacXml({ expect: 401 }));
    const call = (scenario: string, from: number, callee: string) =>
      run('sipp', ['-sf', scenario, '-i', ip, '-p', String(from), '-s', callee, `${t.sip.host}:${t.sip.port}`, '-m', '1', '-timeout', '15s', '-nostdin'], t.dir, 20_000);
    // The address table is reloaded at most every 5 s (permissions reload_delta): wait until the pair is known.
    const probe = await SipUa.open(ip, t.sip, port);
    const optionsFrom = async (u: SipUa) => (await u.request({ method: 'OPTIONS', user: 'probe', callId: fresh(), cseq: 1 }, 800))?.code;
    await waitFor('the IP + port pair to be trusted', 15_000, async () => ((await optionsFrom(probe)) === 200 ? true : undefined));
    probe.close();
    const other = await ua(ip);
    expect(await optionsFrom(other)).toBe(401);
    const right = await call(answered, port, '8005550100');
    expect(right.code, right.output).toBe(0);
    const wrong = await call(refused, otherPort, '8005550101');
    expect(wrong.code, wrong.output).toBe(0);
    const rows = await waitFor('the CDR of the accepted call', SETTLE_MS, () => (t.cdrs('8005550100').length > 0 ? t.cdrs('8005550100') : undefined));
    expect(rows[0]).toMatchObject({ mapping_gateway: 'mgw-ipport', routing_gateway: 'gw-ok', sip_code: 200 });
  });

  it('a run-time change of every limit applies to new requests and drops no call in progress', async () => {
    await limits();
    const pid = (await t.kamailio()).pid;
    const scenario = join(t.dir, 'uac-hold.xml');
    writeFileSync(scenario, uacXml({ expect: 'answer', holdMs: 4000 }));
    const call = run('sipp', ['-sf', scenario, '-i', IP_CALLER, '-s', '7005550100', `${t.sip.host}:${t.sip.port}`, '-m', '1', '-timeout', '20s', '-nostdin'], t.dir, 25_000);
    // The call is up within a second (answered at once, held 4 s): change the limits while it is.
    await until('the call to be up', Date.now() + 1500);
    const res = await limits({
      SS_SIP_AUTHENTICATION_RETRY: 3, SS_SIP_AUTHENTICATION_TIMEOUT: 5, SS_AUTHENTICATION_MAX_RETRY: 4, SS_AUTHENTICATION_FAILED_SUSPEND: 90,
      SS_ENDPOINTREGISTERRETRY: 5, SS_ENDPOINTREGISTERSUSPEND: false, SS_ENDPOINTREGISTERSUSPENDTIME: 60,
    });
    expect(res.plan.every((a) => a.kind === 'runtime-set')).toBe(true);
    expect(res.plan).toHaveLength(7);
    const phone = await ua('127.0.0.45');
    expect(await phone.register(ACCOUNT, ['w', 'w', 'w', 'w'])).toEqual([401, 401, 401, 401, 403]);
    const done = await call;
    expect(done.code, done.output).toBe(0);
    expect((await t.kamailio()).pid).toBe(pid);
  }, 40_000);

  it('a flood of INVITEs without credentials (a new Call-ID each) keeps at most AUTH_STATE_PER_SEC new exchanges a second in memory; past that they are challenged without state, a phone still registers, and the timeout holds again after it', async () => {
    await limits({ SS_SIP_AUTHENTICATION_TIMEOUT: 2 });
    const rpc = (t.agent.engine as KamailioEngineDriver).rpcClient();
    const before = await items('sd_auth_start');
    const scenario = join(t.dir, 'uac-no-credentials.xml');
    writeFileSync(scenario, NO_CREDENTIALS_XML);
    const stat = join(t.dir, 'flood-stat.csv');
    const started = Date.now();
    const flood = run('sipp', [
      '-sf', scenario, '-i', '127.0.0.66', '-s', '3005550100', `${t.sip.host}:${t.sip.port}`, '-r', String(FLOOD_RATE), '-m', String(FLOOD_REQUESTS),
      '-recv_timeout', '3000', '-timeout', '30s', '-nostdin', '-trace_stat', '-stf', stat, '-fd', '1',
    ], t.dir, 40_000);
    // In the middle of the flood, a phone registers with its password.
    await until('the flood to be under way', started + 1500);
    const phone = await ua('127.0.0.67');
    expect(await phone.register(ACCOUNT, [PASSWORD], { ms: 3000 })).toEqual([401, 200]);
    const done = await flood;
    const seconds = Math.ceil((Date.now() - started) / 1000) + 1;
    const challenged = statColumn(readFileSync(stat, 'utf8'), 'SuccessfulCall(C)');
    const kept = (await items('sd_auth_start')) - before;
    // Every request was challenged (sipp's calls succeed on the 401); far fewer exchanges were kept.
    expect(challenged, done.output).toBeGreaterThan(FLOOD_REQUESTS * 0.9);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(AUTH_STATE_PER_SEC * seconds);
    // Without the cap every challenge would have kept one: the bound above would not hold.
    expect(challenged).toBeGreaterThan(AUTH_STATE_PER_SEC * seconds);
    // Each challenge without state is counted (Kamailio's statistic sd_auth_stateless).
    const [line] = await rpc.call('stats.get_statistics', ['sd_auth_stateless']) as string[];
    const stateless = Number(/= (\d+)$/.exec(line ?? '')?.[1]);
    expect(stateless).toBeGreaterThanOrEqual(challenged - kept);
    // From the second after the flood's last one (the budget counts whole seconds of Kamailio's
    // clock), a new exchange has its state again: an answer after the timeout is refused.
    await until('the next whole second', Math.ceil(Date.now() / 1000) * 1000 + 100);
    const late = await ua('127.0.0.68');
    const callId = fresh();
    const c = await late.request({ method: 'REGISTER', user: ACCOUNT, callId, cseq: 1 });
    expect(c?.code).toBe(401);
    await until('3 s after the challenge', Date.now() + 3000);
    const r = await late.request({ method: 'REGISTER', user: ACCOUNT, callId, cseq: 2, auth: { challenge: c!.challenge!, username: ACCOUNT, password: PASSWORD } });
    expect(r?.code).toBe(403);
  }, 60_000);

  it('REGISTERs without credentials and wrong answers (a new Call-ID each, no suspension) stay within the same budget: past it a wrong answer ends its exchange with 403', async () => {
    await limits({ SS_AUTHENTICATION_MAX_RETRY: 0, SS_ENDPOINTREGISTERSUSPEND: false });
    const before = await items(...EXCHANGE_TABLES);
    const scenario = join(t.dir, 'uac-register-no-credentials.xml');
    writeFileSync(scenario, NO_CREDENTIALS_XML.replace(/INVITE/g, 'REGISTER'));
    const started = Date.now();
    const flood = run('sipp', [
      '-sf', scenario, '-i', '127.0.0.74', '-s', ACCOUNT, `${t.sip.host}:${t.sip.port}`, '-r', String(FLOOD_RATE / 2), '-m', String(FLOOD_REQUESTS / 2),
      '-recv_timeout', '3000', '-timeout', '30s', '-nostdin',
    ], t.dir, 40_000);
    // Beside it, four clients answer every challenge with a wrong password until the flood ends.
    const ended: Record<string, number> = {};
    let running = true;
    void flood.finally(() => { running = false; });
    const guess = async (u: SipUa) => {
      while (running) {
        const callId = fresh();
        const c = await u.request({ method: 'INVITE', user: ACCOUNT, callId, cseq: 1 });
        if (!c?.challenge) continue;
        const r = await u.request({ method: 'INVITE', user: ACCOUNT, callId, cseq: 2, auth: { challenge: c.challenge, username: ACCOUNT, password: 'wrong-pw' } });
        const code = String(r?.code ?? 'none');
        ended[code] = (ended[code] ?? 0) + 1;
      }
    };
    await Promise.all(await Promise.all([1, 2, 3, 4].map(async () => guess(await ua('127.0.0.75')))));
    const done = await flood;
    expect(done.code, done.output).toBe(0);
    const seconds = Math.ceil((Date.now() - started) / 1000) + 1;
    const kept = (await items(...EXCHANGE_TABLES)) - before;
    const wrong = Object.values(ended).reduce((a, b) => a + b, 0);
    // Each REGISTER asked for two entries (its start, its count), each wrong answer for one.
    expect(FLOOD_REQUESTS + wrong, JSON.stringify(ended)).toBeGreaterThan(AUTH_STATE_PER_SEC * seconds);
    expect(kept).toBeLessThanOrEqual(AUTH_STATE_PER_SEC * seconds);
    // Within the budget a wrong answer is challenged again (SS_SIP_AUTHENTICATION_RETRY); past it, 403.
    expect(ended['401'], JSON.stringify(ended)).toBeGreaterThan(0);
    expect(ended['403'], JSON.stringify(ended)).toBeGreaterThan(0);
  }, 60_000);

  it('endpoints are stored like gateways: the password never leaves the agent, and survives a restart sealed; registrations and suspensions do not', async () => {
    await limits({ SS_AUTHENTICATION_MAX_RETRY: 1 });
    const { snapshot } = await admin.call('config.get', {});
    expect(snapshot.endpoints).toEqual([{ name: ACCOUNT, enabled: true, password: { set: true }, allowedRoutingGateways: 'all', notes: '' }]);
    const blocked = await ua('127.0.0.46');
    expect(await blocked.register(ACCOUNT, ['wrong-pw'])).toEqual([401, 403]);
    expect(await ping('127.0.0.46', 'before-restart')).toBeUndefined();

    for (const u of uas.splice(0)) u.close();
    await t.restart();
    admin = await t.client('admin', 'alice');
    const after = await ua('127.0.0.47');
    expect(await after.register(ACCOUNT, [PASSWORD])).toEqual([401, 200]);
    for (const f of ['agent.db', 'agent.db-wal'].map((n) => join(t.dataDir, n)).filter((f) => existsSync(f))) {
      expect(readFileSync(f).includes(Buffer.from(PASSWORD)), `${f} holds the clear password`).toBe(false);
    }
    // Kamailio restarted with the agent: its suspension table started empty.
    const again = await ua('127.0.0.46');
    expect(await again.register(ACCOUNT, [PASSWORD])).toEqual([401, 200]);
  }, 60_000);

  it('a suspension in force outlives the last password account: an IP-allowed source at the suspended address still hears nothing until the suspension ends, then is let in', async () => {
    await limits({ SS_AUTHENTICATION_MAX_RETRY: 1 });
    const rpc = (t.agent.engine as KamailioEngineDriver).rpcClient();
    // The catalog's minimum (60 s) lowered over the cfg group, as in the expiry test above.
    const SUSPEND_S = 10;
    await rpc.call('cfg.seti', ['switchdeck', 'auth_suspend', SUSPEND_S]);
    const [suspended, trusted] = ['127.0.0.59', '127.0.0.69'];
    const guesser = await ua(suspended);
    expect(await guesser.register(ACCOUNT, ['wrong-pw'])).toEqual([401, 403]);
    const suspendedAt = Date.now();
    // Both addresses become an IP mapping gateway, and the last password accounts go: nothing
    // authenticates by password any more.
    await apply([
      { op: 'mappingGateway.upsert', gateway: { name: 'mgw-after-pw', authMode: 'ip', ips: [{ ip: suspended }, { ip: trusted }] } },
      { op: 'endpoint.delete', name: ACCOUNT },
      { op: 'mappingGateway.delete', name: 'mgw-pw' },
    ]);
    expect(Number(await rpc.call('cfg.get', ['switchdeck', 'features'])) & FEATURE_BITS.passwordGateways, 'the password accounts flag is off').toBe(0);
    // The address table is reloaded at most every 5 s: the unsuspended address shows when it is trusted.
    await waitFor('the new mapping gateway to be trusted', 15_000, async () => ((await ping(trusted, fresh()))?.startsWith('SIP/2.0 200 ') ? true : undefined));
    expect(Date.now()).toBeLessThan(suspendedAt + SUSPEND_S * 1000);
    expect(await ping(suspended, 'susp-no-pw')).toBeUndefined();
    await until('source suspension over', suspendedAt + SUSPEND_S * 1000 + 1000);
    expect(await ping(suspended, 'susp-no-pw-over')).toMatch(/^SIP\/2\.0 200 /);
  }, 40_000);
});
