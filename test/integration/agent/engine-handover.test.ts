// Engines that outlive an agent restart (switch-agent/packaging/README.md): the built agent
// (`dist/switch-agent/switch-agent.mjs serve`), restarted with `switch-agent restart` (the
// handover marker, then SIGTERM and a fresh agent, as on a host without systemd), keeps Kamailio
// and rtpengine — same pids — when their configuration is unchanged, and a sipp call answered
// before the restart ends with BYE / 200 after it, its call record written by the new agent. A
// changed setting that needs a start (Kamailio's shared memory, rtpengine's port range) starts
// both again; a record naming a process that is not the engine (a recycled pid) is not adopted and
// that process is left alone; SIGTERM without the marker (a stop for good) stops both engines; and
// `switch-agent stop-engines` (ExecStopPost) leaves them during a handover or after a crash only.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBinary, run, waitFor } from '../engine/procs';
import { uacXml } from '../engine/scenarioXml';
import { runningEnginePids } from './engineCensus';
import { Gateways } from './agentHarness';
import { AGENT_ENTRY as ENTRY, builtAgentRig, routeCallsThrough, type BuiltAgentRig } from './builtAgent';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const SIP_IP = '127.0.0.1';
const CALLER = '127.0.0.2';
const GW = '127.0.0.4';
/** How long the call is held: longer than a restart with adoption takes on a loaded host. */
const HOLD_MS = 6000;

