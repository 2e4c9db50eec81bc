// Real Kamailio + sipp on loopback. 127.0.0.2 is a mapping gateway (caller, authenticated by
// IP), 127.0.0.3 hosts the routing gateways (sipp UAS on several ports), 127.0.0.9 is unknown.
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CFG_GROUP, CFG_VARS } from '../../../switch-agent/src/engine/kamailio/renderCfg';
import { writeEngineTables } from '../../../switch-agent/src/engine/kamailio/schema';
import type { KamailioRpcClient } from '../../../switch-agent/src/engine/kamailio/rpcClient';
import {
  flatstoreRows, freeUdpPort, haveBinary, mediaPorts, options, run, SETTLE_MS, sipRequest, startGroup, stopGroup, udpPortBound, waitFor,
} from './procs';
import { startBareKamailio, startBareRtpengine, writeBareCfg } from './bareEngine';

const SCENARIOS = fileURLToPath(new URL('./scenarios/', import.meta.url));
const PROXY_IP = '127.0.0.1';
const CALLER_IP = '127.0.0.2';
const GW_IP = '127.0.0.3';
const UNKNOWN_IP = '127.0.0.9';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) {
  throw new Error(`engine integration tests need ${missing.join(', ')} (apt-get install kamailio kamailio-sqlite-modules sip-tester)`);
}

// CDR columns: start, end, duration, then cdr_extra in renderCfg order.
const CDR = { callid: 3, mgw: 7, rgw: 8, callee: 11, code: 12 } as const;

