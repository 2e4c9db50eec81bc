/**
 * Agent topic subscriptions opened for the renderer. Items are forwarded as 'agent.items' events;
 * drops (a slow consumer on the agent, a reconnect) are counted into the next batch's `dropped`, or
 * into an empty last batch sent just before 'agent.subscriptionEnded'.
 *
 * Flow control reaches the renderer: each subscription has an AckWindow of items sent and not yet
 * acked ('agent.ack'). Once it is full, the batch handler does not settle until the renderer acks,
 * so the agent gets no more credit, holds its bounded buffer and then drops the oldest items; those
 * drops arrive counted in `dropped`. The host itself holds at most one credit window of items.
 */
import { AGENT_TOPICS, type AgentTopic } from '@shared/rpc/events';
import { FEED_END } from '@shared/rpc/feedEnd';
import { RpcError, omittedAsEmpty } from '@shared/rpc/errors';
import { DEFAULT_SUBSCRIPTION_ACK_WINDOW } from '@shared/rpc/hostFlowApi';
import type { ResilientSubscription } from '../agent';
import type { ConnectionManager } from './connectionManager';
import type { HostEvents } from './hostEvents';
import { AckWindow } from './ackWindow';
import { invalidParams } from './hostDispatcher';

export class SubscriptionManager {
  private readonly subs = new Map<string, { serverId: string; sub: ResilientSubscription<AgentTopic>; window: AckWindow }>();
  /** Known before `agent.subscribe` answers: items (and their acks) can come first. */
  private readonly windows = new Map<string, AckWindow>();

  constructor(
    private readonly connections: ConnectionManager,
    private readonly events: HostEvents,
    private readonly newId: () => string,
    /** Items per subscription the renderer may hold unacked (DEFAULT_SUBSCRIPTION_ACK_WINDOW). */
    private readonly ackWindow: number = DEFAULT_SUBSCRIPTION_ACK_WINDOW,
  ) {}

  /** The renderer has handled `items` more of this subscription; an unknown id is ignored (it ended meanwhile). */
  ack(subscriptionId: string, items: number): void {
    this.windows.get(subscriptionId)?.acked(items);
  }

  /** Items sent to the renderer and not yet acked, per open subscription (for tests and diagnostics). */
  unacked(): Map<string, number> {
    return new Map([...this.windows].map(([id, w]) => [id, w.outstanding]));
  }

  async subscribe(serverId: string, topic: AgentTopic, params: unknown): Promise<string> {
    const parsed = AGENT_TOPICS[topic].params.safeParse(omittedAsEmpty(params));
    if (!parsed.success) throw invalidParams('agent.subscribe', parsed.error.issues, 'params');
    const agent = this.connections.connected(serverId).requireAgent();
    const subscriptionId = this.newId();
    const window = new AckWindow(this.ackWindow);
    this.windows.set(subscriptionId, window);
    let dropped = 0;
    let lastLogTime: number | undefined;
    // Log lines carry their time: a resumed subscription asks only for newer ones, so the backlog is not sent twice.
    const resumeParams = topic === 'logs' ? () => ({ ...(parsed.data as object), ...(lastLogTime !== undefined ? { after: lastLogTime } : {}) }) : undefined;
    const sub = await agent.subscribe(topic, parsed.data as never, {
      onItems: (items) => {
        if (topic === 'logs') for (const it of items as { t: number }[]) lastLogTime = Math.max(lastLogTime ?? 0, it.t);
        const batch = { subscriptionId, items: items as unknown[], dropped };
        dropped = 0;
        window.sent(items.length);
        this.events.emit('agent.items', batch);
        // Credit for these items goes back to the agent only once the renderer has room.
        return window.full ? window.room() : undefined;
      },
      onDropped: (info) => {
        // A reconnect loses an unknown number: counted as at least one so the UI shows a gap.
        dropped += info.count ?? 1;
      },
      onEnd: (info) => {
        window.close();
        this.windows.delete(subscriptionId);
        this.subs.delete(subscriptionId);
        // Drops counted after the last batch would otherwise be lost with the subscription.
        if (dropped > 0) this.events.emit('agent.items', { subscriptionId, items: [], dropped });
        dropped = 0;
        // A lost link ends the feed with the TIMEOUT every in-flight request gets, which the window would
        // read as "the server did not answer in time": it is said as what it is, the server not connected.
        const error = 'error' in info && info.error ? { code: info.reason === 'connectionLost' ? FEED_END.notConnected : info.error.code, message: info.error.message } : undefined;
        this.events.emit('agent.subscriptionEnded', { subscriptionId, ...(error ? { error } : {}) });
      },
    }, { resumeParams: resumeParams as never }).catch((e: unknown) => {
      this.windows.delete(subscriptionId);
      throw e;
    });
    this.subs.set(subscriptionId, { serverId, sub: sub as unknown as ResilientSubscription<AgentTopic>, window });
    return subscriptionId;
  }

  async unsubscribe(subscriptionId: string): Promise<void> {
    const entry = this.subs.get(subscriptionId);
    if (!entry) throw new RpcError('NOT_FOUND', `there is no open subscription with id ${subscriptionId}`, { path: 'subscriptionId' });
    this.subs.delete(subscriptionId);
    // A batch waiting for acks must not hold up the end of the subscription.
    entry.window.close();
    this.windows.delete(subscriptionId);
    await entry.sub.unsubscribe();
  }
}
