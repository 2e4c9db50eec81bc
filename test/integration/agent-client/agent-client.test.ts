/**
 * AgentClient and ResilientAgent against the REAL agent RPC server (switch-agent/src/rpc) on
 * UNIX sockets in a temp dir: calls, events across sockets, the view socket's refusal, flow
 * control end to end, and a server restart with a subscription open and a call in flight.
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_METHODS } from '@shared/rpc/agentApi';
import type { RpcError } from '@shared/rpc/errors';
import { AGENT_EVENTS, AGENT_TOPICS, type AgentTopicItem } from '@shared/rpc/events';
import { AgentClient, ResilientAgent, isConnectionLost, type DropInfo, type EndInfo } from '../../../electron/core/agent';
import { ConnectionHub, Dispatcher, defineTopic, startRpcServer, type RpcServer, type SubscriptionSink } from '../../../switch-agent/src/rpc';

type Sample = AgentTopicItem<'monitor'>;
const sample = (t: number): Sample => ({ t, step: 1, values: { 'sys.cpu.total': t } });
const HASH = 'b'.repeat(64);

interface Agent {
  admin: RpcServer;
  view: RpcServer;
  sinks: SubscriptionSink<Sample>[];
  restarts: number;
  close(): Promise<void>;
}

/** Counts across restarts: a request is executed at most once, whatever the client does. */
const executed = { restart: 0, confirm: 0 };

async function startAgent(dir: string): Promise<Agent> {
  const hub = new ConnectionHub(AGENT_EVENTS);
  const sinks: SubscriptionSink<Sample>[] = [];
  const dispatcher = Dispatcher.create(
    AGENT_METHODS,
    {
      'catalog.get': () => ({ version: 'vos3000-2.1.9', paramNames: ['SS_MAXCALLS', 'SS_RTP_TIMEOUT'] }),
      'config.confirm': ({ revision }, ctx) => {
        executed.confirm++;
        hub.broadcast('config.changed', { revision, hash: HASH, author: { user: ctx.user, role: ctx.role }, kind: 'apply', status: 'confirmed' });
        return { revision, status: 'confirmed' as const };
      },
      // Never finishes: stands for a long engine restart that the link drop interrupts.
      'engine.restart': () => {
        executed.restart++;
        return new Promise<never>(() => undefined);
      },
    },
    {
      monitor: defineTopic({
        description: 'samples pushed by the test',
        filter: AGENT_TOPICS.monitor.params,
        item: AGENT_TOPICS.monitor.item,
        open: (_filter, sink) => {
          sinks.push(sink);
        },
      }),
    },
  );
  const common = { dispatcher, hub, group: null, agent: { version: '0.4.0', hostname: 'sw-test' }, limits: { subscriptionBufferItems: 10 } };
  const admin = await startRpcServer({ ...common, path: path.join(dir, 'admin.sock'), role: 'admin' });
  const view = await startRpcServer({ ...common, path: path.join(dir, 'view.sock'), role: 'view' });
  return {
    admin,
    view,
    sinks,
    restarts: 0,
    close: async () => {
      await admin.close();
      await view.close();
    },
  };
}

function connectUnix(socketPath: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

const identity = (user: string) => ({ server: 'sw-test', client: { name: 'switchdeck', version: '0.4.0', user } });

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let dir: string;
let agent: Agent;
const toClose: Array<{ close(): Promise<void> }> = [];

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sd-agent-client-'));
  agent = await startAgent(dir);
  executed.restart = 0;
  executed.confirm = 0;
});

