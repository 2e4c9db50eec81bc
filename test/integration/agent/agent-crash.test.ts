// The built agent (`dist/switch-agent/switch-agent.mjs serve`) killed with -9 and started again,
// 20 times, at several delays after the kill. After every restart there must be exactly one engine
// pair — one Kamailio process group holding the SIP port, one rtpengine holding the ng port, both
// the ones engine.status names — serving the revision committed just before the kill (read back
// from Kamailio over its ctl socket, and a SIP probe answered). Before the fix the killed agent's
// engines kept running: the next agent started a second pair on the same ports.
//
// The delays between kill and restart are the scenario (an operator or systemd restarting the
// agent at different moments of the old engines' shutdown), not waits for a condition.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus } from '@shared/rpc/agentApi';
import { AgentClient } from '../../../electron/core/agent';
import { freeUdpPort, haveBinary, mediaPorts, run, sipRequest, waitFor } from '../engine/procs';
import { processesWith, udpSocketOwners } from './engineCensus';
import { bareInvite } from './sipProbe';

const ENTRY = fileURLToPath(new URL('../../../dist/switch-agent/switch-agent.mjs', import.meta.url));
const SIP_IP = '127.0.0.1';
const UNKNOWN = '127.0.0.9';
const CYCLES = 20;
const DELAYS_MS = [0, 20, 150, 400, 1000];

