// Real Kamailio + sipp on loopback: CDRs written by acc through db_flatstore are ingested into
// the agent's SQLite store exactly once, across a k_rotate and an ingester restart mid-load.
// 127.0.0.2 is the mapping gateway (caller), 127.0.0.3 the routing gateway (sipp UAS).
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CdrIngester } from '../../../switch-agent/src/cdr/ingester';
import { CDR_MIGRATIONS } from '../../../switch-agent/src/cdr/migrations';
import type { KamailioRpcClient } from '../../../switch-agent/src/engine/kamailio/rpcClient';
import { writeEngineTables } from '../../../switch-agent/src/engine/kamailio/schema';
import { runMigrations } from '../../../switch-agent/src/store/migrate';
import { freeUdpPort, haveBinary, mediaPorts, run, SETTLE_MS, startGroup, stopGroup, udpPortBound, waitFor } from '../engine/procs';
import { startBareKamailio, startBareRtpengine, writeBareCfg } from '../engine/bareEngine';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const PROXY_IP = '127.0.0.1';
const CALLER_IP = '127.0.0.2';
const GW_IP = '127.0.0.3';
const CALLS = 200;
const RATE = 50;

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) {
  throw new Error(`cdr integration tests need ${missing.join(', ')} (apt-get install kamailio kamailio-sqlite-modules sip-tester rtpengine-daemon)`);
}

