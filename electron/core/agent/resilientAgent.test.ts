import { describe, expect, it } from 'vitest';
import type { RpcError } from '@shared/rpc/errors';
import type { AgentTopicItem } from '@shared/rpc/events';
import { isConnectionLost } from './clientErrors';
import type { DropInfo, EndInfo } from './clientSubscription';
import { FakeAgent, flush } from './fakeAgent';
import { ResilientAgent, type LinkStateChange } from './resilientAgent';

const changed = { revision: 13, hash: 'a'.repeat(64), author: { user: 'alice', role: 'admin' }, kind: 'apply', status: 'confirmed' };

/** Each connect attempt gets a fresh fake agent; `failures` attempts fail first. */
function harness(options: { failures?: number; hello?: Record<string, unknown>; keepaliveMs?: number } = {}) {
  const agents: FakeAgent[] = [];
  let failures = options.failures ?? 0;
  let attempts = 0;
  const states: LinkStateChange[] = [];
  const resilient = new ResilientAgent({
    server: 'sw1',
    client: { name: 'switchdeck', version: '0.4.0', user: 'alice' },
    backoff: { initialMs: 5, maxMs: 20, jitter: 0 },
    ...(options.keepaliveMs !== undefined ? { keepaliveMs: options.keepaliveMs } : {}),
    connect: async () => {
      attempts++;
      if (failures > 0) {
        failures--;
        throw new Error('connect ECONNREFUSED /run/switch-agent/admin.sock');
      }
      const agent = new FakeAgent();
      agents.push(agent);
      void agent.acceptHello(options.hello).catch(() => undefined);
      return agent.clientStream;
    },
  });
  resilient.onState((c) => states.push(c));
  return { resilient, agents, states, attempts: () => attempts };
}

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function answerNext(agent: FakeAgent, method: string, result: unknown, from = 0) {
  const req = await agent.request(method, from);
  agent.send({ type: 'res', id: req.id, result });
}

