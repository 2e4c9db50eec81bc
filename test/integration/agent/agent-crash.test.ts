// The built agent (`dist/switch-agent/switch-agent.mjs serve`) killed with -9 and started again,
// 20 times, at several delays after the kill. After every restart there must be exactly one engine
// pair — one Kamailio process group holding the SIP port, one rtpengine holding the ng port, both
// the ones engine.status names — serving the revision committed just before the kill (read back
// from Kamailio over its ctl socket, and a SIP probe answered). Before the fix the killed agent's
// engines kept running: the next agent started a second pair on the same ports. Since engines
// outlive the agent, that pair is the killed agent's own, adopted (same pids): a crash drops no call.
//
// The delays between kill and restart are the scenario (an operator or systemd restarting the
// agent at different moments after the kill), not waits for a condition.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus } from '@shared/rpc/agentApi';
import type { AgentClient } from '../../../electron/core/agent';
import { haveBinary, run, sipRequest, waitFor } from '../engine/procs';
import { builtAgentRig, type BuiltAgentRig } from './builtAgent';
import { udpSocketOwners } from './engineCensus';
import { bareInvite } from './sipProbe';

const SIP_IP = '127.0.0.1';
const UNKNOWN = '127.0.0.9';
const CYCLES = 20;
const DELAYS_MS = [0, 20, 150, 400, 1000];

const missing = ['kamailio', 'rtpengine', 'kamcmd', 'setpriv'].filter((b) => !haveBinary(b, b === 'kamailio' ? ['-v'] : ['--version']));
if (missing.length > 0 && process.env.CI) throw new Error(`agent crash tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('switch-agent killed with -9 and restarted', () => {
  let rig: BuiltAgentRig;
  let agent: ChildProcess | undefined;

  /** Connects once the new agent listens and both engines run (probed by engine.status). */
  async function ready(): Promise<{ client: AgentClient; engines: EngineStatus[] }> {
    return waitFor(`agent ready\n${rig.output()}`, 20_000, async () => {
      if (agent?.exitCode !== null) throw new Error(`agent exited with ${String(agent?.exitCode)}`);
      const client = await rig.connect('agent-crash.test');
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

  beforeAll(async () => {
    // A small media range: rtpengine's start-up time grows with it (ENGINE-NOTES), and below the
    // ephemeral range and the ranges the other engine suites use.
    rig = await builtAgentRig({ prefix: 'crash', sipIp: SIP_IP, rtpBase: 31800 + (process.pid % 40) * 20 });
    agent = rig.start();
  });

  afterAll(async () => {
    if (agent && agent.exitCode === null) {
      const exited = new Promise<void>((r) => agent?.once('exit', () => r()));
      agent.kill('SIGTERM');
      await exited;
    }
    // Anything still running our engine command lines was started by this test's agents.
    rig?.cleanup();
  });

  it(`keeps exactly one engine pair serving the committed revision across ${CYCLES} kill -9 / restart cycles`, async () => {
    const restartMs: number[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { client, engines: running } = await ready();
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
      await new Promise((r) => setTimeout(r, Math.max(0, killedAt + delay - Date.now())));
      const restartedAt = Date.now();
      agent = rig.start();
      const after = await ready();
      restartMs.push(Date.now() - restartedAt);
      const kamailio = after.engines.find((e) => e.name === 'kamailio')!;
      const rtpengine = after.engines.find((e) => e.name === 'rtpengine')!;
      const why = `cycle ${cycle} (restart ${delay} ms after kill -9)\n${rig.output()}`;
      // The engines outlive the killed agent (no parent-death signal) and run what it last
      // committed: the new agent adopts them, calls and all (engine/adoption.ts).
      expect([kamailio.pid, rtpengine.pid], why).toEqual(['kamailio', 'rtpengine'].map((n) => running.find((e) => e.name === n)!.pid));

      // One Kamailio process group (main + workers), the one engine.status names, alone on the SIP port.
      const kam = rig.kamailioProcs();
      expect(new Set(kam.map((p) => p.pgid)), why).toEqual(new Set([kamailio.pid]));
      const kamPids = new Set(kam.map((p) => p.pid));
      const sipOwners = udpSocketOwners(SIP_IP, rig.sip.port);
      expect(sipOwners.length, why).toBeGreaterThan(0);
      expect(sipOwners.filter((p) => !kamPids.has(p)), why).toEqual([]);
      // One rtpengine, the one engine.status names, alone on the ng port.
      expect(rig.rtpengineProcs().map((p) => p.pid), why).toEqual([rtpengine.pid]);
      expect(udpSocketOwners(SIP_IP, rig.ngPort), why).toEqual([rtpengine.pid]);

      // It serves the committed revision: the cfg value read back over Kamailio's ctl socket…
      const got = await run('kamcmd', ['-s', `unixs:${join(rig.engineDir, 'ctl.sock')}`, 'cfg.get', 'switchdeck', 'sip_timeout_invite'], rig.dir, 5000);
      expect(got.output.trim(), why).toBe(String(timeout));
      // …and SIP answered on the port (403 to an unknown source: SS_REPLY_UNAUTHORIZED's default).
      const reply = await sipRequest(UNKNOWN, rig.sip, (p) => bareInvite(UNKNOWN, p, rig.sip, `crash${cycle}`), 2000);
      expect(reply, why).toMatch(/^SIP\/2\.0 403 /);
      await after.client.close();
    }
    const stats = (xs: number[]) => `median ${[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]} ms, max ${Math.max(...xs)} ms`;
    console.info(`agent restart → both engines adopted and probed running: ${stats(restartMs)}`);
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
    // An adopted Kamailio (the previous test's restarts) is not a child: its exit is seen by polling
    // /proc, so the change may reach its surviving workers first. Either way the restarted one
    // reads the promoted cfg.
    const after = await waitFor('kamailio restarted after the crash', 10_000, async () => {
      const { engines: now } = await client.call('engine.status', {});
      const k = now.find((e) => e.name === 'kamailio');
      return k?.state === 'running' && k.pid !== kamailio.pid ? now : undefined;
    });
    // At least one restart: the change may also have found the workers of the killed Kamailio
    // before the poll saw it go (seen: 2 restarts when the first relaunch raced them).
    expect(after.find((e) => e.name === 'kamailio')?.restarts).toBeGreaterThanOrEqual(1);
    expect(after.find((e) => e.name === 'kamailio')?.pid).not.toBe(kamailio.pid);
    const got = await run('kamcmd', ['-s', `unixs:${join(rig.engineDir, 'ctl.sock')}`, 'cfg.get', 'switchdeck', 'sip_timeout_invite'], rig.dir, 5000);
    expect(got.output.trim()).toBe('42');
    await client.close();
  }, 30_000);
});
