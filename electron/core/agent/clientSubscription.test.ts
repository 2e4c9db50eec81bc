import { describe, expect, it } from 'vitest';
import type { AgentTopicItem } from '@shared/rpc/events';
import { RpcError } from '@shared/rpc/errors';
import { AgentClient } from './agentClient';
import type { DropInfo, EndInfo, SubscriptionHandlers } from './clientSubscription';
import { FakeAgent, flush } from './fakeAgent';

type Sample = AgentTopicItem<'monitor'>;
const sample = (t: number): Sample => ({ t, step: 1, values: { 'sys.cpu.total': t / 100 } });

async function setup() {
  const agent = new FakeAgent();
  const pending = AgentClient.connect(agent.clientStream, { server: 'sw1', client: { name: 't', version: '0', user: 'u' } });
  await agent.acceptHello();
  return { agent, client: await pending };
}

/** A consumer that records everything and finishes each batch only when the test says so. */
function recorder(options: { manual?: boolean } = {}) {
  const log: string[] = [];
  const items: number[] = [];
  const release: Array<() => void> = [];
  const ends: EndInfo[] = [];
  const drops: DropInfo[] = [];
  const handlers: SubscriptionHandlers<Sample> = {
    onItems: (batch, info) => {
      log.push(`items@${info.seq}:${batch.map((s) => s.t).join(',')}`);
      items.push(...batch.map((s) => s.t));
      if (options.manual) return new Promise<void>((resolve) => release.push(resolve));
    },
    onDropped: (info) => {
      drops.push(info);
      log.push(`dropped:${info.reason}@${info.seq}+${info.count}`);
    },
    onEnd: (info) => {
      ends.push(info);
      log.push(`end:${info.reason}`);
    },
  };
  return { handlers, log, items, release, ends, drops };
}

async function open(agent: FakeAgent, client: AgentClient, handlers: SubscriptionHandlers<Sample>, sameChunk: object[] = []) {
  const sub = client.subscribe('monitor', { series: ['sys.cpu.total'] }, handlers);
  const req = await agent.request('subscribe');
  const res = JSON.stringify({ type: 'res', id: req.id, result: { subId: 's1' } });
  // Data frames may arrive in the same read as the response.
  agent.sendRaw([res, ...sameChunk.map((f) => JSON.stringify(f))].join('\n') + '\n');
  return { sub: await sub, req };
}

const creditFrames = (agent: FakeAgent) => agent.received.filter((f) => f.type === 'credit').map((f) => f.credit);

