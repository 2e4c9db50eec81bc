// Memory attacks on a real agent process (engine disabled: the RPC layer is what is under attack).
// Each attack runs while a well-behaved admin client calls agent.info back to back; the agent's
// resident memory is sampled from /proc the whole time.
//
// Bounds (PROTOCOL.md §9): the agent's peak RSS stays under RSS_BOUND_MB, and agent.info is
// answered within LATENCY_BOUND_MS. Before the limits, the logs attack alone took the agent past
// 4 GB and killed it in about 20 s.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS, MIN_MAX_FRAME_BYTES } from '@shared/rpc/protocol';
import type { AgentClient } from '../../electron/core/agent';
import { rssSampler, startAgentProcess, type AgentProcess } from './support/agentProcess';
import { waitFor } from '../integration/engine/procs';
import { hello, helloClient, inBatches, latencyProbe, rawClient, type Frame, type RawClient } from './support/rawClient';

const RSS_BOUND_MB = 400;
const LATENCY_BOUND_MS = 3000;

let agent: AgentProcess;
let probeClient: AgentClient;
let baselineMb: number;

// A fresh agent for each attack: V8 keeps the heap it grew, so one attack's peak would carry into the next.
beforeEach(async () => {
  agent = await startAgentProcess({ engine: false, nodeArgs: process.env.HOSTILE_NODE_ARGS?.split(' ') });
  probeClient = await agent.client('admin');
  baselineMb = agent.rssMb();
});

afterEach(async () => {
  await agent?.stop();
});

/** Runs `attack` under the RSS sampler and the latency probe, then checks the bounds. */
async function underAttack(name: string, attack: () => Promise<void>): Promise<void> {
  const rss = rssSampler(agent);
  const probe = latencyProbe(probeClient);
  try {
    await attack();
  } catch (e) {
    throw new Error(`${String(e)}\nagent ${agent.alive() ? 'alive' : 'dead'}; its log ends:\n${agent.logTail(8)}`, { cause: e });
  } finally {
    const { maxMs, calls } = await probe.stop();
    const peakMb = rss.stop();
    console.info(`${name}: peak RSS ${peakMb.toFixed(0)} MiB (baseline ${baselineMb.toFixed(0)} MiB), slowest agent.info ${maxMs.toFixed(0)} ms over ${calls} calls`);
    expect(agent.alive(), `the agent died during '${name}':\n${agent.logTail()}`).toBe(true);
    expect(peakMb, `peak RSS during '${name}'`).toBeLessThan(RSS_BOUND_MB);
    expect(maxMs, `slowest agent.info during '${name}'`).toBeLessThan(LATENCY_BOUND_MS);
    expect(calls).toBeGreaterThan(0);
  }
}

const closeAll = async (clients: RawClient[]) => {
  for (const c of clients) c.destroy();
  await Promise.all(clients.map((c) => c.closed));
};

