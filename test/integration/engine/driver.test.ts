// The engine driver end to end: real Kamailio + rtpengine supervised by KamailioEngineDriver,
// configured from a ConfigSnapshot, sipp as callers and gateways on loopback. One engine for
// the whole suite. 127.0.0.5 is an IP-authenticated mapping gateway, 127.0.0.2 a
// password-authenticated one, 127.0.0.3 hosts the routing gateways, 127.0.0.6/.7 get added
// at run time.
import { ConfigSnapshotSchema } from '@shared/model/snapshot';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KamailioEngineDriver } from '../../../switch-agent/src/engine/driver';
import { EngineError } from '../../../switch-agent/src/engine/types';
import type { EngineStatus } from '../../../switch-agent/src/engine/types';
import { flatstoreRows, freeUdpPort, haveBinary, mediaPorts, options, run, SETTLE_MS, sipRequest, startGroup, stopGroup, udpPortBound, waitFor } from './procs';
import { uacXml, uasXml } from './scenarioXml';

const PROXY_IP = '127.0.0.1';
const IP_MGW = '127.0.0.5';
const PW_MGW = '127.0.0.2';
const GW_IP = '127.0.0.3';
const CDR = { rgw: 8, callee: 11 } as const;

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) {
  throw new Error(`engine driver tests need ${missing.join(', ')} (apt-get install kamailio kamailio-sqlite-modules rtpengine-daemon sip-tester)`);
}

