// Memory attacks on a real agent process (engine disabled: the RPC layer is what is under attack).
// Each attack runs while a well-behaved admin client calls agent.info back to back; the agent's
// resident memory is sampled from /proc the whole time.
//
// Bounds (PROTOCOL.md §9): the agent's peak RSS stays under RSS_BOUND_MB, and agent.info is
// answered within LATENCY_BOUND_MS. Before the limits, the logs attack alone took the agent past
// 4 GB and killed it in about 20 s.
//
// The agent runs with its JavaScript heap capped at HEAP_CAP_MB. V8 collects lazily: uncapped, a
// burst of short-lived garbage shows in RSS as if it were kept, so peak RSS would say when the
// collector ran rather than what the agent holds. With the cap, holding more than the cap kills
// the agent (the test fails on `alive`), and RSS still covers what lives outside the heap
// (socket buffers, half-frames).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS, MIN_MAX_FRAME_BYTES } from '@shared/rpc/protocol';
import type { AgentClient } from '../../electron/core/agent';
import { rssSampler, startAgentProcess, type AgentProcess } from './support/agentProcess';
import { waitFor } from '../integration/engine/procs';
import { hello, helloClient, inBatches, latencyProbe, rawClient, type Frame, type RawClient } from './support/rawClient';

const RSS_BOUND_MB = 400;
const LATENCY_BOUND_MS = 3000;
const HEAP_CAP_MB = 256;

let agent: AgentProcess;
let probeClient: AgentClient;
let baselineMb: number;

// A fresh agent for each attack: V8 keeps the heap it grew, so one attack's peak would carry into the next.
beforeEach(async () => {
  agent = await startAgentProcess({ engine: false, nodeArgs: (process.env.HOSTILE_NODE_ARGS ?? `--max-old-space-size=${HEAP_CAP_MB}`).split(' ') });
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

const LONG_NAME = 'n'.repeat(128);
const LONG_USER = 'u'.repeat(128);

/** Fills the agent's 2000-line log backlog: every hello is logged with the client's (longest allowed) name and user. */
async function fillBacklog(): Promise<void> {
  await inBatches(2000, 40, async () => {
    const c = await helloClient(agent.viewSocket, LONG_NAME, LONG_USER);
    c.destroy();
    await c.closed;
  });
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
    await fillBacklog();
    const attackers: RawClient[] = [];
    await underAttack('logs flood', async () => {
      attackers.push(...(await inBatches(40, 10, () => helloClient(agent.viewSocket, LONG_NAME, LONG_USER))));
      for (const c of attackers) {
        for (let i = 0; i < LIMITS.maxSubscriptions; i++) {
          c.send({ type: 'req', id: i, method: 'subscribe', params: { topic: 'logs', filter: { minLevel: 'debug' }, credit: 0 } });
        }
      }
      for (const c of attackers) await c.waitFor((f) => f.type === 'res' && f.id === LIMITS.maxSubscriptions - 1, 90_000);
      // Live lines reach every subscription while they are all full.
      await inBatches(200, 40, async () => {
        const c = await helloClient(agent.viewSocket, LONG_NAME, LONG_USER);
        c.destroy();
        await c.closed;
      });
    });
    // Credit gets the subscription going from item 0: a drop marker for what was not kept (when
    // the subscription buffered the backlog itself), or the backlog's oldest lines (when the
    // topic reads a shared backlog on demand). Either way every item is accounted for.
    const first = attackers[0]!;
    const subId = (first.frames.find((f) => f.type === 'res' && f.id === 0)?.result as { subId: string }).subId;
    first.send({ type: 'credit', subId, credit: 10 });
    const frame = await first.waitFor((f) => f.type === 'data' && f.subId === subId);
    expect(frame.seq).toBe(0);
    expect((typeof frame.dropped === 'number' && frame.dropped > 0) || (Array.isArray(frame.items) && frame.items.length > 0)).toBe(true);
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

  it('slow readers: 40 connections that never read, owed a credited backlog 12 times each, are cut off once they pass the outbound total', async () => {
    await fillBacklog();
    // A reading client first: what one fully credited subscription to the backlog sends. Frames on
    // one connection keep their order, so the backlog is complete when the next response arrives.
    const reader = await helloClient(agent.viewSocket, 'reader');
    reader.send({ type: 'req', id: 1, method: 'subscribe', params: { topic: 'logs', filter: { minLevel: 'debug' }, credit: LIMITS.maxCredit } });
    await reader.waitFor((f) => f.type === 'res' && f.id === 1);
    reader.send({ type: 'req', id: 2, method: 'agent.info', params: {} });
    await reader.waitFor((f) => f.type === 'res' && f.id === 2);
    const backlogBytes = reader.frames.filter((f) => f.type === 'data').reduce((n, f) => n + JSON.stringify(f).length + 1, 0);
    const owedEach = 12 * backlogBytes;
    const clients: RawClient[] = [reader];
    await underAttack('slow readers', async () => {
      for (let i = 0; i < 40; i++) {
        const c = await rawClient(agent.viewSocket, { read: false });
        c.send(hello(`slow-${i}`));
        for (let s = 0; s < 12; s++) {
          c.send({ type: 'req', id: s, method: 'subscribe', params: { topic: 'logs', filter: { minLevel: 'debug' }, credit: LIMITS.maxCredit } });
        }
        clients.push(c);
      }
      // Every slow reader has said hello (the agent logs it); one more round trip on the reader.
      await waitFor('the agent to take in every slow reader', 60_000, () => (agent.logTail(5000).split('"name":"slow-').length > 40 ? true : undefined));
      reader.send({ type: 'req', id: 3, method: 'agent.info', params: {} });
      await reader.waitFor((f) => f.type === 'res' && f.id === 3);
    });
    console.info(`slow readers: each owed ${(owedEach / 1048576).toFixed(1)} MiB, ${((40 * owedEach) / 1048576).toFixed(0)} MiB in all`);
    // Each is owed less than the 16 MiB one connection may queue, so only the total can stop them.
    expect(owedEach).toBeLessThan(LIMITS.maxOutboundBufferBytes);
    const cut = agent.logTail(5000).split('outbound total is used up').length - 1;
    if (40 * owedEach > 2 * LIMITS.maxOutboundBytesTotal) expect(cut, 'slow readers disconnected for the outbound total').toBeGreaterThan(0);
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