describe.skipIf(missing.length > 0)(`engine call flow${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let dir = '';
  let kamailio: ChildProcess | undefined;
  let rtpengine: ChildProcess | undefined;
  let kamailioLog = '';
  const uas: ChildProcess[] = [];
  let rpc: KamailioRpcClient | undefined;
  let proxy = { host: PROXY_IP, port: 0 };
  let cdrDir = '';
  let pidFile = '';

  const sipp = (scenario: string, callee: string, calls: number, extra: string[] = []) =>
    run('sipp', [
      '-sf', join(SCENARIOS, scenario), '-i', CALLER_IP, '-s', callee, `${proxy.host}:${proxy.port}`,
      '-m', String(calls), '-r', '20', '-timeout', '20s', '-nostdin', ...extra,
    ], dir, 25_000);

  const cdrsFor = (callee: string) => flatstoreRows(cdrDir, 'acc_cdrs').filter((r) => r[CDR.callee] === callee);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-engine-'));
    cdrDir = join(dir, 'cdr');
    mkdirSync(cdrDir);
    pidFile = join(dir, 'kamailio.pid');
    proxy = { host: PROXY_IP, port: await freeUdpPort(PROXY_IP) };

    const gwPorts = { fail503: 0, ok: 0, sdp503: 0, silent: 0, ring: 0 };
    for (const k of Object.keys(gwPorts) as (keyof typeof gwPorts)[]) gwPorts[k] = await freeUdpPort(GW_IP);
    const db = new Database(join(dir, 'engine.sqlite'));
    writeEngineTables(db, {
      mappingGateways: [{ name: 'mgw-a', ips: [{ ip: CALLER_IP }] }],
      routingGateways: [
        // Lower priority value is tried first: the failing gateways (1) before gw-ok (10).
        { name: 'gw-503', prefixes: ['100'], priority: 1, addresses: [{ host: GW_IP, port: gwPorts.fail503 }] },
        { name: 'gw-ok', prefixes: ['100', '200', '300', '400', '500'], priority: 10, addresses: [{ host: GW_IP, port: gwPorts.ok }] },
        { name: 'gw-sdp503', prefixes: ['200'], priority: 1, addresses: [{ host: GW_IP, port: gwPorts.sdp503 }] },
        { name: 'gw-silent', prefixes: ['400'], priority: 1, addresses: [{ host: GW_IP, port: gwPorts.silent }] },
        { name: 'gw-ring', prefixes: ['500'], priority: 1, addresses: [{ host: GW_IP, port: gwPorts.ring }] },
      ],
    });
    db.close();

    const ngPort = await freeUdpPort(PROXY_IP);
    const rtp = mediaPorts(10000 + (process.pid % 50) * 100, 100);
    rtpengine = await startBareRtpengine(dir, { interface: PROXY_IP, ngHost: PROXY_IP, ngPort, portMin: rtp.min, portMax: rtp.max });
    const { cfgPath, paths } = writeBareCfg({ dir, cdrDir, listen: proxy, ngPort, authChallengeCode: 401 });

    const scenarios: [string, number][] = [
      ['uas_503.xml', gwPorts.fail503], ['uas_answer.xml', gwPorts.ok], ['uas_183sdp_503.xml', gwPorts.sdp503], ['uas_silent.xml', gwPorts.silent],
      ['uas_ring_forever.xml', gwPorts.ring],
    ];
    for (const [file, port] of scenarios) {
      uas.push(startGroup('sipp', ['-sf', join(SCENARIOS, file), '-i', GW_IP, '-p', String(port), '-nostdin', '-timeout', '120s'], dir));
    }

    const startedAt = Date.now();
    const started = await startBareKamailio({ dir, cfgPath, paths, pidFile, onLog: (t) => (kamailioLog = (kamailioLog + t).slice(-8000)) });
    kamailio = started.proc;
    rpc = started.rpc;
    console.info(`kamailio answered RPC ${Date.now() - startedAt} ms after spawn`);
    for (const [, port] of scenarios) await waitFor(`sipp UAS on ${GW_IP}:${port}`, SETTLE_MS, async () => ((await udpPortBound(GW_IP, port)) ? true : undefined));
  }, 30_000);

  afterAll(async () => {
    rpc?.close();
    await Promise.all([stopGroup(kamailio), stopGroup(rtpengine), ...uas.map((u) => stopGroup(u))]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('completes calls from a mapping gateway and writes one CDR line per call', async () => {
    const r = await sipp('uac_call.xml', '3005550001', 5);
    expect(r.code, r.output + kamailioLog).toBe(0);
    const rows = await waitFor('5 CDR lines', SETTLE_MS, () => (cdrsFor('3005550001').length >= 5 ? cdrsFor('3005550001') : undefined));
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row[CDR.code]).toBe('200');
      expect(row[CDR.mgw]).toBe('mgw-a');
      expect(row[CDR.rgw]).toBe('gw-ok');
    }
    expect(new Set(rows.map((row) => row[CDR.callid])).size).toBe(5);
  });

  it('fails over from a gateway answering 503 to the next one', async () => {
    const before = await rpc!.call('stats.get_statistics', ['rcv_replies_5xx_invite']);
    const r = await sipp('uac_call.xml', '1005550002', 3);
    expect(r.code, r.output + kamailioLog).toBe(0);
    const rows = await waitFor('3 CDR lines', SETTLE_MS, () => (cdrsFor('1005550002').length >= 3 ? cdrsFor('1005550002') : undefined));
    expect(rows.map((row) => row[CDR.rgw])).toEqual(['gw-ok', 'gw-ok', 'gw-ok']);
    const after = await rpc!.call('stats.get_statistics', ['rcv_replies_5xx_invite']);
    // Reply shape: ["core:rcv_replies_5xx_invite = N"].
    const count = (v: unknown) => Number(/= (\d+)$/.exec(String((v as string[])[0]))?.[1]);
    expect(count(after) - count(before)).toBe(3);
  });

  it('stops failover after an 18x with SDP, and fails over once stop_switch_after_sdp is 0 at run time', async () => {
    const stopped = await sipp('uac_fail.xml', '2005550003', 2);
    expect(stopped.code, stopped.output + kamailioLog).toBe(0);

    await rpc!.call('cfg.seti', [CFG_GROUP, CFG_VARS.stopSwitchAfterSdp, 0]);
    const switched = await sipp('uac_call.xml', '2005550004', 2);
    expect(switched.code, switched.output + kamailioLog).toBe(0);
    const rows = await waitFor('2 CDR lines', SETTLE_MS, () => (cdrsFor('2005550004').length >= 2 ? cdrsFor('2005550004') : undefined));
    expect(rows.map((row) => row[CDR.rgw])).toEqual(['gw-ok', 'gw-ok']);
    await rpc!.call('cfg.seti', [CFG_GROUP, CFG_VARS.stopSwitchAfterSdp, 1]);
  });

  it('fails over when a gateway stays silent past sip_timeout_invite, changed at run time', async () => {
    await rpc!.call('cfg.seti', [CFG_GROUP, CFG_VARS.sipTimeoutInviteSec, 1]);
    const r = await sipp('uac_call.xml', '4005550005', 1);
    expect(r.code, r.output + kamailioLog).toBe(0);
    // 1 s no-reply timer on the silent gateway, then the call completes on gw-ok; the
    // rendered default (10 s) would have exceeded this bound.
    expect(r.ms).toBeGreaterThanOrEqual(1000);
    expect(r.ms).toBeLessThan(4000);
    const rows = await waitFor('1 CDR line', SETTLE_MS, () => (cdrsFor('4005550005').length >= 1 ? cdrsFor('4005550005') : undefined));
    expect(rows[0]?.[CDR.rgw]).toBe('gw-ok');
    console.info(`silent gateway + failover call took ${r.ms} ms with sip_timeout_invite=1`);
    await rpc!.call('cfg.seti', [CFG_GROUP, CFG_VARS.sipTimeoutInviteSec, 10]);
  });

  it('cancels a gateway that rings past sip_timeout_ringing and fails over, changed at run time', async () => {
    await rpc!.call('cfg.seti', [CFG_GROUP, CFG_VARS.sipTimeoutRingingSec, 1]);
    const r = await sipp('uac_call.xml', '5005550006', 1);
    expect(r.code, r.output + kamailioLog).toBe(0);
    // Rendered value is 60 s: finishing within 4 s shows the runtime value was used.
    expect(r.ms).toBeGreaterThanOrEqual(1000);
    expect(r.ms).toBeLessThan(4000);
    const rows = await waitFor('1 CDR line', SETTLE_MS, () => (cdrsFor('5005550006').length >= 1 ? cdrsFor('5005550006') : undefined));
    expect(rows[0]?.[CDR.rgw]).toBe('gw-ok');
    console.info(`ringing gateway + failover call took ${r.ms} ms with sip_timeout_ringing=1`);
    await rpc!.call('cfg.seti', [CFG_GROUP, CFG_VARS.sipTimeoutRingingSec, 60]);
  });

  it('reports a refused reload as an RPC error (permissions reload_delta)', async () => {
    // drouting has no reload_delta: two reloads back to back both succeed (measured, 5.6.3).
    await expect(rpc!.call('drouting.reload')).resolves.toBeDefined();
    await expect(rpc!.call('drouting.reload')).resolves.toBeDefined();
    const first = await rpc!.call('permissions.addressReload').then(() => 'ok', (e: Error) => e.message);
    const second = await rpc!.call('permissions.addressReload').then(() => 'ok', (e: Error) => e.message);
    console.info(`addressReload twice: ${first} / ${second}`);
    // Kamailio loaded the table at start-up less than reload_delta (5 s) ago or just now: at
    // least the second call must be refused, and the client must surface it as an error.
    expect(second).toMatch(/^kamailio rpc permissions\.addressReload: /);
  });

  it('answers unknown sources with 403, then drops them after cfg.seti reply_unauthorized 0, without a restart', async () => {
    const pid = readFileSync(pidFile, 'utf8').trim();
    const first = await sipRequest(UNKNOWN_IP, proxy, (p) => options(UNKNOWN_IP, p, proxy, 'unk1'), 2000);
    expect(first).toMatch(/^SIP\/2\.0 403 /);

    const t0 = performance.now();
    await rpc!.call('cfg.seti', [CFG_GROUP, CFG_VARS.replyUnauthorized, 0]);
    console.info(`cfg.seti round trip ${(performance.now() - t0).toFixed(1)} ms`);
    expect(await rpc!.call('cfg.get', [CFG_GROUP, CFG_VARS.replyUnauthorized])).toBe(0);

    const [silent, known] = await Promise.all([
      sipRequest(UNKNOWN_IP, proxy, (p) => options(UNKNOWN_IP, p, proxy, 'unk2'), 1500),
      sipRequest(CALLER_IP, proxy, (p) => options(CALLER_IP, p, proxy, 'known1'), 1500),
    ]);
    expect(known).toMatch(/^SIP\/2\.0 200 /);
    expect(silent).toBeUndefined();
    expect(readFileSync(pidFile, 'utf8').trim()).toBe(pid);
    expect(String(kamailio?.pid)).toBe(pid);
    expect(kamailio?.exitCode).toBeNull();
  });
});