const missing = ['kamailio', 'rtpengine', 'sipp', 'setpriv'].filter((b) => !haveBinary(b, b === 'kamailio' || b === 'sipp' ? ['-v'] : ['--version']));
if (missing.length > 0 && process.env.CI) throw new Error(`engine handover tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('engines kept across an agent restart (handover)', () => {
  let rig: BuiltAgentRig;
  let agent: ChildProcess | undefined;
  let gateways: Gateways | undefined;
  const extraPids: number[] = [];

  const pidFile = () => join(rig.socketDir, 'agent.pid');
  const logFile = () => join(rig.dir, 'agent.log');
  const agentPid = () => Number(readFileSync(pidFile(), 'utf8').trim());
  const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  const agentText = () => `${rig.output()}${existsSync(logFile()) ? readFileSync(logFile(), 'utf8').slice(-4000) : ''}`;
  const connect = () => rig.connect('engine-handover.test');

  /** Both engines running, as engine.status of the agent now listening says; their pids. */
  async function ready(): Promise<{ kamailio: number; rtpengine: number }> {
    return waitFor(`agent ready\n${agentText()}`, 30_000, async () => {
      const client = await connect().catch(() => undefined);
      if (!client) return undefined;
      try {
        return await runningEnginePids(client);
      } finally {
        await client.close();
      }
    });
  }

  /** `switch-agent restart`: marker, SIGTERM to the agent in the pid file, a new detached agent. */
  async function restartCommand(): Promise<void> {
    const r = await run(process.execPath, [ENTRY, 'restart', '-c', rig.settingsFile, '--log', logFile()], rig.dir, 40_000);
    expect(r.code, `${r.output}\n${agentText()}`).toBe(0);
    extraPids.push(agentPid());
  }

  async function sigterm(pid: number): Promise<void> {
    process.kill(pid, 'SIGTERM');
    await waitFor(`agent ${pid} to stop`, 20_000, () => (alive(pid) ? undefined : true));
  }

  beforeAll(async () => {
    // Between the harness ranges (20000–28999) and media-anchoring (30000+).
    rig = await builtAgentRig({ prefix: 'handover', sipIp: SIP_IP, rtpBase: 29000 + (process.pid % 40) * 20 });
    agent = rig.start();
    // What the installer keeps without systemd; `switch-agent restart` reads it.
    writeFileSync(pidFile(), `${agent.pid}\n`);
    await ready();
    gateways = new Gateways(rig.dir);
    const gwPort = await gateways.start(GW, join(SCENARIOS, 'uas_answer.xml'));
    const admin = await connect();
    await routeCallsThrough(admin, CALLER, { host: GW, port: gwPort });
    await admin.close();
  }, 60_000);

  afterAll(async () => {
    await gateways?.stop();
    for (const pid of [agent?.pid, ...extraPids]) {
      if (pid && alive(pid)) await sigterm(pid).catch(() => process.kill(pid, 'SIGKILL'));
    }
    // Anything still running our engine command lines was started by this test's agents.
    rig?.cleanup();
  });

  it('an unchanged configuration: same engine pids, the call in progress ends with BYE / 200 and is recorded', async () => {
    const before = await ready();
    const uac = join(rig.dir, 'uac-hold.xml');
    writeFileSync(uac, uacXml({ expect: 'answer', holdMs: HOLD_MS }));
    const callee = '1555000111';
    const call = run('sipp', ['-sf', uac, '-i', CALLER, '-s', callee, `${SIP_IP}:${rig.sip.port}`, '-m', '1', '-timeout', '30s', '-nostdin'], rig.dir, 40_000);
    const admin = await connect();
    await waitFor('the call to be answered', 10_000, async () => ((await admin.call('calls.list', {})).total === 1 ? true : undefined));
    await admin.close();

    await restartCommand();
    const after = await ready();
    const restartedAt = Date.now();
    expect(after, agentText()).toEqual(before);
    // The new agent reads the dialog from the same Kamailio.
    const again = await connect();
    expect((await again.call('calls.list', {})).total).toBe(1);
    await again.close();

    const r = await call;
    expect(r.code, r.output).toBe(0);
    expect(Date.now(), 'the call ended after the new agent was ready').toBeGreaterThanOrEqual(restartedAt);
    const rows = await waitFor('the call record', 15_000, () => {
      const db = new Database(join(rig.dataDir, 'agent.db'), { readonly: true, fileMustExist: true });
      try {
        const found = db.prepare('SELECT sip_code, ended_by FROM cdrs WHERE callee = ?').all(callee) as { sip_code: number; ended_by: string }[];
        return found.length > 0 ? found : undefined;
      } finally {
        db.close();
      }
    });
    expect(rows).toEqual([{ sip_code: 200, ended_by: 'caller' }]);
    expect(rig.kamailioProcs().filter((p) => p.pid === p.pgid).map((p) => p.pid)).toEqual([before.kamailio]);
  }, 60_000);

  it('a changed setting that needs a start: both engines are started again (new pids, the old ones gone)', async () => {
    const before = await ready();
    rig.settings.engine.shmMb = 72;
    rig.settings.engine.rtpPortMax = (rig.settings.engine.rtpPortMax as number) - 1;
    rig.writeSettings();
    await restartCommand();
    const after = await ready();
    expect(after.kamailio).not.toBe(before.kamailio);
    expect(after.rtpengine).not.toBe(before.rtpengine);
    expect(alive(before.kamailio) || alive(before.rtpengine)).toBe(false);
  }, 60_000);

  it('a record naming another process (a recycled pid) is not adopted, and that process is left alone', async () => {
    const before = await ready();
    const stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
    extraPids.push(stranger.pid!);
    // Handover as `switch-agent restart` does it, but the record is changed while no agent runs.
    writeFileSync(join(rig.socketDir, 'handover'), '');
    await sigterm(agentPid());
    expect(alive(before.kamailio)).toBe(true);
    const file = join(rig.engineDir, 'kamailio.owner.json');
    const rec = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
    writeFileSync(file, JSON.stringify({ ...rec, pid: stranger.pid }));
    const next = spawn(process.execPath, [ENTRY, 'serve', '-c', rig.settingsFile], { stdio: 'ignore' });
    writeFileSync(pidFile(), `${next.pid}\n`);
    extraPids.push(next.pid!);
    const after = await ready();
    expect(after.kamailio).not.toBe(stranger.pid);
    expect(after.kamailio).not.toBe(before.kamailio);
    expect(after.rtpengine).toBe(before.rtpengine);
    expect(alive(stranger.pid!)).toBe(true);
    // The Kamailio the record no longer named was found through its pid file and stopped.
    expect(alive(before.kamailio)).toBe(false);
    stranger.kill('SIGKILL');
  }, 60_000);

  it('SIGTERM without the marker (a stop for good) stops both engines', async () => {
    await ready();
    expect(existsSync(join(rig.socketDir, 'handover'))).toBe(false);
    await sigterm(agentPid());
    expect(rig.kamailioProcs()).toEqual([]);
    expect(rig.rtpengineProcs()).toEqual([]);
  }, 30_000);

  it('stop-engines (the unit\'s ExecStopPost) keeps the engines during a handover or after a crash, and stops them otherwise', async () => {
    const next = spawn(process.execPath, [ENTRY, 'serve', '-c', rig.settingsFile], { stdio: 'ignore' });
    extraPids.push(next.pid!);
    const running = await ready();
    writeFileSync(join(rig.socketDir, 'handover'), '');
    await sigterm(next.pid!);
    const stopEngines = async (env: Record<string, string> = {}) => {
      const r = await run('env', [...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, ENTRY, 'stop-engines', '-c', rig.settingsFile], rig.dir, 20_000);
      expect(r.code, r.output).toBe(0);
      return r.output;
    };
    expect(await stopEngines()).toContain('a handover to the next agent is under way');
    rmSync(join(rig.socketDir, 'handover'));
    expect(await stopEngines({ SERVICE_RESULT: 'signal' })).toContain('the agent failed (signal)');
    expect([alive(running.kamailio), alive(running.rtpengine)]).toEqual([true, true]);
    expect(await stopEngines({ SERVICE_RESULT: 'success' })).toMatch(/^switch-agent: stopped the engines \(pids \d+(, \d+)+\)/);
    expect(rig.kamailioProcs()).toEqual([]);
    expect(rig.rtpengineProcs()).toEqual([]);
  }, 40_000);
});