describe.skipIf(missing.length > 0)(`engine driver${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let dir = '';
  let driver: KamailioEngineDriver;
  let proxy = { host: PROXY_IP, port: 0 };
  const uas: ChildProcess[] = [];
  const gwPorts = { media: 0, plain: 0 };
  const rtpBase = mediaPorts(15000 + (process.pid % 50) * 100, 100).min;
  const states: EngineStatus[] = [];
  let current: ConfigSnapshot;

  const snapshot = (o: Record<string, unknown>): ConfigSnapshot => ConfigSnapshotSchema.parse({ revision: 1, hash: '0'.repeat(64), ...o });
  const base = () => ({
    params: { SS_SIP_TIMEOUT_INVITE: 5 },
    mappingGateways: [
      { name: 'mgw-ip', authMode: 'ip', ips: [{ ip: IP_MGW }] },
      { name: 'mgw-pw', authMode: 'password', username: 'trunk1', password: { set: true, value: 'right-pw' } },
    ],
    routingGateways: [
      { name: 'gw-media', prefixes: ['9'], prefixMode: 'deny', priority: 5, addresses: [{ host: GW_IP, port: gwPorts.media }] },
    ],
  });
  const media = {
    connection: `c=IN IP4 ${PROXY_IP.replace(/\./g, '\\.')}`,
    port: `m=audio ${rtpBase / 100}[0-9][0-9] `,
  };

  function scenario(name: string, xml: string): string {
    const file = join(dir, `${name}.xml`);
    writeFileSync(file, xml);
    return file;
  }
  const sipp = (file: string, from: string, callee: string, extra: string[] = []) =>
    run('sipp', ['-sf', file, '-i', from, '-s', callee, `${proxy.host}:${proxy.port}`, '-m', '1', '-timeout', '15s', '-nostdin', ...extra], dir, 20_000);
  const pidFile = () => Number(readFileSync(join(dir, 'engine', 'kamailio.pid'), 'utf8').trim());
  const cdrGateway = (callee: string) => waitFor(`CDR for ${callee}`, SETTLE_MS, () => flatstoreRows(join(dir, 'cdr'), 'acc_cdrs').find((r) => r[CDR.callee] === callee)?.[CDR.rgw]);
  const ask = (from: string, tag: string) => sipRequest(from, proxy, (p) => options(from, p, proxy, tag), 1500);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-driver-'));
    mkdirSync(join(dir, 'cdr'));
    proxy = { host: PROXY_IP, port: await freeUdpPort(PROXY_IP) };
    gwPorts.media = await freeUdpPort(GW_IP);
    gwPorts.plain = await freeUdpPort(GW_IP);
    uas.push(startGroup('sipp', ['-sf', scenario('uas-media', uasXml(media)), '-i', GW_IP, '-p', String(gwPorts.media), '-nostdin', '-timeout', '150s'], dir));
    uas.push(startGroup('sipp', ['-sf', scenario('uas-plain', uasXml()), '-i', GW_IP, '-p', String(gwPorts.plain), '-nostdin', '-timeout', '150s'], dir));
    for (const port of Object.values(gwPorts)) await waitFor(`sipp UAS on ${port}`, SETTLE_MS, async () => ((await udpPortBound(GW_IP, port)) ? true : undefined));
    driver = new KamailioEngineDriver({
      dir: join(dir, 'engine'), cdrDir: join(dir, 'cdr'),
      kamailioBin: 'kamailio', rtpengineBin: 'rtpengine',
      sip: { address: proxy.host, port: proxy.port },
      rtpengine: { interface: PROXY_IP, ngPort: await freeUdpPort(PROXY_IP), portMin: rtpBase, portMax: rtpBase + 99 },
      shmMb: 64, pkgMb: 8, udpWorkers: 2, logLevel: 1,
    });
    driver.on('state', (s) => states.push(s));
  }, 30_000);

  afterAll(async () => {
    await driver?.stop();
    await Promise.all(uas.map((u) => stopGroup(u)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('starts kamailio and rtpengine from a snapshot and reports their status', async () => {
    current = snapshot(base());
    const t0 = performance.now();
    await driver.start(current);
    console.info(`driver.start: ${(performance.now() - t0).toFixed(0)} ms until both answer`);
    const s = driver.status();
    expect(s.kamailio).toMatchObject({ state: 'running', restarts: 0, lastError: null });
    expect(s.rtpengine).toMatchObject({ state: 'running', restarts: 0 });
    expect(s.kamailio.pid).toBe(pidFile());
    expect(s.kamailio.version).toMatch(/^kamailio 5\./);
    expect(s.rtpengine.version).toMatch(/\d+\.\d+/);
    expect(await driver.health()).toEqual({ ok: true, detail: 'kamailio ok; rtpengine ok' });
  });

  it('anchors media at rtpengine: both sides see its address and port, and it holds the call', async () => {
    const call = sipp(scenario('uac-hold', uacXml({ expect: 'answer', holdMs: 1500, media })), IP_MGW, '3001');
    const calls = await waitFor('a call in rtpengine', SETTLE_MS, async () => {
      const list = await driver.rtpengineControl.list();
      return list.length > 0 ? list : undefined;
    });
    // Asked while the call holds (1.5 s): once it has ended, rtpengine may already answer
    // "Unknown call-id" (seen once in CI).
    const q = await driver.rtpengineControl.command('query', { 'call-id': calls[0]! });
    expect(q.result).toBe('ok');
    const r = await call;
    expect(r.code, r.output).toBe(0);
    expect(await cdrGateway('3001')).toBe('gw-media');
  });

  it('routes nothing under a prefix the only gateway denies', async () => {
    const r = await sipp(scenario('uac-404', uacXml({ expect: 404 })), IP_MGW, '9001');
    expect(r.code, r.output).toBe(0);
  });

  it('authenticates a password gateway by digest: wrong password refused, right one connects', async () => {
    // Refused = challenged again (SS_SIP_AUTHENTICATION_RETRY, proven in test/integration/agent/auth-limits.test.ts).
    const wrong = await sipp(scenario('uac-auth-401-401', uacXml({ auth: 401, expect: 401 })), PW_MGW, '3002', ['-au', 'trunk1', '-ap', 'wrong-pw']);
    expect(wrong.code, wrong.output).toBe(0);
    const right = await sipp(scenario('uac-auth-401', uacXml({ auth: 401, expect: 'answer', media })), PW_MGW, '3003', ['-au', 'trunk1', '-ap', 'right-pw']);
    expect(right.code, right.output).toBe(0);
  });

  it('switches the challenge to 407 at run time through apply, keeping the kamailio PID', async () => {
    const pid = pidFile();
    const next = snapshot({ ...base(), params: { SS_SIP_TIMEOUT_INVITE: 5, SS_SIP_AUTHENTICATION_CODE: '407' } });
    expect(driver.plan(current, next)).toEqual([{ kind: 'runtime-set', target: 'kamailio', detail: 'switchdeck.auth_code=407' }]);
    const t0 = performance.now();
    await driver.apply(current, next);
    console.info(`apply runtime-set: ${(performance.now() - t0).toFixed(1)} ms`);
    current = next;
    const r = await sipp(scenario('uac-auth-407', uacXml({ auth: 407, expect: 'answer' })), PW_MGW, '3004', ['-au', 'trunk1', '-ap', 'right-pw']);
    expect(r.code, r.output).toBe(0);
    expect(pidFile()).toBe(pid);
    expect(driver.status().kamailio.pid).toBe(pid);
  });

  it('applies a routing table change for the next call', async () => {
    const before = await sipp(scenario('uac', uacXml({ expect: 'answer' })), IP_MGW, '7001');
    expect(before.code, before.output).toBe(0);
    expect(await cdrGateway('7001')).toBe('gw-media');
    const b = base();
    const next = snapshot({
      ...b, params: current.params,
      routingGateways: [
        { ...b.routingGateways[0], prefixes: ['9', '7'] },
        { name: 'gw-new', prefixes: ['7'], priority: 0, addresses: [{ host: GW_IP, port: gwPorts.plain }] },
      ],
    });
    const t0 = performance.now();
    const done = await driver.apply(current, next);
    console.info(`apply table-reload (drouting): ${(performance.now() - t0).toFixed(1)} ms`);
    expect(done.map((a) => `${a.kind} ${a.target}`)).toEqual(['table-reload drouting']);
    current = next;
    const after = await sipp(join(dir, 'uac.xml'), IP_MGW, '7002');
    expect(after.code, after.output).toBe(0);
    expect(await cdrGateway('7002')).toBe('gw-new');
  });

  it('coalesces address reloads that the 5 s reload_delta would refuse', async () => {
    // Unknown sources are challenged (407 by now) because a password gateway exists.
    expect(await ask('127.0.0.6', 'six0')).toMatch(/^SIP\/2\.0 407 /);
    const withSix = snapshot({ ...current, mappingGateways: [...current.mappingGateways, { name: 'mgw-six', authMode: 'ip', ips: [{ ip: '127.0.0.6' }] }] });
    const withSeven = snapshot({ ...withSix, mappingGateways: [...withSix.mappingGateways, { name: 'mgw-seven', authMode: 'ip', ips: [{ ip: '127.0.0.7' }] }] });
    const t0 = performance.now();
    const first = driver.apply(current, withSix).then(() => performance.now() - t0);
    const second = driver.apply(withSix, withSeven).then(() => performance.now() - t0);
    const [a, b] = await Promise.all([first, second]);
    console.info(`apply table-reload (permissions): first ${a.toFixed(0)} ms, second (waits out reload_delta) ${b.toFixed(0)} ms`);
    current = withSeven;
    expect(await ask('127.0.0.6', 'six1')).toMatch(/^SIP\/2\.0 200 /);
    expect(await ask('127.0.0.7', 'seven1')).toMatch(/^SIP\/2\.0 200 /);

    // A reload right after another would be refused by Kamailio: the driver waits it out.
    const withEight = snapshot({ ...current, mappingGateways: [...current.mappingGateways, { name: 'mgw-eight', authMode: 'ip', ips: [{ ip: '127.0.0.8' }] }] });
    const t1 = performance.now();
    await driver.apply(current, withEight);
    const waited = performance.now() - t1;
    console.info(`apply table-reload (permissions) right after a reload: ${waited.toFixed(0)} ms`);
    expect(waited).toBeGreaterThan(4000);
    current = withEight;
    expect(await ask('127.0.0.8', 'eight1')).toMatch(/^SIP\/2\.0 200 /);
  }, 20_000);

  it('refuses an apply whose cfg or tables cannot be produced and keeps serving the previous state', async () => {
    const cfg = readFileSync(join(dir, 'engine', 'kamailio.cfg'), 'utf8');
    const badParam = snapshot({ ...current, params: { ...current.params, SS_SIP_TIMEOUT_INVITE: 0 } });
    await expect(driver.apply(current, badParam)).rejects.toThrow(EngineError);
    await expect(driver.apply(current, badParam)).rejects.toThrow(/params\.sipTimeoutInviteSec/);
    const many = Array.from({ length: 32 }, (_, i) => ({ host: GW_IP, port: 20000 + i }));
    const badTable = snapshot({
      ...current,
      routingGateways: [...current.routingGateways, ...['x1', 'x2', 'x3'].map((name) => ({ name, addresses: many }))],
    });
    await expect(driver.apply(current, badTable)).rejects.toThrow(/gwlist|too many gateway addresses/);
    expect(readFileSync(join(dir, 'engine', 'kamailio.cfg'), 'utf8')).toBe(cfg);
    const r = await sipp(join(dir, 'uac.xml'), IP_MGW, '7003');
    expect(r.code, r.output).toBe(0);
    expect(await cdrGateway('7003')).toBe('gw-new');

    // The store's rollback, apply(failed, previous), works although `failed` never mapped:
    // it rewrites everything from `previous`.
    const back = await driver.apply(badParam, current);
    // Every table is rewritten: permissions address, drouting, auth_db subscriber, the dispatcher probe list.
    expect(back.filter((a) => a.kind === 'table-reload').map((a) => a.target).sort()).toEqual(['auth_db.subscriber', 'dispatcher', 'drouting', 'permissions.address']);
    expect(readFileSync(join(dir, 'engine', 'kamailio.cfg'), 'utf8')).toBe(cfg);
    expect(await ask('127.0.0.8', 'eight2')).toMatch(/^SIP\/2\.0 200 /);
  }, 20_000);

  it('restarts rtpengine on request and anchors the next call at the new instance', async () => {
    const before = driver.status().rtpengine.pid;
    await driver.restart('rtpengine');
    expect(driver.status().rtpengine).toMatchObject({ state: 'running', restarts: 0 });
    expect(driver.status().rtpengine.pid).not.toBe(before);
    const r = await sipp(join(dir, 'uac-hold.xml'), IP_MGW, '3006');
    expect(r.code, r.output).toBe(0);
  });

  it('restarts kamailio after kill -9 and calls flow again', async () => {
    const pid = driver.status().kamailio.pid!;
    const t0 = performance.now();
    process.kill(pid, 'SIGKILL');
    await waitFor('kamailio restarted', 15_000, () => {
      const s = driver.status().kamailio;
      return s.state === 'running' && s.pid !== pid ? s : undefined;
    });
    console.info(`kill -9 → kamailio answering again: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(driver.status().kamailio).toMatchObject({ restarts: 1 });
    expect(driver.status().kamailio.lastError).toBeNull();
    expect(states.some((s) => s.kamailio.state === 'backoff' && /SIGKILL/.test(s.kamailio.lastError ?? ''))).toBe(true);
    const r = await sipp(join(dir, 'uac.xml'), IP_MGW, '7004');
    expect(r.code, r.output).toBe(0);
    // The restarted kamailio read the applied tables and cfg: still the new gateway, still 407.
    expect(await cdrGateway('7004')).toBe('gw-new');
    const auth = await sipp(join(dir, 'uac-auth-407.xml'), PW_MGW, '3005', ['-au', 'trunk1', '-ap', 'right-pw']);
    expect(auth.code, auth.output).toBe(0);
  }, 30_000);

  it('stops both process groups without leaving any process behind', async () => {
    const pids = [driver.status().kamailio.pid!, driver.status().rtpengine.pid!];
    await driver.stop();
    expect(driver.status().kamailio.state).toBe('stopped');
    for (const pgid of pids) {
      expect(() => process.kill(-pgid, 0)).toThrow(/ESRCH/);
    }
  });
});
