/**
 * Agent topic subscriptions opened for the renderer. Items are forwarded as 'agent.items' events;
 * drops (a slow consumer on the agent, a reconnect) are counted into the next batch's `dropped`, or
 * into an empty last batch sent just before 'agent.subscriptionEnded'.
 */
import { AGENT_TOPICS, type AgentTopic } from '@shared/rpc/events';
import { RpcError, omittedAsEmpty } from '@shared/rpc/errors';
import type { ResilientSubscription } from '../agent';
import type { ConnectionManager } from './connectionManager';
import type { HostEvents } from './hostEvents';
import { invalidParams } from './hostDispatcher';

export class SubscriptionManager {
  private readonly subs = new Map<string, { serverId: string; sub: ResilientSubscription<AgentTopic> }>();

  constructor(
    private readonly connections: ConnectionManager,
    private readonly events: HostEvents,
    private readonly newId: () => string,
  ) {}

  async subscribe(serverId: string, topic: AgentTopic, params: unknown): Promise<string> {
    const parsed = AGENT_TOPICS[topic].params.safeParse(omittedAsEmpty(params));
    if (!parsed.success) throw invalidParams('agent.subscribe', parsed.error.issues, 'params');
    const agent = this.connections.connected(serverId).requireAgent();
    const subscriptionId = this.newId();
    let dropped = 0;
    let lastLogTime: number | undefined;
    // Log lines carry their time: a resumed subscription asks only for newer ones, so the backlog is not sent twice.
    const resumeParams = topic === 'logs' ? () => ({ ...(parsed.data as object), ...(lastLogTime !== undefined ? { after: lastLogTime } : {}) }) : undefined;
    const sub = await agent.subscribe(topic, parsed.data as never, {
      onItems: (items) => {
        if (topic === 'logs') for (const it of items as { t: number }[]) lastLogTime = Math.max(lastLogTime ?? 0, it.t);
        const batch = { subscriptionId, items: items as unknown[], dropped };
        dropped = 0;
        this.events.emit('agent.items', batch);
      },
      onDropped: (info) => {
        // A reconnect loses an unknown number: counted as at least one so the UI shows a gap.
        dropped += info.count ?? 1;
      },
      onEnd: (info) => {
        this.subs.delete(subscriptionId);
        // Drops counted after the last batch would otherwise be lost with the subscription.
        if (dropped > 0) this.events.emit('agent.items', { subscriptionId, items: [], dropped });
        dropped = 0;
        const error = 'error' in info && info.error ? { code: info.error.code, message: info.error.message } : undefined;
        this.events.emit('agent.subscriptionEnded', { subscriptionId, ...(error ? { error } : {}) });
      },
    }, { resumeParams: resumeParams as never });
    this.subs.set(subscriptionId, { serverId, sub: sub as unknown as ResilientSubscription<AgentTopic> });
    return subscriptionId;
  }

  async unsubscribe(subscriptionId: string): Promise<void> {
    const entry = this.subs.get(subscriptionId);
    if (!entry) throw new RpcError('NOT_FOUND', `there is no open subscription with id ${subscriptionId}`, { path: 'subscriptionId' });
    this.subs.delete(subscriptionId);
    await entry.sub.unsubscribe();
  }
}
