/**
 * The subscriptions of one connection (PROTOCOL.md §6): `subscribe` / `unsubscribe`, credit
 * routing, and the sink each topic producer writes into. Flow control of a single
 * subscription lives in ./subscription.
 */
import { RpcError } from '@shared/rpc/errors';
import {
  SubscribeParamsSchema,
  UnsubscribeParamsSchema,
  type SubscribeResult,
  type UnsubscribeResult,
} from '@shared/rpc/frames';
import type { Role } from '@shared/rpc/protocol';
import type { ByteBudget } from './budget';
import type { ConnectionLimits } from './connection';
import {
  permissionDenied,
  validateInput,
  type AnyTopicSpec,
  type CallContext,
  type Dispatcher,
  type SubscriptionSink,
} from './dispatcher';
import type { RpcLogger } from './log';
import { Subscription, type SerializedItem } from './subscription';

export interface SubscriptionTableDeps {
  dispatcher: Dispatcher;
  role: Role;
  limits: ConnectionLimits;
  maxFrameBytes: number;
  logger: RpcLogger;
  /** Pool shared with every other connection's subscriptions. */
  sharedBuffer?: ByteBudget;
  /** Writes one frame line (newline excluded) to the client. */
  write(line: string): void;
  isClosed(): boolean;
}

interface SubRecord {
  sub: Subscription;
  abort: AbortController;
  stop?: () => void;
  topic: string;
}

export class SubscriptionTable {
  private readonly subs = new Map<string, SubRecord>();
  private counter = 0;

  constructor(private readonly deps: SubscriptionTableDeps) {}

  get size(): number {
    return this.subs.size;
  }

  /**
   * Opens the producer. The caller writes the response and then calls `activate`, so no
   * data frame can precede the `{subId}` result.
   */
  async subscribe(raw: unknown, ctx: CallContext): Promise<{ result: SubscribeResult; activate: () => void }> {
    const { limits } = this.deps;
    const params = validateInput(SubscribeParamsSchema, raw, "params for 'subscribe'", 'subscribe');
    const topic = this.deps.dispatcher.topic(params.topic);
    if (!topic) throw new RpcError('NOT_FOUND', `unknown topic '${params.topic}'`, { topic: params.topic });
    if (topic.adminOnly && this.deps.role !== 'admin') {
      throw permissionDenied(`topic '${params.topic}' is for admins`, ctx, { topic: params.topic });
    }
    const filter = validateInput(topic.filter, params.filter, `filter for topic '${params.topic}'`, 'subscribe', 'filter');
    if (this.subs.size >= limits.maxSubscriptions) {
      throw new RpcError('TOO_MANY_REQUESTS', `${limits.maxSubscriptions} subscriptions are already open on this connection (the limit)`, {
        limit: limits.maxSubscriptions,
      });
    }
    const subId = `s${++this.counter}`;
    const record: SubRecord = {
      topic: params.topic,
      abort: new AbortController(),
      sub: new Subscription({
        subId,
        credit: params.credit,
        bufferItems: topic.bufferItems ?? limits.subscriptionBufferItems,
        maxFrameBytes: this.deps.maxFrameBytes,
        maxItemsPerFrame: limits.maxItemsPerDataFrame,
        maxCredit: limits.maxCredit,
        sharedBuffer: this.deps.sharedBuffer,
        send: (line) => this.deps.write(line),
        onEnd: () => this.drop(subId),
      }),
    };
    this.subs.set(subId, record);
    const sink: SubscriptionSink<unknown> = {
      push: (items) => this.push(record, topic, items),
      end: (error) => record.sub.end(error),
      signal: record.abort.signal,
      get demand() {
        return record.sub.demand;
      },
      skip: (count) => record.sub.skip(count),
      onDemand: (listener) => record.sub.onDemand(listener),
    };
    let stop: void | (() => void);
    try {
      stop = await topic.open(filter, sink, { ...ctx, signal: record.abort.signal });
    } catch (e) {
      this.drop(subId);
      throw e;
    }
    if (typeof stop === 'function') record.stop = stop;
    if (ctx.signal.aborted || this.deps.isClosed()) {
      // Cancelled, timed out or disconnected while the producer was starting.
      this.drop(subId);
      throw new RpcError('CANCELLED', 'subscribe was abandoned before it completed');
    }
    return { result: { subId }, activate: () => record.sub.activate() };
  }

  unsubscribe(raw: unknown): UnsubscribeResult {
    const { subId } = validateInput(UnsubscribeParamsSchema, raw, "params for 'unsubscribe'", 'unsubscribe');
    const record = this.subs.get(subId);
    if (!record) throw new RpcError('NOT_FOUND', `no open subscription '${subId}' on this connection`, { subId });
    const totals = record.sub.totals;
    this.drop(subId);
    return { subId, ...totals };
  }

  /** An unknown subId is ignored: the subscription may have ended while credit was in flight. */
  grant(subId: string, credit: number): void {
    this.subs.get(subId)?.sub.grant(credit);
  }

  closeAll(): void {
    for (const subId of [...this.subs.keys()]) this.drop(subId);
  }

  /**
   * Producers call this; it validates and serializes the items the subscription can send or
   * keep (see Subscription.pushLazy), and never throws back at them.
   */
  private push(record: SubRecord, topic: AnyTopicSpec, items: readonly unknown[]): void {
    if (record.sub.isFinished || this.deps.isClosed()) return;
    record.sub.pushLazy(items.length, (i) => this.serialize(record, topic, items[i]));
  }

  private serialize(record: SubRecord, topic: AnyTopicSpec, item: unknown): SerializedItem | undefined {
    const log = this.deps.logger;
    let value = item;
    if (topic.item) {
      const parsed = topic.item.safeParse(item);
      if (!parsed.success) {
        log.error('topic produced an invalid item; not sent', { topic: record.topic, issues: parsed.error.issues });
        return undefined;
      }
      value = parsed.data;
    }
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (e) {
      log.error('topic produced an unserializable item; not sent', { topic: record.topic, error: String(e) });
      return undefined;
    }
    if (json === undefined) return undefined;
    const bytes = Buffer.byteLength(json);
    if (bytes > record.sub.maxItemBytes) {
      log.error('topic produced an item larger than a frame; not sent', { topic: record.topic, bytes });
      return undefined;
    }
    return { json, bytes };
  }

  private drop(subId: string): void {
    const record = this.subs.get(subId);
    if (!record) return;
    this.subs.delete(subId);
    record.sub.cancel();
    record.abort.abort();
    try {
      record.stop?.();
    } catch (e) {
      this.deps.logger.error('topic stop function threw', { topic: record.topic, error: String(e) });
    }
  }
}