describe('ResilientAgent', () => {
  it('keeps an idle link alive with agent.info, so the agent never closes it as idle', async () => {
    const h = harness({ keepaliveMs: 20 });
    await h.resilient.ready();
    const agent = h.agents[0]!;
    await answerNext(agent, 'agent.info', { version: '0.4.0', protocolVersion: 1, hostname: 'sw1', uptimeSec: 1, capabilities: [] });
    await answerNext(agent, 'agent.info', { version: '0.4.0', protocolVersion: 1, hostname: 'sw1', uptimeSec: 2, capabilities: [] }, 1);
    expect(h.states.filter((s) => s.state === 'connected')).toHaveLength(1);
    await h.resilient.close();
  });

  it('connects with backoff after failures and reports its states', async () => {
    const h = harness({ failures: 2 });
    const client = await h.resilient.ready();
    expect(client.role).toBe('admin');
    expect(h.attempts()).toBe(3);
    expect(h.states.map((s) => [s.state, s.attempt, s.retryInMs])).toEqual([
      ['connecting', 0, undefined],
      ['connecting', 1, 5],
      ['connecting', 1, undefined],
      ['connecting', 2, 10],
      ['connecting', 2, undefined],
      ['connected', 0, undefined],
    ]);
    expect(h.states[1]?.error?.message).toContain('ECONNREFUSED');
    await h.resilient.close();
    expect(h.resilient.state).toBe('disconnected');
  });

  it('never re-sends a call that was in flight, and reconnects', async () => {
    const h = harness();
    const c1 = await h.resilient.ready();
    const apply = h.resilient.call('config.confirm', { revision: 5 });
    await h.agents[0]?.request('config.confirm');
    h.agents[0]?.hangUp();
    const error = await apply.catch((e: unknown) => e as RpcError);
    expect(isConnectionLost(error)).toBe(true);
    expect((error as RpcError).message).toContain('may or may not have been applied — check the history');
    const c2 = await h.resilient.ready();
    expect(c2).not.toBe(c1);
    await flush();
    expect(h.agents[1]?.received.filter((f) => f.type === 'req')).toEqual([]);
    expect(h.states.map((s) => s.state)).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(h.states.at(-1)?.reconnected).toBe(true);
    await h.resilient.close();
  });

  it('asks a read-only call once more when the caller opted in, and refuses the option for mutating methods', async () => {
    const h = harness();
    await h.resilient.ready();
    const read = h.resilient.call('catalog.get', {}, { retryIfLost: true });
    await h.agents[0]?.request('catalog.get');
    h.agents[0]?.hangUp();
    await until(() => h.agents.length === 2);
    await answerNext(h.agents[1] as FakeAgent, 'catalog.get', { version: 'v', paramNames: [] });
    expect(await read).toEqual({ version: 'v', paramNames: [] });

    const refused = await h.resilient.call('config.confirm', { revision: 1 }, { retryIfLost: true }).catch((e: unknown) => e as RpcError);
    expect((refused as RpcError).code).toBe('INVALID_PARAMS');
    expect((refused as RpcError).message).toContain("retryIfLost is refused for 'config.confirm'");
    await h.resilient.close();
  });

  it('retries a read only once', async () => {
    const h = harness();
    await h.resilient.ready();
    const read = h.resilient.call('catalog.get', {}, { retryIfLost: true });
    await h.agents[0]?.request('catalog.get');
    h.agents[0]?.hangUp();
    await until(() => h.agents.length === 2);
    await h.agents[1]?.request('catalog.get');
    h.agents[1]?.hangUp();
    expect(isConnectionLost(await read.catch((e: unknown) => e))).toBe(true);
    await until(() => h.agents.length === 3);
    await flush();
    expect(h.agents[2]?.received.filter((f) => f.type === 'req')).toEqual([]);
    await h.resilient.close();
  });

  it('re-opens subscriptions after a reconnect with the same callbacks and notes the gap', async () => {
    const h = harness();
    const log: string[] = [];
    const ends: EndInfo[] = [];
    const subscribing = h.resilient.subscribe('monitor', {}, {
      window: 16,
      onItems: (items: AgentTopicItem<'monitor'>[]) => void log.push(`items:${items.map((i) => i.t).join(',')}`),
      onDropped: (info: DropInfo) => void log.push(`dropped:${info.reason}`),
      onEnd: (info) => void ends.push(info),
    });
    await until(() => h.agents.length === 1);
    await answerNext(h.agents[0] as FakeAgent, 'subscribe', { subId: 's1' });
    const sub = await subscribing;
    h.agents[0]?.send({ type: 'data', subId: 's1', seq: 0, items: [{ t: 1, step: 1, values: {} }] });
    await flush();
    h.agents[0]?.hangUp();
    await until(() => h.agents.length === 2);
    const again = await h.agents[1]?.request('subscribe');
    expect(again?.params).toEqual({ topic: 'monitor', filter: {}, credit: 16 });
    h.agents[1]?.send({ type: 'res', id: again?.id, result: { subId: 's7' } });
    h.agents[1]?.send({ type: 'data', subId: 's7', seq: 0, items: [{ t: 2, step: 1, values: {} }] });
    await until(() => log.length === 3);
    expect(log).toEqual(['items:1', 'dropped:reconnect', 'items:2']);
    expect(ends).toEqual([]);

    const stopping = sub.unsubscribe();
    await answerNext(h.agents[1] as FakeAgent, 'unsubscribe', { subId: 's7', delivered: 1, dropped: 0 });
    await stopping;
    await flush();
    expect(ends).toEqual([{ reason: 'unsubscribed', totals: { delivered: 1, dropped: 0 } }]);
    await h.resilient.close();
  });

  it('forwards events from every connection to listeners registered once', async () => {
    const h = harness();
    const seen: number[] = [];
    h.resilient.on('config.changed', (d) => seen.push(d.revision));
    await h.resilient.ready();
    h.agents[0]?.send({ type: 'event', name: 'config.changed', data: changed });
    await flush();
    h.agents[0]?.hangUp();
    await until(() => h.resilient.state === 'connected' && h.agents.length === 2);
    h.agents[1]?.send({ type: 'event', name: 'config.changed', data: { ...changed, revision: 14 } });
    await until(() => seen.length === 2);
    expect(seen).toEqual([13, 14]);
    await h.resilient.close();
  });

  it('gives up at once on a protocol mismatch, and calls then fail with its message', async () => {
    const h = harness({ hello: { protocol: 2 } });
    const error = await h.resilient.ready().catch((e: unknown) => e as RpcError);
    expect((error as RpcError).code).toBe('UNSUPPORTED_PROTOCOL');
    expect((error as RpcError).message).toContain('update Switchdeck');
    expect(h.resilient.state).toBe('disconnected');
    expect(h.attempts()).toBe(1);
    const call = await h.resilient.call('catalog.get', {}).catch((e: unknown) => e as RpcError);
    expect((call as RpcError).message).toContain('speaks protocol 2; this Switchdeck speaks 1 — update Switchdeck');
  });

  it('starts over on start() after giving up', async () => {
    let fail = true;
    const agents: FakeAgent[] = [];
    const r = new ResilientAgent({
      server: 'sw4',
      client: { name: 't', version: '0', user: 'u' },
      maxAttempts: 1,
      connect: async () => {
        if (fail) throw new Error('no route to host');
        const agent = new FakeAgent();
        agents.push(agent);
        void agent.acceptHello();
        return agent.clientStream;
      },
    });
    await expect(r.ready()).rejects.toThrow('no route to host');
    fail = false;
    r.start();
    expect((await r.ready()).role).toBe('admin');
    expect(agents).toHaveLength(1);
    await r.close();
  });

  it('stops waiting callers after maxAttempts, and when closed', async () => {
    const agents: FakeAgent[] = [];
    const r = new ResilientAgent({
      server: 'sw2',
      client: { name: 't', version: '0', user: 'u' },
      backoff: { initialMs: 1, jitter: 0 },
      maxAttempts: 3,
      connect: () => Promise.reject(new Error('ssh: host unreachable')),
    });
    const error = await r.ready().catch((e: unknown) => e as RpcError);
    expect((error as RpcError).message).toBe('the agent on sw2 is not reachable: ssh: host unreachable');
    expect(r.state).toBe('disconnected');
    expect(((await r.ready().catch((e: unknown) => e)) as RpcError).message).toContain('is not connected: ssh: host unreachable');
    expect(agents).toEqual([]);

    const never = new ResilientAgent({
      server: 'sw3',
      client: { name: 't', version: '0', user: 'u' },
      connect: () => new Promise(() => undefined),
      connectWaitMs: 10_000,
    });
    const waiting = never.ready().catch((e: unknown) => e as RpcError);
    await flush();
    // The factory never answers; closing must not wait for it.
    await never.close();
    expect(((await waiting) as RpcError).code).toBe('CANCELLED');
    expect(never.state).toBe('disconnected');
  });
});
