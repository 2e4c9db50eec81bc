/**
 * Flow control from the agent to the page, with the host core out of process: the browser shell's
 * way of running it (dist/electron/host.cjs forked with Node IPC, startHostProcess) → real OpenSSH
 * sshd (test/support/sshd) → a real switch-agent (in-process, engine disabled). This test plays a
 * renderer that stops acking:
 * - a terminal's `seq 1 200000` stops at the host's window (the SSH channel is paused, `seq` waits),
 *   then arrives complete and in order once acks resume;
 * - a `logs` subscription gets no more than one window plus one credit batch while the agent logs
 *   ~1,500 lines; when acks resume, the lines the agent had to drop arrive counted in `dropped`.
 * And the host process killed with SIGKILL is reported and restarted; the next calls work.
 */
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostEventName } from '@shared/rpc/hostApi';
import { AgentClient } from '../../../electron/core/agent';
import { startHostProcess, type HostProcess } from '../../../electron/hostProcess/hostProcessClient';
import { nodeHostSpawner } from '../../../electron/hostProcess/nodeHostChild';
import type { RunningAgent } from '../../../switch-agent/src/serve';
import { addTrustedServer, hostCall, startSshAgent, type SshAgentRig } from './hostRig';

const HOST_ENTRY = fileURLToPath(new URL('../../../dist/electron/host.cjs', import.meta.url));
const ITEM_WINDOW = 8;
const CHAR_WINDOW = 64 * 1024;
/** ClientSubscription's credit window: what the agent may have sent before the host stopped granting. */
const AGENT_CREDIT = 256;

interface Batch {
  subscriptionId: string;
  items: { text: string }[];
  dropped: number;
}