const missing = ['kamailio', 'rtpengine', 'kamcmd', 'setpriv'].filter((b) => !haveBinary(b, b === 'kamailio' ? ['-v'] : ['--version']));
if (missing.length > 0 && process.env.CI) throw new Error(`agent crash tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('switch-agent killed with -9 and restarted', () => {
  let dir = '';
  let settingsFile = '';
  let engineDir = '';
  let adminSocket = '';
  const ports = { sip: 0, ng: 0 };
  let agent: ChildProcess | undefined;
  let agentOutput = '';

  function startAgent(): ChildProcess {
    const child = spawn(process.execPath, [ENTRY, 'serve', '-c', settingsFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => (agentOutput = (agentOutput + d.toString()).slice(-6000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    return child;
  }

  async function connect(): Promise<AgentClient> {
    const stream = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(adminSocket);
      s.once('error', reject);
      s.once('connect', () => resolve(s));
    });
    return AgentClient.connect(stream, { server: 'crash-test', client: { name: 'agent-crash.test', version: '0', user: 'crash' } });
  }

  /** Connects once the new agent listens and both engines run (probed by engine.status). */
  async function ready(): Promise<{ client: AgentClient; engines: EngineStatus[] }> {
    return waitFor(`agent ready\n${agentOutput}`, 20_000, async () => {
      if (agent?.exitCode !== null) throw new Error(`agent exited with ${String(agent?.exitCode)}`);
      const client = await connect();
      const { engines } = await client.call('engine.status', {});
      if (engines.every((e) => e.state === 'running')) return { client, engines };
      await client.close();
      return undefined;
    });
  }

  async function kill9(child: ChildProcess): Promise<void> {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    await exited;
  }

  const kamailioProcs = () => processesWith(join(engineDir, 'kamailio.cfg'));
  const rtpengineProcs = () => processesWith(`--listen-ng=${SIP_IP}:${ports.ng}`);

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
    dir = mkdtempSync(join(tmpdir(), 'sd-crash-'));
    const dataDir = join(dir, 'data');
    const socketDir = join(dir, 'run');
    mkdirSync(dataDir);
    mkdirSync(socketDir);
    engineDir = join(dataDir, 'engine');
    adminSocket = join(socketDir, 'admin.sock');
    ports.sip = await freeUdpPort(SIP_IP);
    ports.ng = await freeUdpPort(SIP_IP);
    // A small media range: rtpengine's start-up time grows with it (ENGINE-NOTES), and below the
    // ephemeral range and the ranges the other engine suites use.
    const rtpBase = mediaPorts(31800 + (process.pid % 40) * 20, 20).min;
    settingsFile = join(dir, 'agent.json');
    writeFileSync(settingsFile, JSON.stringify({
      dataDir, socketDir, adminGroup: null, viewGroup: null,
      engine: {
        kamailioBin: '/usr/sbin/kamailio', rtpengineBin: '/usr/bin/rtpengine',
        sipAddress: SIP_IP, sipPort: ports.sip, rtpengineNgPort: ports.ng,
        rtpPortMin: rtpBase, rtpPortMax: rtpBase + 19, shmMb: 64, pkgMb: 8,
      },
    }));
    agent = startAgent();
  });

  afterAll(async () => {
    if (agent && agent.exitCode === null) {
      const exited = new Promise<void>((r) => agent?.once('exit', () => r()));
      agent.kill('SIGTERM');
      await exited;
    }
    // Anything still running our engine command lines was started by this test's agents.
    if (engineDir) for (const p of [...kamailioProcs(), ...rtpengineProcs()]) process.kill(p.pid, 'SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps exactly one engine pair serving the committed revision across ${CYCLES} kill -9 / restart cycles`, async () => {
    const shutdownMs: number[] = [];
    const restartMs: number[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { client } = await ready();
      // Commit a revision the restarted engine must serve: a runtime cfg value unique to this cycle.
      const timeout = 2 + cycle;
      const { snapshot } = await client.call('config.get', {});
      const applied = await client.call('config.apply', {
        baseRevision: snapshot.revision,
        ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: timeout }],
      });
      expect(applied.revision).toBe(snapshot.revision + 1);
      await client.close();

      const killedAt = Date.now();
      await kill9(agent!);
      const delay = DELAYS_MS[cycle % DELAYS_MS.length]!;
      if (delay >= 1000) {
        // Long enough for the parent-death signal to have stopped both engines by themselves.
        await waitFor('the killed agent\'s engines to stop by themselves', delay, () =>
          kamailioProcs().length + rtpengineProcs().length === 0 ? true : undefined);
        shutdownMs.push(Date.now() - killedAt);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, killedAt + delay - Date.now())));
      const restartedAt = Date.now();
      agent = startAgent();
      const after = await ready();
      restartMs.push(Date.now() - restartedAt);
      const kamailio = after.engines.find((e) => e.name === 'kamailio')!;
      const rtpengine = after.engines.find((e) => e.name === 'rtpengine')!;
      const why = `cycle ${cycle} (restart ${delay} ms after kill -9)\n${agentOutput}`;

      // One Kamailio process group (main + workers), the one engine.status names, alone on the SIP port.
      const kam = kamailioProcs();
      expect(new Set(kam.map((p) => p.pgid)), why).toEqual(new Set([kamailio.pid]));
      const kamPids = new Set(kam.map((p) => p.pid));
      const sipOwners = udpSocketOwners(SIP_IP, ports.sip);
      expect(sipOwners.length, why).toBeGreaterThan(0);
      expect(sipOwners.filter((p) => !kamPids.has(p)), why).toEqual([]);
      // One rtpengine, the one engine.status names, alone on the ng port.
      expect(rtpengineProcs().map((p) => p.pid), why).toEqual([rtpengine.pid]);
      expect(udpSocketOwners(SIP_IP, ports.ng), why).toEqual([rtpengine.pid]);

      // It serves the committed revision: the cfg value read back over Kamailio's ctl socket…
      const got = await run('kamcmd', ['-s', `unixs:${join(engineDir, 'ctl.sock')}`, 'cfg.get', 'switchdeck', 'sip_timeout_invite'], dir, 5000);
      expect(got.output.trim(), why).toBe(String(timeout));
      // …and SIP answered on the port (403 to an unknown source: SS_REPLY_UNAUTHORIZED's default).
      const reply = await sipRequest(UNKNOWN, { host: SIP_IP, port: ports.sip }, (p) => bareInvite(UNKNOWN, p, { host: SIP_IP, port: ports.sip }, `crash${cycle}`), 2000);
      expect(reply, why).toMatch(/^SIP\/2\.0 403 /);
      await after.client.close();
    }
    const stats = (xs: number[]) => `median ${[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]} ms, max ${Math.max(...xs)} ms`;
    console.info(`agent restart → both engines probed running: ${stats(restartMs)}; kill -9 → engines gone by themselves: ${stats(shutdownMs)}`);
  }, 240_000);

  it('lets a change sent while kamailio restarts after a crash wait for it, instead of failing with ENGINE_FAILED', async () => {
    const { client, engines } = await ready();
    const kamailio = engines.find((e) => e.name === 'kamailio')!;
    const { snapshot } = await client.call('config.get', {});
    process.kill(kamailio.pid!, 'SIGKILL');
    // Sent at once: the supervisor is in its backoff (0.5 s) or starting the new Kamailio.
    const applied = await client.call('config.apply', {
      baseRevision: snapshot.revision,
      ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 42 }],
    });
    expect(applied.revision).toBe(snapshot.revision + 1);
    const { engines: after } = await client.call('engine.status', {});
    expect(after.find((e) => e.name === 'kamailio')).toMatchObject({ state: 'running', restarts: 1 });
    expect(after.find((e) => e.name === 'kamailio')?.pid).not.toBe(kamailio.pid);
    const got = await run('kamcmd', ['-s', `unixs:${join(engineDir, 'ctl.sock')}`, 'cfg.get', 'switchdeck', 'sip_timeout_invite'], dir, 5000);
    expect(got.output.trim()).toBe('42');
    await client.close();
  }, 30_000);
});