describe.skipIf(missing.length > 0)(`CDR ingestion from db_flatstore${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let dir = '';
  let cdrDir = '';
  let kamailio: ChildProcess | undefined;
  let kamailioLog = '';
  let uas: ChildProcess | undefined;
  let rtpengine: ChildProcess | undefined;
  let rpc: KamailioRpcClient | undefined;
  let db: Database.Database | undefined;
  let proxy = { host: PROXY_IP, port: 0 };
  const ingesters: CdrIngester[] = [];

  const newIngester = () => {
    const ing = new CdrIngester({
      dir: cdrDir,
      db: db!,
      rotate: async () => void (await rpc!.call('flatstore.k_rotate')),
      pollMs: 100,
      rotateEveryMs: 3_600_000, // Only the explicit rotation below.
      onError: (e) => console.error(`ingester: ${e.message}`),
    });
    ingesters.push(ing);
    return ing;
  };
  const sipp = (callee: string, calls: number, cid: string) =>
    run('sipp', [
      '-sf', join(SCENARIOS, 'uac_call.xml'), '-i', CALLER_IP, '-s', callee, `${proxy.host}:${proxy.port}`,
      '-m', String(calls), '-r', String(RATE), '-cid_str', cid, '-timeout', '30s', '-nostdin',
    ], dir, 35_000);
  const count = (where = '1') => db!.prepare(`SELECT count(*) FROM cdrs WHERE ${where}`).pluck().get() as number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-cdr-int-'));
    cdrDir = join(dir, 'cdr');
    mkdirSync(cdrDir);
    proxy = { host: PROXY_IP, port: await freeUdpPort(PROXY_IP) };
    const gwPort = await freeUdpPort(GW_IP);
    const ngPort = await freeUdpPort(PROXY_IP);

    const engineDb = new Database(join(dir, 'engine.sqlite'));
    writeEngineTables(engineDb, {
      mappingGateways: [{ name: 'mgw-a', ips: [{ ip: CALLER_IP }] }],
      routingGateways: [{ name: 'gw-ok', prefixes: ['300'], priority: 1, addresses: [{ host: GW_IP, port: gwPort }] }],
    });
    engineDb.close();

    db = new Database(join(dir, 'agent.sqlite'));
    db.pragma('journal_mode = WAL');
    runMigrations(db, CDR_MIGRATIONS);

    const { cfgPath, paths } = writeBareCfg({ dir, cdrDir, listen: proxy, ngPort, authChallengeCode: 407 });
    // The cfg anchors media at rtpengine. 4 ports per call, ~10 calls at once; delete-delay 0
    // frees ports at BYE.
    const rtp = mediaPorts(6000 + (process.pid % 10) * 400, 400);
    rtpengine = await startBareRtpengine(dir, { interface: PROXY_IP, ngHost: PROXY_IP, ngPort, portMin: rtp.min, portMax: rtp.max, deleteDelaySec: 0, logLevel: 3 });
    uas = startGroup('sipp', ['-sf', join(SCENARIOS, 'uas_answer.xml'), '-i', GW_IP, '-p', String(gwPort), '-nostdin', '-timeout', '60s'], dir);
    const started = await startBareKamailio({ dir, cfgPath, paths, onLog: (t) => (kamailioLog = (kamailioLog + t).slice(-8000)) });
    kamailio = started.proc;
    rpc = started.rpc;
    await waitFor(`sipp UAS on ${GW_IP}:${gwPort}`, SETTLE_MS, async () => ((await udpPortBound(GW_IP, gwPort)) ? true : undefined));
  }, 30_000);

  afterAll(async () => {
    await Promise.all(ingesters.map((i) => i.stop()));
    rpc?.close();
    await Promise.all([stopGroup(kamailio), stopGroup(uas), stopGroup(rtpengine)]);
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`ingests ${CALLS} calls at ${RATE}/s exactly once across a k_rotate and an ingester restart`, async () => {
    const started = Date.now();
    const first = newIngester();
    first.start();
    const load = sipp('3001234', CALLS, 'cdrtest-%u@sd');

    await waitFor('60 CDRs ingested', 15_000, () => (count() >= 60 ? true : undefined));
    const rotation = await first.rotateNow();
    const atRotation = count();
    expect(rotation.rotated).toBe(true);
    expect(rotation.renamed.length).toBeGreaterThanOrEqual(1);

    // Simulated agent restart: a new ingester on the same database picks up where the first stopped.
    await waitFor('130 CDRs ingested', 15_000, () => (count() >= 130 ? true : undefined));
    await first.stop();
    const atRestart = count();
    const second = newIngester();
    second.start();

    const r = await load;
    expect(r.code, r.output + kamailioLog).toBe(0);
    const loadEnded = Date.now();
    await waitFor(`${CALLS} CDRs ingested`, SETTLE_MS, () => (count() >= CALLS ? true : undefined));
    const lag = Date.now() - loadEnded;
    await second.stop();
    second.ingestNow();

    const ids = db!.prepare('SELECT call_id FROM cdrs').pluck().all() as string[];
    expect(ids).toHaveLength(CALLS);
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: CALLS }, (_, i) => `cdrtest-${i + 1}@sd`)));
    expect(count("mapping_gateway = 'mgw-a' AND routing_gateway = 'gw-ok' AND callee = '3001234' AND caller = '5550100' AND sip_code = 200 AND src_ip = '127.0.0.2'")).toBe(CALLS);
    expect(db!.prepare('SELECT count(*) FROM cdr_rejects').pluck().get()).toBe(0);
    // Both workers wrote after the rotation, so every renamed file was read to its end and deleted.
    const left = readdirSync(cdrDir);
    expect(left.filter((n) => /\.log\.\d+$/.test(n))).toEqual([]);
    expect(first.stats().deletedFiles + second.stats().deletedFiles).toBe(rotation.renamed.length);
    console.info(
      `cdr ingest: ${CALLS} calls at ${RATE}/s, rotation at ${atRotation} rows renamed ${rotation.renamed.join(', ')}, restart at ${atRestart} rows, ` +
      `all rows ${lag} ms after sipp ended, ${Date.now() - started} ms in all; files left: ${left.join(', ')}`,
    );
  }, 40_000);

  it('decodes the delimiter that flatstore escapes in a real line', async () => {
    const ing = newIngester();
    const r = await sipp('300|7%41', 2, 'esc-%u|x@sd');
    expect(r.code, r.output + kamailioLog).toBe(0);
    await waitFor('2 CDRs with an escaped callee', SETTLE_MS, () => {
      ing.ingestNow();
      return count("call_id LIKE 'esc-%'") >= 2 ? true : undefined;
    });
    const rows = db!.prepare("SELECT call_id, callee FROM cdrs WHERE call_id LIKE 'esc-%' ORDER BY call_id").all();
    expect(rows).toEqual([{ call_id: 'esc-1|x@sd', callee: '300|7%41' }, { call_id: 'esc-2|x@sd', callee: '300|7%41' }]);
  });
});