describe('ClientSubscription', () => {
  it('subscribes with the window as credit and delivers frames that share a chunk with the response', async () => {
    const { agent, client } = await setup();
    const rec = recorder();
    const { req } = await open(agent, client, { ...rec.handlers, window: 8 }, [{ type: 'data', subId: 's1', seq: 0, items: [sample(1), sample(2)] }]);
    expect(req.params).toEqual({ topic: 'monitor', filter: { series: ['sys.cpu.total'] }, credit: 8 });
    await flush();
    expect(rec.log).toEqual(['items@0:1,2']);
  });

  it('returns a subscription that ended in the same chunk as its response', async () => {
    const { agent, client } = await setup();
    const rec = recorder();
    const { sub } = await open(agent, client, rec.handlers, [
      { type: 'data', subId: 's1', seq: 0, items: [sample(1)] },
      { type: 'end', subId: 's1', seq: 1 },
    ]);
    await flush();
    expect(sub.subId).toBe('s1');
    expect(rec.log).toEqual(['items@0:1', 'end:ended']);
    expect(sub.active).toBe(false);
  });

  it('grants credit only for processed items, once half the window is used', async () => {
    const { agent, client } = await setup();
    const rec = recorder({ manual: true });
    await open(agent, client, { ...rec.handlers, window: 4 });
    agent.send({ type: 'data', subId: 's1', seq: 0, items: [sample(1), sample(2), sample(3)] });
    agent.send({ type: 'data', subId: 's1', seq: 3, items: [sample(4)] });
    await flush();
    // The consumer is still busy with the first batch: no credit yet, the second batch waits.
    expect(rec.log).toEqual(['items@0:1,2,3']);
    expect(creditFrames(agent)).toEqual([]);
    rec.release.shift()?.();
    await agent.waitFor((f) => f.type === 'credit');
    expect(creditFrames(agent)).toEqual([3]);
    expect(rec.log).toEqual(['items@0:1,2,3', 'items@3:4']);
    rec.release.shift()?.();
    await flush();
    // 1 of the window of 4 is outstanding: not below half yet.
    expect(creditFrames(agent)).toEqual([3]);
  });

  it('surfaces drop markers in order and accounts for every item number', async () => {
    const { agent, client } = await setup();
    const rec = recorder();
    await open(agent, client, { ...rec.handlers, window: 100 });
    agent.send({ type: 'data', subId: 's1', seq: 0, items: [sample(0), sample(1)] });
    agent.send({ type: 'data', subId: 's1', seq: 2, dropped: 4 });
    agent.send({ type: 'data', subId: 's1', seq: 6, items: [sample(6)] });
    agent.send({ type: 'data', subId: 's1', seq: 9, items: [sample(9)] });
    agent.send({ type: 'end', subId: 's1', seq: 10 });
    agent.send({ type: 'data', subId: 's1', seq: 10, items: [sample(10)] });
    await flush();
    expect(rec.log).toEqual(['items@0:0,1', 'dropped:overflow@2+4', 'items@6:6', 'dropped:gap@7+2', 'items@9:9', 'end:ended']);
    expect(rec.ends).toEqual([{ reason: 'ended', seq: 10 }]);
  });

  it('drops items that fail the topic schema, and counts them as processed', async () => {
    const { agent, client } = await setup();
    const rec = recorder();
    await open(agent, client, { ...rec.handlers, window: 4 });
    agent.send({ type: 'data', subId: 's1', seq: 0, items: [sample(0), { t: 'soon' }, { t: -1, step: 1, values: {} }, sample(3)] });
    await flush();
    expect(rec.log).toEqual(['items@0:0', 'dropped:invalid@1+2', 'items@3:3']);
    const invalid = rec.drops[0];
    expect(invalid?.reason === 'invalid' && invalid.error.message).toMatch(/^the agent sent 2 invalid 'monitor' item\(s\): t: /);
    // Window 4: after item 0 one is processed; with the two invalid ones three are, so 3 more are granted.
    expect(creditFrames(agent)).toEqual([3]);
  });

  it('passes the end error of a failed producer', async () => {
    const { agent, client } = await setup();
    const rec = recorder();
    await open(agent, client, rec.handlers);
    agent.send({ type: 'end', subId: 's1', seq: 0, error: { code: 'ENGINE_FAILED', message: 'sipcapture stopped' } });
    await flush();
    const end = rec.ends[0];
    expect(end?.reason).toBe('ended');
    expect(end?.reason === 'ended' && end.error).toBeInstanceOf(RpcError);
  });

  it('unsubscribes, discarding what is queued and ignoring later frames', async () => {
    const { agent, client } = await setup();
    const rec = recorder({ manual: true });
    const { sub } = await open(agent, client, rec.handlers);
    agent.send({ type: 'data', subId: 's1', seq: 0, items: [sample(0)] });
    agent.send({ type: 'data', subId: 's1', seq: 1, items: [sample(1)] });
    await flush();
    const done = sub.unsubscribe();
    const req = await agent.request('unsubscribe');
    expect(req.params).toEqual({ subId: 's1' });
    agent.send({ type: 'data', subId: 's1', seq: 2, items: [sample(2)] });
    agent.send({ type: 'res', id: req.id, result: { subId: 's1', delivered: 3, dropped: 0 } });
    expect(await done).toEqual({ delivered: 3, dropped: 0 });
    rec.release.shift()?.();
    await flush();
    expect(rec.log).toEqual(['items@0:0', 'end:unsubscribed']);
    expect(await sub.unsubscribe()).toBeNull();
  });

  it('pauses and resumes granting credit; initialCredit 0 starts paused', async () => {
    const { agent, client } = await setup();
    const rec = recorder();
    const { sub, req } = await open(agent, client, { ...rec.handlers, window: 10, initialCredit: 0 });
    expect((req.params as { credit: number }).credit).toBe(0);
    sub.resume();
    await agent.waitFor((f) => f.type === 'credit');
    expect(creditFrames(agent)).toEqual([10]);
    sub.pause();
    agent.send({ type: 'data', subId: 's1', seq: 0, items: Array.from({ length: 10 }, (_, i) => sample(i)) });
    await flush();
    expect(rec.items).toHaveLength(10);
    expect(creditFrames(agent)).toEqual([10]);
    sub.resume();
    await flush();
    expect(creditFrames(agent)).toEqual([10, 10]);
  });

  it('ends with connectionLost after delivering what arrived', async () => {
    const { agent, client } = await setup();
    const rec = recorder();
    await open(agent, client, rec.handlers);
    agent.send({ type: 'data', subId: 's1', seq: 0, items: [sample(0)] });
    agent.hangUp();
    await flush();
    expect(rec.log).toEqual(['items@0:0', 'end:connectionLost']);
    const end = rec.ends[0];
    expect(end?.reason === 'connectionLost' && end.error.message).toContain("the 'monitor' subscription stopped");
  });

  it('validates the filter and flow-control options before sending', async () => {
    const { agent, client } = await setup();
    const rec = recorder();
    const bad = await client.subscribe('monitor', { series: ['CPU!'] }, rec.handlers).catch((e: unknown) => e as RpcError);
    expect(bad).toBeInstanceOf(RpcError);
    expect((bad as RpcError).message).toMatch(/^invalid filter for topic 'monitor': filter\.series\[0\]: /);
    const window = await client.subscribe('monitor', {}, { ...rec.handlers, window: 0 }).catch((e: unknown) => e as RpcError);
    expect((window as RpcError).message).toContain('invalid window');
    await flush();
    expect(agent.received.filter((f) => f.type === 'req')).toHaveLength(0);
  });
});
