import { describe, it, expect } from 'vitest';
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
