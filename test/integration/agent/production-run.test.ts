// Production run: the agent runs as root and starts Kamailio and rtpengine as their own
// unprivileged users (engine.runAsUser), the users the package's install script creates
// (switch-agent/packaging/debian/engine-users.sh, run here as postinst runs it). Proven with a
// real agent, Kamailio on a port below 1024 (it keeps CAP_NET_BIND_SERVICE and nothing else),
// a sipp call through a routing gateway and its call record ingested, and what Kamailio's user
// may and may not write. Then, on the same engine: Kamailio's shared memory sized from the
// gateways' limits at its start (engine.shmMb not pinned), and a capacity this host's memory or
// port range cannot hold refused at apply with the previous configuration still routing calls.
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBinary, run, SETTLE_MS, udpPortBound, waitFor } from '../engine/procs';
import { readLocalPortRange } from '../../../switch-agent/src/engine/mediaPorts';
import { Gateways, SIP_IP, rpcFailure, startTestAgent, type TestAgent } from './agentHarness';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const USERS_SCRIPT = fileURLToPath(new URL('../../../switch-agent/packaging/debian/engine-users.sh', import.meta.url));
const CALLER = '127.0.0.2';
const GW_OK = '127.0.0.4';
const KAM_USER = 'switchdeck-kamailio';
const RTP_USER = 'switchdeck-rtpengine';
const CAP_NET_BIND_SERVICE = 1n << 10n;

const isRoot = process.getuid?.() === 0;
const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if ((missing.length > 0 || !isRoot) && process.env.CI) throw new Error(`the engine-users test needs root and ${missing.join(', ') || 'nothing else'}`);

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Owner user name and effective capabilities of a process. */
function procIdentity(pid: number): { user: string; capEff: bigint } {
  const status = sh('cat', [`/proc/${pid}/status`]);
  const uid = /^Uid:\s+\d+\s+(\d+)/m.exec(status)![1]!;
  return { user: sh('id', ['-nu', uid]).trim(), capEff: BigInt(`0x${/^CapEff:\s+([0-9a-f]+)/m.exec(status)![1]!}`) };
}

/** `ps`'s view: user of every process in the group led by `pgid`. */
const groupUsers = (pgid: number) => new Set(sh('ps', ['-o', 'user:32=', '-g', String(pgid)]).split('\n').map((l) => l.trim()).filter(Boolean));

/** A UDP port below 1024 that nobody holds on the SIP address. */
async function privilegedPort(): Promise<number> {
  for (let p = 900; p < 1000; p++) if (!(await udpPortBound(SIP_IP, p))) return p;
  throw new Error('no free UDP port in 900–999 on 127.0.0.1');
}

