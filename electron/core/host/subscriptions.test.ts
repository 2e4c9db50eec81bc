import { describe, it, expect } from 'vitest';
import { RpcError } from '@shared/rpc/errors';
import { SubscriptionManager } from './subscriptions';
import { HostEvents } from './hostEvents';
import type { ConnectionManager } from './connectionManager';

interface Handlers {
  onItems(items: unknown[]): void;
  onDropped(info: { count?: number }): void;
  onEnd(info: object): void;
}

function rig() {
  let handlers: Handlers | undefined;
  const agent = {
    subscribe: async (_topic: string, _params: unknown, h: Handlers) => {
      handlers = h;
      return { unsubscribe: async () => {} };
    },
  };
  const connections = { connected: () => ({ requireAgent: () => agent }) } as unknown as ConnectionManager;
  const events = new HostEvents((event, problem) => {
    throw new Error(`${event}: ${problem}`);
  });
  const seen: [string, unknown][] = [];
  events.on((event, payload) => seen.push([event, payload]));
  const manager = new SubscriptionManager(connections, events, () => 'sub-1');
  return { manager, seen, handlers: () => handlers! };
}

describe('SubscriptionManager', () => {
  it('carries drops into the next batch', async () => {
    const { manager, seen, handlers } = rig();
    await manager.subscribe('srv', 'logs', {});
    handlers().onDropped({ count: 3 });
    handlers().onItems([{ t: 1 }]);
    handlers().onItems([{ t: 2 }]);
    expect(seen.map(([, p]) => (p as { dropped: number }).dropped)).toEqual([3, 0]);
  });

  it('reports drops that come after the last batch before the subscription ends', async () => {
    const { manager, seen, handlers } = rig();
    await manager.subscribe('srv', 'logs', {});
    handlers().onItems([{ t: 1 }]);
    handlers().onDropped({ count: 5 });
    handlers().onEnd({ reason: 'ended' });
    expect(seen).toEqual([
      ['agent.items', { subscriptionId: 'sub-1', items: [{ t: 1 }], dropped: 0 }],
      ['agent.items', { subscriptionId: 'sub-1', items: [], dropped: 5 }],
      ['agent.subscriptionEnded', { subscriptionId: 'sub-1' }],
    ]);
  });
});

describe('SubscriptionManager feed ends', () => {
  it('says a feed ended by a lost link is not connected (not the TIMEOUT of in-flight requests), and keeps any other code', async () => {
    const lost = rig();
    await lost.manager.subscribe('srv', 'logs', {});
    const message = "connection to srv lost; the 'logs' subscription stopped (closed by Switchdeck)";
    lost.handlers().onEnd({ reason: 'connectionLost', error: new RpcError('TIMEOUT', message, { connectionLost: true }) });
    expect(lost.seen).toEqual([['agent.subscriptionEnded', { subscriptionId: 'sub-1', error: { code: 'not-connected', message } }]]);

    const failed = rig();
    await failed.manager.subscribe('srv', 'logs', {});
    failed.handlers().onEnd({ reason: 'ended', seq: 4, error: new RpcError('ENGINE_FAILED', 'capture stopped: tcpdump exited 1') });
    expect(failed.seen).toEqual([['agent.subscriptionEnded', { subscriptionId: 'sub-1', error: { code: 'ENGINE_FAILED', message: 'capture stopped: tcpdump exited 1' } }]]);
  });
});

describe('SubscriptionManager flow control to the renderer', () => {
  function windowed(limit: number) {
    let handlers: { onItems(items: unknown[]): void | Promise<void>; onEnd(info: object): void } | undefined;
    let unsubscribed = false;
    const agent = {
      subscribe: async (_t: string, _p: unknown, h: typeof handlers) => {
        handlers = h;
        return { unsubscribe: async () => void (unsubscribed = true) };
      },
    };
    const connections = { connected: () => ({ requireAgent: () => agent }) } as unknown as ConnectionManager;
    const events = new HostEvents();
    const manager = new SubscriptionManager(connections, events, () => 'sub-1', limit);
    return { manager, handlers: () => handlers!, unsubscribed: () => unsubscribed };
  }
  const state = (p: void | Promise<void>) => {
    if (p === undefined) return Promise.resolve('settled');
    return Promise.race([p.then(() => 'settled'), new Promise((r) => setTimeout(() => r('pending'), 10))]);
  };

  it('holds the batch (and so the agent credit) once the window is full, until the renderer acks', async () => {
    const { manager, handlers } = windowed(4);
    await manager.subscribe('srv', 'logs', {});
    expect(await state(handlers().onItems([{ t: 1 }, { t: 2 }]))).toBe('settled');
    const held = handlers().onItems([{ t: 3 }, { t: 4 }]);
    expect(await state(held)).toBe('pending');
    expect(manager.unacked().get('sub-1')).toBe(4);
    manager.ack('sub-1', 1);
    expect(await state(held)).toBe('settled');
    expect(manager.unacked().get('sub-1')).toBe(3);
  });

  it('an unsubscribe releases a batch waiting for acks; acks of unknown ids are ignored', async () => {
    const { manager, handlers, unsubscribed } = windowed(1);
    await manager.subscribe('srv', 'logs', {});
    const held = handlers().onItems([{ t: 1 }]);
    await manager.unsubscribe('sub-1');
    expect(await state(held)).toBe('settled');
    expect(unsubscribed()).toBe(true);
    expect(() => manager.ack('sub-1', 1)).not.toThrow();
    expect(manager.unacked().size).toBe(0);
  });
});
