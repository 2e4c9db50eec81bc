/**
 * A subscription that outlives its connection: when the link drops it waits, and once a
 * ResilientAgent has reconnected it re-opens the same topic and filter with the same
 * callbacks. The consumer is told about the hole with a `reconnect` drop (size unknown); the
 * new subscription numbers its items from 0 again.
 */
import { RpcError } from '@shared/rpc/errors';
import type { AgentTopic, AgentTopicItem, AgentTopicParamsInput } from '@shared/rpc/events';
import type { AgentClient } from './agentClient';
import type { ClientSubscription, EndInfo, SubscriptionHandlers } from './clientSubscription';

export interface SubscriptionOwner {
  /** The live client, if the link is up. */
  currentClient(): AgentClient | undefined;
  isClosing(): boolean;
  forget(sub: ResilientSubscription<AgentTopic>): void;
}

type State = 'opening' | 'open' | 'suspended' | 'ended';

export class ResilientSubscription<T extends AgentTopic> {
  private state: State = 'opening';
  private inner: ClientSubscription<AgentTopicItem<T>> | undefined;
  private stopping = false;
  private paused: boolean;
  private lostError: RpcError | undefined;

  constructor(
    readonly topic: T,
    private readonly params: AgentTopicParamsInput<T>,
    private readonly handlers: SubscriptionHandlers<AgentTopicItem<T>>,
    private readonly owner: SubscriptionOwner,
    /** Params for re-opening after a reconnect (e.g. "only items after the last one seen"); default: the original ones. */
    private readonly resumeParams?: () => AgentTopicParamsInput<T>,
  ) {
    this.paused = handlers.initialCredit === 0;
  }

  /** False once onEnd has been called. */
  get active(): boolean {
    return this.state !== 'ended';
  }

  /** True while the link is down and the subscription waits to be re-opened. */
  get suspended(): boolean {
    return this.state === 'suspended';
  }

  pause(): void {
    this.paused = true;
    this.inner?.pause();
  }

  resume(): void {
    this.paused = false;
    this.inner?.resume();
  }

  /** Stops it for good, on this connection and any later one. */
  async unsubscribe(): Promise<void> {
    if (this.state === 'ended' || this.stopping) return;
    this.stopping = true;
    if (this.inner && this.state === 'open') {
      await this.inner.unsubscribe();
      return;
    }
    if (this.state === 'suspended') this.finish({ reason: 'unsubscribed', totals: null });
    // 'opening': open() sees `stopping` when the subscribe answers and stops it there.
  }

  /** Opens on `client`; throws if the agent refuses (the first open's errors go to the caller). */
  async open(client: AgentClient, resuming = false): Promise<void> {
    this.state = 'opening';
    const params = resuming && this.resumeParams ? this.resumeParams() : this.params;
    const inner = await client.subscribe(this.topic, params, this.innerHandlers(), {});
    this.inner = inner;
    this.state = 'open';
    if (this.stopping) {
      await inner.unsubscribe();
      return;
    }
    // The re-opened subscription carries the initial credit again; a paused consumer grants no more.
    if (this.paused) inner.pause();
  }

  /** The owner stopped reconnecting: a subscription waiting for the link ends. */
  abandon(error: RpcError): void {
    if (this.state === 'suspended') this.finish({ reason: 'connectionLost', error });
  }

  /** The owner reconnected. */
  linkUp(client: AgentClient): void {
    if (this.state === 'suspended') void this.reopen(client);
  }

  private innerHandlers(): SubscriptionHandlers<AgentTopicItem<T>> {
    const h = this.handlers;
    return {
      window: h.window,
      initialCredit: this.paused ? 0 : h.initialCredit,
      onItems: (items, info) => h.onItems(items, info),
      onDropped: (info) => h.onDropped?.(info),
      onError: (error) => h.onError?.(error),
      onEnd: (info) => this.onInnerEnd(info),
    };
  }

  private onInnerEnd(info: EndInfo): void {
    this.inner = undefined;
    if (info.reason === 'connectionLost' && !this.stopping && !this.owner.isClosing()) {
      this.state = 'suspended';
      this.lostError = info.error;
      const client = this.owner.currentClient();
      // The link may already be back: the old queue drained after the reconnect.
      if (client && !client.closed) void this.reopen(client);
      return;
    }
    this.finish(info);
  }

  private async reopen(client: AgentClient): Promise<void> {
    if (this.state !== 'suspended') return;
    this.state = 'opening';
    const error = this.lostError ?? new RpcError('TIMEOUT', 'the connection was lost');
    try {
      this.handlers.onDropped?.({ reason: 'reconnect', seq: null, count: null, error });
    } catch (e) {
      this.handlers.onError?.(e);
    }
    try {
      await this.open(client, true);
    } catch (e) {
      const rpc = e instanceof RpcError ? e : new RpcError('INTERNAL', e instanceof Error ? e.message : String(e));
      if (client.closed && !this.owner.isClosing() && !this.stopping) {
        // Dropped again while re-opening: wait for the next connection.
        this.state = 'suspended';
        const next = this.owner.currentClient();
        if (next && next !== client && !next.closed) void this.reopen(next);
        return;
      }
      this.finish(this.stopping ? { reason: 'unsubscribed', totals: null } : { reason: 'reopenFailed', error: rpc });
    }
  }

  private finish(info: EndInfo): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.owner.forget(this as unknown as ResilientSubscription<AgentTopic>);
    try {
      this.handlers.onEnd?.(info);
    } catch (e) {
      this.handlers.onError?.(e);
    }
  }
}