/** Whether `user` can create a file in `dir` (run as that user, no capabilities). */
function canWrite(user: string, dir: string): boolean {
  try {
    sh('setpriv', ['--reuid', user, '--regid', user, '--clear-groups', '--', 'touch', join(dir, 'probe-by-engine-user')]);
    sh('rm', ['-f', join(dir, 'probe-by-engine-user')]);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(missing.length > 0 || !isRoot)(`engines as their own users${missing.length || !isRoot ? ' (skipped: needs root, kamailio, rtpengine, sipp)' : ''}`, () => {
  let t: TestAgent;
  let gateways: Gateways;
  let okPort = 0;
  /** Below 1024, as SIP's 5060 is: Kamailio binds it with the one capability it keeps. */
  let sipPort = 0;

  beforeAll(async () => {
    // Twice: the install script runs at every configure and must change nothing the second time.
    sh('sh', [USERS_SCRIPT]);
    const before = sh('getent', ['passwd', KAM_USER, RTP_USER]);
    sh('sh', [USERS_SCRIPT]);
    expect(sh('getent', ['passwd', KAM_USER, RTP_USER])).toBe(before);
    sipPort = await privilegedPort();
    t = await startTestAgent({
      // The temp folder stands for /var/lib/switch-agent, which the package makes 0751.
      prepareDataDir: (_data, dir) => chmodSync(dir, 0o751),
      engine: { sipPort, runAsUser: { kamailio: KAM_USER, rtpengine: RTP_USER }, shmMb: null },
    });
    gateways = new Gateways(t.dir);
    okPort = await gateways.start(GW_OK, join(SCENARIOS, 'uas_answer.xml'));
  }, 40_000);

  /** `n` sipp calls to `callee` through the engine, and their ingested call records. */
  async function calls(callee: string, n: number) {
    const r = await run('sipp', ['-sf', join(SCENARIOS, 'uac_call.xml'), '-i', CALLER, '-s', callee, `${SIP_IP}:${sipPort}`, '-m', String(n), '-r', '10', '-timeout', '15s', '-nostdin'], t.dir, 20_000);
    expect(r.code, `${r.output}\n--- agent log ---\n${t.log.text()}`).toBe(0);
    return waitFor(`${n} ingested call records for ${callee}`, SETTLE_MS, () => {
      const got = t.cdrs(callee);
      return got.length >= n ? got : undefined;
    });
  }
  /** Kamailio's -m (shared memory, MB) as the running main process was started with. */
  const kamailioShmMb = () => {
    const argv = sh('cat', [`/proc/${t.agent.engine.status().kamailio.pid!}/cmdline`]).split('\0');
    return Number(argv[argv.indexOf('-m') + 1]);
  };
  const setLimits = async (mgw: { maxConcurrentCalls?: number | null; cpsLimit?: number | null }) => {
    const a = await t.client('admin', 'alice');
    const { snapshot } = await a.call('config.get', {});
    return a.call('config.apply', { baseRevision: snapshot.revision, ops: [{ op: 'mappingGateway.upsert', gateway: { name: 'mgw', authMode: 'ip', ips: [{ ip: CALLER }], ...mgw } }] });
  };

  afterAll(async () => {
    await gateways?.stop();
    await t?.stop();
  });

  it('creates system users without a shell or a home folder', () => {
    for (const line of sh('getent', ['passwd', KAM_USER, RTP_USER]).trim().split('\n')) {
      const [name, , uid, , , home, shell] = line.split(':');
      expect(Number(uid), `${name} is a system user`).toBeLessThan(1000);
      expect(home).toBe('/nonexistent');
      expect(shell).toBe('/usr/sbin/nologin');
    }
  });

  it('runs every Kamailio process as its user with only CAP_NET_BIND_SERVICE, and rtpengine as its own with none', () => {
    const s = t.agent.engine.status();
    expect(s.kamailio.state).toBe('running');
    expect(s.rtpengine.state).toBe('running');
    expect(groupUsers(s.kamailio.pid!)).toEqual(new Set([KAM_USER]));
    expect(groupUsers(s.rtpengine.pid!)).toEqual(new Set([RTP_USER]));
    expect(procIdentity(s.kamailio.pid!)).toEqual({ user: KAM_USER, capEff: CAP_NET_BIND_SERVICE });
    expect(procIdentity(s.rtpengine.pid!)).toEqual({ user: RTP_USER, capEff: 0n });
    console.info(`ps: ${sh('ps', ['-o', 'user:24,pid,comm', '-p', `${s.kamailio.pid!},${s.rtpengine.pid!}`]).trim()}`);
  });

  it('routes a call through a routing gateway and ingests its call record', async () => {
    const a = await t.client('admin', 'alice');
    const { snapshot } = await a.call('config.get', {});
    await a.call('config.apply', {
      baseRevision: snapshot.revision,
      ops: [
        { op: 'mappingGateway.upsert', gateway: { name: 'mgw', authMode: 'ip', ips: [{ ip: CALLER }] } },
        { op: 'routingGateway.upsert', gateway: { name: 'gw-ok', addresses: [{ host: GW_OK, port: okPort }] } },
      ],
    });
    const rows = await calls('2005550001', 2);
    for (const row of rows) expect(row).toMatchObject({ mapping_gateway: 'mgw', routing_gateway: 'gw-ok', sip_code: 200 });
    // The flatstore files were written by Kamailio's user into the folder the agent reads and rotates.
    const cdrDir = join(t.dataDir, 'engine/cdr');
    const owners = new Set(readdirSync(cdrDir).map((f) => statSync(join(cdrDir, f)).uid));
    expect(owners).toContain(Number(sh('id', ['-u', KAM_USER]).trim()));
  });

  it("lets Kamailio's user write only its run and call-record folders, and read nothing of the agent's own", () => {
    const engine = join(t.dataDir, 'engine');
    expect(canWrite(KAM_USER, join(engine, 'run'))).toBe(true);
    expect(canWrite(KAM_USER, join(engine, 'cdr'))).toBe(true);
    expect(canWrite(KAM_USER, engine), 'the engine folder (owner records, cfg, tables) is the agent\'s').toBe(false);
    expect(canWrite(RTP_USER, join(engine, 'cdr'))).toBe(false);
    for (const f of readdirSync(engine).filter((n) => n.endsWith('.owner.json'))) expect(statSync(join(engine, f)).mode & 0o077).toBe(0);
    // The agent's database stays root's alone.
    expect(statSync(join(t.dataDir, 'agent.db')).mode & 0o077).toBe(0);
  });

  it("sizes Kamailio's shared memory from the gateways' limits at its next start, and warns that the media range falls short", async () => {
    // No limits so far: the size Kamailio always had.
    expect(kamailioShmMb()).toBe(256);
    // 7000 concurrent calls (≈ 700/s as 10 s calls): 48 + 175 + 41 = 265 MB, a quarter more in 16 MB steps = 336.
    await setLimits({ maxConcurrentCalls: 7000 });
    expect(t.log.text()).toMatch(/engine sizing: the configured capacity \(7000 concurrent calls, about 700 calls per second.*needs 30800 media ports; engine\.rtpPortMin–rtpPortMax holds 100/);
    expect(kamailioShmMb(), 'a running Kamailio keeps its size').toBe(256);
    const a = await t.client('admin', 'alice');
    await a.call('engine.restart', { target: 'kamailio' });
    expect(kamailioShmMb()).toBe(336);
    expect((await calls('2005550002', 1))[0]).toMatchObject({ sip_code: 200 });
  }, 30_000);

  it("refuses a capacity this host's port range or memory cannot hold, naming both numbers, and keeps routing calls", async () => {
    const ephemeral = readLocalPortRange()!;
    const before = (await (await t.client('view', 'v')).call('config.get', {})).snapshot;
    // Just more concurrent calls than the ports below the ephemeral range hold (4 per call, plus 1 s of calls/s).
    const tooMany = Math.ceil((ephemeral.min - 1024) / 4.4) + 10;
    const ports = await rpcFailure(setLimits({ maxConcurrentCalls: tooMany }));
    expect(ports.code).toBe('ENGINE_FAILED');
    expect(ports.message).toContain(
      `needs ${4 * (tooMany + Math.ceil(tooMany / 10))} media ports (4 per call, kept after it ends), but this host has only ${ephemeral.min - 1024} ports between 1024 and its ephemeral port range (from ${ephemeral.min})`,
    );
    expect(ports.message).toMatch(/nothing was changed$/);
    // More calls per second than half this host's memory holds at 0.25 MB each, over enough mapping gateways.
    const memMb = Math.floor(Number(/^MemTotal:\s+(\d+)/m.exec(sh('cat', ['/proc/meminfo']))![1]) / 1024);
    const gateways = Math.ceil(((memMb / 2) / 0.25) / 100_000) + 1;
    const a = await t.client('admin', 'alice');
    const memory = await rpcFailure(a.call('config.apply', {
      baseRevision: before.revision,
      ops: [
        { op: 'mappingGateway.upsert', gateway: { name: 'mgw', authMode: 'ip', ips: [{ ip: CALLER }], maxConcurrentCalls: 1, cpsLimit: 100_000 } },
        ...Array.from({ length: gateways }, (_, i) => ({ op: 'mappingGateway.upsert' as const, gateway: { name: `mgw-big-${i}`, authMode: 'ip' as const, ips: [{ ip: `127.0.1.${i + 1}` }], maxConcurrentCalls: 1, cpsLimit: 100_000 } })),
      ],
    }));
    expect(memory.code).toBe('ENGINE_FAILED');
    expect(memory.message).toMatch(new RegExp(`needs about \\d+ MB of Kamailio shared memory, but this host has ${memMb} MB of memory, of which at most ${Math.floor(memMb / 2)} MB may go to it`));
    const after = (await (await t.client('view', 'v')).call('config.get', {})).snapshot;
    expect(after.revision).toBe(before.revision);
    expect((await calls('2005550003', 1))[0]).toMatchObject({ mapping_gateway: 'mgw', sip_code: 200 });
  }, 30_000);

  it('an agent restart with the handover marker (what a package upgrade does) keeps both engines as their users; a stop for good and a start restarts them; the store is kept', async () => {
    const before = t.agent.engine.status();
    const revision = t.agent.service.current().revision;
    let t0 = performance.now();
    await t.restart({ keepEngines: true });
    const kept = t.agent.engine.status();
    console.info(`agent restart with handover to both engines adopted and running: ${(performance.now() - t0).toFixed(0)} ms (calls in progress continue)`);
    expect(kept.kamailio.pid).toBe(before.kamailio.pid);
    expect(kept.rtpengine.pid).toBe(before.rtpengine.pid);
    expect(kept.kamailio.state).toBe('running');
    expect(groupUsers(kept.kamailio.pid!)).toEqual(new Set([KAM_USER]));
    expect((await calls('2005550005', 1))[0]).toMatchObject({ mapping_gateway: 'mgw', sip_code: 200 });
    t0 = performance.now();
    await t.restart();
    const after = t.agent.engine.status();
    console.info(`agent stop and start to both engines running: ${(performance.now() - t0).toFixed(0)} ms (calls in progress are dropped)`);
    expect(after.kamailio.pid).not.toBe(before.kamailio.pid);
    expect(after.rtpengine.pid).not.toBe(before.rtpengine.pid);
    expect(groupUsers(after.kamailio.pid!)).toEqual(new Set([KAM_USER]));
    expect(groupUsers(after.rtpengine.pid!)).toEqual(new Set([RTP_USER]));
    expect(t.agent.service.current().revision).toBe(revision);
    expect((await calls('2005550004', 1))[0]).toMatchObject({ mapping_gateway: 'mgw', sip_code: 200 });
  }, 30_000);
});