afterEach(async () => {
  for (const c of toClose.splice(0)) await c.close();
  await agent.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function client(socket: 'admin' | 'view', user = 'alice'): Promise<AgentClient> {
  const c = await AgentClient.connect(await connectUnix(path.join(dir, `${socket}.sock`)), identity(user));
  toClose.push(c);
  return c;
}

describe('AgentClient against the real agent server', () => {
  it('calls methods, validates both ways, and learns its role from the socket', async () => {
    const admin = await client('admin');
    expect(admin.role).toBe('admin');
    expect(admin.agent.hostname).toBe('sw-test');
    expect(admin.offersMethod('catalog.get')).toBe(true);
    expect(admin.offersMethod('config.apply')).toBe(false);
    expect(await admin.call('catalog.get', {})).toEqual({ version: 'vos3000-2.1.9', paramNames: ['SS_MAXCALLS', 'SS_RTP_TIMEOUT'] });

    const invalid = await admin.call('config.confirm', { revision: -2 }).catch((e: unknown) => e as RpcError);
    expect((invalid as RpcError).code).toBe('INVALID_PARAMS');
    expect((invalid as RpcError).message).toMatch(/^invalid params for 'config.confirm': revision: /);
    const missing = await admin.call('config.apply', { baseRevision: 1, ops: [] }).catch((e: unknown) => e as RpcError);
    expect((missing as RpcError).code).toBe('METHOD_NOT_FOUND');
    expect(executed.confirm).toBe(0);
  });

  it('broadcasts config.changed to clients on both sockets, the originator included', async () => {
    const alice = await client('admin', 'alice');
    const bob = await client('view', 'bob');
    const seen: string[] = [];
    alice.on('config.changed', (e) => seen.push(`alice:${e.revision}:${e.author.user}`));
    bob.on('config.changed', (e) => seen.push(`bob:${e.revision}:${e.author.user}`));
    expect(await alice.call('config.confirm', { revision: 7 })).toEqual({ revision: 7, status: 'confirmed' });
    await until(() => seen.length === 2, 'two events');
    expect(seen.sort()).toEqual(['alice:7:alice', 'bob:7:alice']);
  });

  it('is refused mutating calls on the view socket', async () => {
    const bob = await client('view', 'bob');
    expect(bob.role).toBe('view');
    expect(bob.mayCall('config.confirm')).toBe(false);
    const error = await bob.call('config.confirm', { revision: 7 }).catch((e: unknown) => e as RpcError);
    expect((error as RpcError).code).toBe('PERMISSION_DENIED');
    expect((error as RpcError).message).toBe(
      "method 'config.confirm' changes state and is refused on the read-only socket view.sock; connect through admin.sock (group switchdeck-admin)",
    );
    expect(executed.confirm).toBe(0);
    expect(await bob.call('catalog.get', {})).toMatchObject({ version: 'vos3000-2.1.9' });
  });

  it('applies credit-based flow control end to end: a stalled consumer gets a drop marker, every item is accounted for', async () => {
    const admin = await client('admin');
    const log: string[] = [];
    let releaseFirst!: () => void;
    const firstDone = new Promise<void>((r) => (releaseFirst = r));
    let batches = 0;
    const sub = await admin.subscribe('monitor', { series: ['sys.cpu.total'] }, {
      window: 8,
      onItems: (items, { seq }) => {
        log.push(`items@${seq}:${items.length}`);
        return batches++ === 0 ? firstDone : undefined;
      },
      onDropped: (info: DropInfo) => void log.push(`dropped:${info.reason}@${info.seq}+${info.count}`),
    });
    await until(() => agent.sinks.length === 1, 'the producer');
    const sink = agent.sinks[0] as SubscriptionSink<Sample>;
    // 8 go out on the initial credit; the agent keeps the newest 10 and drops the 32 before them.
    sink.push(Array.from({ length: 50 }, (_, i) => sample(i)));
    await until(() => log.length === 1, 'the first batch');
    releaseFirst();
    await until(() => log.length === 4, 'the rest');
    expect(log).toEqual(['items@0:8', 'dropped:overflow@8+32', 'items@40:8', 'items@48:2']);
    expect(sub.stats).toMatchObject({ delivered: 18, dropped: 32, queued: 0 });
    expect(await sub.unsubscribe()).toEqual({ delivered: 18, dropped: 32 });
    await until(() => sink.signal.aborted, 'the producer to stop');
  });
});

describe('ResilientAgent across an agent restart', () => {
  it('reconnects, resumes the subscription, and fails (never repeats) the call in flight', async () => {
    const states: string[] = [];
    const r = new ResilientAgent({
      ...identity('alice'),
      connect: () => connectUnix(path.join(dir, 'admin.sock')),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    toClose.push(r);
    r.onState((s) => states.push(s.state));
    const items: number[] = [];
    const drops: DropInfo[] = [];
    const ends: EndInfo[] = [];
    await r.subscribe('monitor', {}, {
      onItems: (batch) => void items.push(...batch.map((s) => s.t)),
      onDropped: (info) => void drops.push(info),
      onEnd: (info) => void ends.push(info),
    });
    await until(() => agent.sinks.length === 1, 'the first producer');
    agent.sinks[0]?.push([sample(1)]);
    await until(() => items.length === 1, 'the first item');

    // Caught at once: it settles while the agent is being stopped.
    const restart = r.call('engine.restart', { target: 'kamailio' }).catch((e: unknown) => e as RpcError);
    await until(() => executed.restart === 1, 'the restart handler');
    await agent.close();
    const error = await restart;
    expect(isConnectionLost(error)).toBe(true);
    expect((error as RpcError).message).toBe(
      "connection to sw-test lost while 'engine.restart' was in flight (the agent closed the connection); it changes state and may or may not have been applied — check the history before trying again",
    );

    await until(() => states.includes('reconnecting'), 'reconnecting');
    agent = await startAgent(dir);
    await until(() => agent.sinks.length === 1, 'the re-opened producer');
    agent.sinks[0]?.push([sample(2)]);
    await until(() => items.length === 2, 'an item after the restart');
    expect(items).toEqual([1, 2]);
    expect(drops.map((d) => d.reason)).toEqual(['reconnect']);
    expect(ends).toEqual([]);
    expect(states.slice(0, 3)).toEqual(['connecting', 'connected', 'reconnecting']);
    expect(states.at(-1)).toBe('connected');
    // The interrupted restart ran once, on the old agent; the new agent never saw it.
    expect(executed.restart).toBe(1);
    expect(await r.call('catalog.get', {})).toMatchObject({ version: 'vos3000-2.1.9' });
    expect(executed.restart).toBe(1);
  });
});