describe('hostile clients against a real agent process', () => {
  it('refuses a hello whose client name carries control characters, naming the field', async () => {
    const c = await rawClient(agent.viewSocket);
    c.send(hello(`evil\u0001${'\u001b[2J'.repeat(30)}`, 'mallory'));
    const error = await c.waitFor((f) => f.type === 'error');
    expect(error).toMatchObject({ fatal: true, error: { code: 'INVALID_FRAME' } });
    expect((error.error as { message: string }).message).toContain('client.name: must not contain control characters');
    await c.closed;
  });

  it('logs flood: 40 view connections × 32 logs subscriptions without credit over a full backlog stay bounded, with drops reported', async () => {
    const longName = 'n'.repeat(128);
    const longUser = 'u'.repeat(128);
    // Fill the backlog: every hello is logged with the client's (longest allowed) name and user.
    await inBatches(2000, 40, async () => {
      const c = await helloClient(agent.viewSocket, longName, longUser);
      c.destroy();
      await c.closed;
    });
    const attackers: RawClient[] = [];
    await underAttack('logs flood', async () => {
      attackers.push(...(await inBatches(40, 10, () => helloClient(agent.viewSocket, longName, longUser))));
      for (const c of attackers) {
        for (let i = 0; i < LIMITS.maxSubscriptions; i++) {
          c.send({ type: 'req', id: i, method: 'subscribe', params: { topic: 'logs', filter: { minLevel: 'debug' }, credit: 0 } });
        }
      }
      for (const c of attackers) await c.waitFor((f) => f.type === 'res' && f.id === LIMITS.maxSubscriptions - 1, 90_000);
      // Live lines reach every subscription while they are all full.
      await inBatches(200, 40, async () => {
        const c = await helloClient(agent.viewSocket, longName, longUser);
        c.destroy();
        await c.closed;
      });
    });
    // Credit shows what happened to the items that did not fit: a drop marker, then the newest.
    const first = attackers[0]!;
    const subId = (first.frames.find((f) => f.type === 'res' && f.id === 0)?.result as { subId: string }).subId;
    first.send({ type: 'credit', subId, credit: 10 });
    const marker = await first.waitFor((f) => f.type === 'data' && f.subId === subId);
    expect(marker).toMatchObject({ seq: 0, dropped: expect.any(Number) });
    await closeAll(attackers);
  });

  it('200 connections holding 1 MiB half-frames: 100 are admitted, the rest refused, the held total stays bounded', async () => {
    const clients: RawClient[] = [];
    await underAttack('half frames', async () => {
      const opened = await inBatches(200, 50, (i) => rawClient(i % 2 ? agent.viewSocket : agent.adminSocket));
      clients.push(...opened);
      for (const c of clients) c.send(hello());
      await Promise.all(clients.map((c) => c.waitFor((f) => f.type === 'hello' || f.type === 'error')));
      const admitted = clients.filter((c) => c.frames[0]?.type === 'hello');
      const refused = clients.filter((c) => c.frames[0]?.type === 'error');
      // The probe holds one slot of the total.
      expect(admitted.length).toBe(LIMITS.maxConnectionsTotal - 1);
      for (const c of refused) expect(c.frames[0]).toMatchObject({ fatal: true, error: { code: 'TOO_MANY_REQUESTS' } });
      const half = Buffer.alloc(1024 * 1024 - 1, 0x61);
      half.write('{"type":"req","id":1,"method":"config.get","params":{"x":"');
      for (const c of admitted) c.sendRaw(half);
      // Past the shared pool, the agent discards further half-frames and says so: the pool holds
      // about 34 of them (32 MiB beyond 64 KiB each), every other one is refused.
      const heldAtMost = Math.ceil(LIMITS.maxHeldFrameBytesTotal / (half.length - MIN_MAX_FRAME_BYTES));
      const tooLarge = (c: RawClient) => c.frames.some((f) => f.type === 'error' && (f.error as { code: string }).code === 'FRAME_TOO_LARGE');
      await waitFor('FRAME_TOO_LARGE for the half-frames past the pool', 60_000, () =>
        admitted.filter(tooLarge).length >= admitted.length - heldAtMost ? true : undefined,
      );
    });
    await closeAll(clients);
  });

  it('slow readers that never read, each with 32 fully credited logs subscriptions, are cut off before they cost memory', async () => {
    const clients: RawClient[] = [];
    await underAttack('slow readers', async () => {
      for (let i = 0; i < 60; i++) {
        const c = await rawClient(agent.viewSocket, { read: false });
        c.send(hello());
        for (let s = 0; s < LIMITS.maxSubscriptions; s++) {
          c.send({ type: 'req', id: s, method: 'subscribe', params: { topic: 'logs', filter: { minLevel: 'debug' }, credit: LIMITS.maxCredit } });
        }
        clients.push(c);
      }
      // Live lines keep writing to every reader that is still connected.
      await inBatches(200, 20, async () => {
        const c = await helloClient(agent.viewSocket, 'filler', 'filler');
        c.destroy();
        await c.closed;
      });
    });
    await closeAll(clients);
  });

  it('connection flood: of 1000 connects without a hello at most the limit are admitted, the rest get one error frame each', async () => {
    const clients: RawClient[] = [];
    await underAttack('connection flood', async () => {
      // A connect the kernel refuses (EAGAIN: the listen queue is full) never reached the agent.
      const opened = await inBatches(1000, 100, () => rawClient(agent.viewSocket).catch(() => null));
      clients.push(...opened.filter((c) => c !== null));
      const isRefusal = (f: Frame) => f.type === 'error' && (f.error as { code: string }).code === 'TOO_MANY_REQUESTS';
      await waitFor('the refusals', 60_000, () =>
        clients.filter((c) => c.frames.some(isRefusal)).length >= clients.length - LIMITS.maxConnectionsPerSocket ? true : undefined,
      );
      // Those admitted wait for their hello; only they are still open.
      expect(clients.filter((c) => !c.frames.some(isRefusal)).length).toBeLessThanOrEqual(LIMITS.maxConnectionsPerSocket);
    });
    await closeAll(clients);
    // Slots come back once the agent has seen the flood's sockets close: a new client is served.
    const after = await waitFor('a slot on view.sock', 20_000, async () => {
      const c = await helloClient(agent.viewSocket);
      if (c.frames[0]?.type === 'hello') return c;
      c.destroy();
      return undefined;
    });
    expect(after.frames[0]).toMatchObject({ type: 'hello', role: 'view' });
    after.destroy();
  });
});