describe('flow control through the host process', () => {
  let rig: SshAgentRig;
  let agent: RunningAgent;
  let host: HostProcess;
  let serverId = '';
  const crashes: number[] = [];
  const events: { event: HostEventName; payload: unknown }[] = [];
  const call = hostCall(() => host);
  const payloads = <T>(event: HostEventName) => events.filter((e) => e.event === event).map((e) => e.payload as T);
  const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  /** Resolves once `read()` has not changed for `polls` polls in a row (the producer is stalled). */
  const stalled = (read: () => number, polls = 5) => {
    let last = -1;
    let same = 0;
    return expect
      .poll(() => {
        const now = read();
        same = now === last ? same + 1 : 0;
        last = now;
        return same >= polls;
      }, { timeout: 20_000, interval: 100 })
      .toBe(true);
  };

  beforeAll(async () => {
    if (!existsSync(HOST_ENTRY)) throw new Error('this test runs the built host process; run `npm run build` first (missing dist/electron/host.cjs)');
    rig = await startSshAgent('flow');
    agent = rig.agent;
    host = await startHostProcess({
      spawn: nodeHostSpawner(HOST_ENTRY),
      start: { dataDir: join(rig.dir, 'host-data'), knownHostsReadOnlyFiles: [], tuning: { sshTimeoutMs: 10_000 }, ackWindows: { items: ITEM_WINDOW, chars: CHAR_WINDOW } },
      warn: () => {},
      onCrash: ({ restarts }) => crashes.push(restarts),
    });
    host.onEvent((event, payload) => events.push({ event, payload }));
    ({ serverId } = await addTrustedServer(call, rig, 'Flow'));
  }, 30_000);

  afterAll(async () => {
    await host?.close();
    await rig?.stop();
  });

  it('terminal output pauses at the window while nothing is acked, then arrives complete once acks resume', async () => {
    const { terminalId } = await call('terminal.open', { serverId, cols: 120, rows: 40 });
    let acking = false;
    let acked = 0;
    const chunks = () => payloads<{ terminalId: string; data: string }>('terminal.data').filter((p) => p.terminalId === terminalId).map((p) => p.data);
    const received = () => chunks().reduce((n, d) => n + d.length, 0);
    const ackAll = () => {
      const owed = received() - acked;
      if (!acking || owed <= 0) return;
      acked += owed;
      void host.call('terminal.ack', { terminalId, chars: owed });
    };
    const off = host.onEvent((e) => e === 'terminal.data' && queueMicrotask(ackAll));

    await call('terminal.write', { terminalId, data: 'seq 1 200000; echo FLOW-$((6*7))-DONE\n' });
    await stalled(received);
    const heldAt = received();
    // One window plus what ssh2 had already taken into its channel buffer before the pause.
    expect(heldAt).toBeGreaterThanOrEqual(CHAR_WINDOW);
    expect(heldAt).toBeLessThan(CHAR_WINDOW + 4 * 1024 * 1024);
    expect(chunks().join('')).not.toContain('FLOW-42-DONE');
    console.log(`flow-control: terminal held at ${heldAt} characters unacked (window ${CHAR_WINDOW})`);

    acking = true;
    ackAll();
    await expect.poll(() => chunks().join(''), { timeout: 30_000, interval: 100 }).toContain('FLOW-42-DONE');
    off();
    const numbers = chunks()
      .join('')
      .split(/\r?\n/)
      // Terminal control sequences (bash's bracketed-paste switch) may sit in front of the first number.
      // eslint-disable-next-line no-control-regex
      .map((l) => l.replace(/\x1b\[[?0-9;]*[A-Za-z]|\r/g, ''))
      .filter((l) => /^\d+$/.test(l))
      .map(Number);
    expect(numbers.length).toBe(200_000);
    expect(numbers.every((n, i) => n === i + 1)).toBe(true);
    await call('terminal.close', { terminalId });
  }, 60_000);

  it('a subscription the page does not ack gets one window and one credit batch; the agent drops the rest, counted when acks resume', async () => {
    const { subscriptionId } = await call('agent.subscribe', { serverId, topic: 'logs', params: { sources: ['agent'], minLevel: 'info' } });
    const batches = () => payloads<Batch>('agent.items').filter((b) => b.subscriptionId === subscriptionId);
    const sent = () => batches().reduce((n, b) => n + b.items.length, 0);
    await expect.poll(sent, { timeout: 10_000 }).toBeGreaterThan(0);
    const rssBefore = rssKb(host.pid!);

    // The agent logs one distinct line per client that connects: ~1,500 lines, paced under its
    // 200 lines/s cap. Names are letters only, so the log's folding of look-alike lines keeps them apart.
    const name = (i: number) => `flood-${i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)]!)}`;
    const CLIENTS = 1500;
    for (let i = 0; i < CLIENTS; i += 150) {
      const windowEnds = Date.now() + 1000;
      await Promise.all(
        Array.from({ length: Math.min(150, CLIENTS - i) }, async (_, k) => {
          const socket = net.connect(agent.viewSocket);
          await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
          const c = await AgentClient.connect(socket, { server: 'flood', client: { name: name(i + k), version: '0.0.0', user: 'flood' } });
          await c.close();
        }),
      );
      await new Promise((r) => setTimeout(r, Math.max(0, windowEnds - Date.now())));
    }
    const lastName = name(CLIENTS - 1);
    // Without acks the host passed on at most its window plus the batch the agent's credit allowed.
    expect(sent()).toBeLessThanOrEqual(ITEM_WINDOW + AGENT_CREDIT);
    const rssAfter = rssKb(host.pid!);
    expect(rssAfter - rssBefore).toBeLessThan(64 * 1024);
    console.log(`flow-control: ${sent()} items passed on unacked; host process RSS ${rssBefore} → ${rssAfter} KiB`);

    // The page catches up: everything sent is acked, and every later batch as it comes.
    let acked = 0;
    const ackAll = () => {
      const owed = sent() - acked;
      if (owed <= 0) return;
      acked += owed;
      void host.call('agent.ack', { subscriptionId, items: owed });
    };
    const off = host.onEvent((e) => e === 'agent.items' && queueMicrotask(ackAll));
    ackAll();
    await expect.poll(() => batches().some((b) => b.items.some((it) => it.text.includes(`"${lastName}"`))), { timeout: 20_000, interval: 100 }).toBe(true);
    off();
    const dropped = batches().reduce((n, b) => n + b.dropped, 0);
    expect(dropped).toBeGreaterThan(0);
    console.log(`flow-control: ${dropped} log lines dropped by the agent and counted, ${sent()} delivered`);
    await call('agent.unsubscribe', { subscriptionId });
  }, 60_000);

  it('a host process killed with SIGKILL is reported and restarted; the next calls work', async () => {
    const before = host.pid!;
    process.kill(before, 'SIGKILL');
    await expect.poll(() => crashes, { timeout: 10_000 }).toEqual([1]);
    await host.ready();
    expect(host.pid).not.toBe(before);
    const { servers } = await call('servers.list', {});
    expect(servers.map((s) => s.name)).toEqual(['Flow']);
    // The new host process starts without connections; the saved host key lets it reconnect silently.
    expect(await call('servers.connect', { id: serverId })).toMatchObject({ status: 'connected' });
  }, 30_000);
});
