// Production run: the agent runs as root and starts Kamailio and rtpengine as their own
// unprivileged users (engine.runAsUser), the users the package's install script creates
// (switch-agent/packaging/debian/engine-users.sh, run here as postinst runs it). Proven with a
// real agent, Kamailio on a port below 1024 (it keeps CAP_NET_BIND_SERVICE and nothing else),
// a sipp call through a routing gateway and its call record ingested, and what Kamailio's user
// may and may not write.
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBinary, run, udpPortBound, waitFor } from '../engine/procs';
import { Gateways, SIP_IP, startTestAgent, type TestAgent } from './agentHarness';

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
      engine: { sipPort, runAsUser: { kamailio: KAM_USER, rtpengine: RTP_USER } },
    });
    gateways = new Gateways(t.dir);
    okPort = await gateways.start(GW_OK, join(SCENARIOS, 'uas_answer.xml'));
  }, 40_000);

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
    const r = await run('sipp', ['-sf', join(SCENARIOS, 'uac_call.xml'), '-i', CALLER, '-s', '2005550001', `${SIP_IP}:${sipPort}`, '-m', '2', '-r', '10', '-timeout', '15s', '-nostdin'], t.dir, 20_000);
    expect(r.code, `${r.output}\n--- agent log ---\n${t.log.text()}`).toBe(0);
    const rows = await waitFor('2 ingested call records', 8000, () => {
      const got = t.cdrs('2005550001');
      return got.length >= 2 ? got : undefined;
    });
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
});
