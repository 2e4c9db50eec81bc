/**
 * One subscription's credit-based flow control (PROTOCOL.md §6).
 *
 * Items are numbered from 0 in push order. While the client has credit they go out at once;
 * without credit they wait in a buffer bounded by item count and bytes. When the buffer is
 * full the OLDEST item is dropped (a slow client catches up with the present) and counted;
 * the next time anything can be delivered a `{dropped: N}` marker for that contiguous range
 * goes first. So memory stays bounded whatever the producer does, and the client can always
 * account for every item number.
 */
import type { RpcError } from '@shared/rpc/errors';
import { LIMITS } from '@shared/rpc/protocol';
import type { ByteBudget } from './budget';

export interface SubscriptionOptions {
  subId: string;
  credit: number;
  bufferItems: number;
  /** Byte bound of the buffer; defaults to 8 × maxFrameBytes. */
  bufferBytes?: number;
  maxFrameBytes: number;
  maxItemsPerFrame?: number;
  maxCredit?: number;
  /** Pool all subscriptions' buffers draw on; when it is full the oldest items are dropped. */
  sharedBuffer?: ByteBudget;
  /** Writes one complete line (newline excluded) to the client. */
  send(line: string): void;
  /** Called after the `end` frame went out, so the owner can forget the subscription. */
  onEnd?(): void;
}

export interface SerializedItem {
  json: string;
  bytes: number;
}

function serializeRange(from: number, to: number, serialize: (index: number) => SerializedItem | undefined): SerializedItem[] {
  const out: SerializedItem[] = [];
  for (let i = from; i < to; i++) {
    const item = serialize(i);
    if (item) out.push(item);
  }
  return out;
}

/** Room kept in a data frame for its envelope (type, subId, seq). */
const ENVELOPE_BYTES = 256;

export class Subscription {
  readonly subId: string;
  private credit: number;
  private active = false;
  private finished = false;
  private ended: { error?: RpcError } | undefined;
  /** Serialized items waiting for credit; `head` avoids O(n) shifts. */
  private queue: string[] = [];
  private queueSizes: number[] = [];
  private head = 0;
  private queuedBytes = 0;
  /** Bytes this subscription holds in `sharedBuffer` (its `queuedBytes` when last synced). */
  private pooledBytes = 0;
  /** Number of the next item to transmit (as data or as part of a drop marker). */
  private nextSeq = 0;
  private droppedPending = 0;
  private delivered = 0;
  private droppedTotal = 0;
  private demandListener: (() => void) | undefined;

  constructor(private readonly opts: SubscriptionOptions) {
    this.subId = opts.subId;
    this.credit = Math.min(opts.credit, this.maxCredit);
  }

  private get maxCredit(): number {
    return this.opts.maxCredit ?? LIMITS.maxCredit;
  }

  get buffered(): number {
    return this.queue.length - this.head;
  }

  /**
   * What a pull producer may push now. None before `activate`: what it pushed then would only wait in
   * the buffer (a few items for most topics), so a first full set larger than that lost all but its
   * newest items. It hears of the demand on activation instead (`onDemand`).
   */
  get demand(): number {
    return this.finished || this.ended || !this.active ? 0 : Math.max(0, this.credit - this.buffered);
  }

  get totals(): { delivered: number; dropped: number } {
    return { delivered: this.delivered, dropped: this.droppedTotal + this.droppedPending };
  }

  /** True once the `end` frame went out or the subscription was cancelled. */
  get isFinished(): boolean {
    return this.finished;
  }

  /**
   * Accepts serialized items (one producer push goes out as one frame where credit allows).
   * The caller guarantees each fits a frame (see `maxItemBytes`).
   * Before `activate` items are only buffered, so nothing precedes the subscribe response.
   */
  pushSerialized(items: readonly SerializedItem[]): void {
    if (this.finished || this.ended || items.length === 0) return;
    const maxBytes = this.opts.bufferBytes ?? this.opts.maxFrameBytes * 8;
    for (const { json, bytes } of items) {
      this.queue.push(json);
      this.queueSizes.push(bytes);
      this.queuedBytes += bytes;
    }
    // Send what credit allows first: only what is left over counts against the bound.
    this.flush();
    const pool = this.opts.sharedBuffer;
    while (
      this.buffered > this.opts.bufferItems ||
      (this.queuedBytes > maxBytes && this.buffered > 1) ||
      (pool !== undefined && this.buffered > 0 && !pool.fits(this.pooledBytes, this.queuedBytes))
    ) {
      this.dropOldest();
    }
    this.syncPool();
  }

  /**
   * Like `pushSerialized`, but serializes only what can be sent or kept: the oldest items as far
   * as credit allows, then the newest that fit the buffer and the shared pool. The items in
   * between would be dropped at once, so they are counted as dropped without being serialized,
   * and a flood into full subscriptions costs a count, not a serialization per item.
   * `serialize(i)` returns undefined for an item that must not be numbered (invalid, too large);
   * an item that is counted as dropped unserialized is numbered even if it would have been invalid.
   */
  pushLazy(count: number, serialize: (index: number) => SerializedItem | undefined): void {
    if (this.finished || this.ended || count === 0) return;
    const sendNow = this.active && this.buffered === 0 && this.droppedPending === 0 ? Math.min(this.credit, count) : 0;
    if (sendNow > 0) this.pushSerialized(serializeRange(0, sendNow, serialize));
    if (sendNow === count) return;
    const maxBytes = this.opts.bufferBytes ?? this.opts.maxFrameBytes * 8;
    const pool = this.opts.sharedBuffer;
    // Room if everything buffered now (older than these items) were dropped.
    const poolRoom = pool ? pool.limit - pool.used + this.pooledBytes : Number.POSITIVE_INFINITY;
    const kept: SerializedItem[] = [];
    let bytes = 0;
    let i = count - 1;
    for (; i >= sendNow; i--) {
      const item = serialize(i);
      if (!item) continue;
      const next = bytes + item.bytes;
      if (kept.length >= this.opts.bufferItems || (kept.length >= 1 && next > maxBytes) || next > poolRoom) break;
      kept.push(item);
      bytes = next;
    }
    const unsent = i - sendNow + 1;
    if (unsent > 0) {
      // Everything buffered is older than the items dropped here, so it goes first.
      while (this.buffered > 0) this.dropOldest();
      this.droppedPending += unsent;
      this.syncPool();
    }
    this.pushSerialized(kept.reverse());
  }

  /** Largest serialized item that can travel in a data frame. */
  get maxItemBytes(): number {
    return this.opts.maxFrameBytes - ENVELOPE_BYTES;
  }

  activate(): void {
    this.active = true;
    this.flush();
    this.notifyDemand();
  }

  grant(credit: number): void {
    if (this.finished) return;
    this.credit = Math.min(this.credit + credit, this.maxCredit);
    this.flush();
    this.notifyDemand();
  }

  /**
   * A pull producer lost `count` items before the client could take them. They are numbered and
   * reported as dropped. Anything still buffered (pushed before activation) would then come after
   * the loss out of order, so it is counted as dropped too.
   */
  skip(count: number): void {
    if (this.finished || this.ended || count < 1) return;
    while (this.buffered > 0) this.dropOldest();
    this.droppedPending += count;
    this.flush();
  }

  onDemand(listener: () => void): void {
    this.demandListener = listener;
  }

  private notifyDemand(): void {
    if (this.active && this.demand > 0) this.demandListener?.();
  }

  /** The producer is done; buffered items still go out (as credit allows) before `end`. */
  end(error?: RpcError): void {
    if (this.finished || this.ended) return;
    this.ended = error ? { error } : {};
    this.flush();
  }

  /** Unsubscribe or disconnect: forget everything, send nothing more. */
  cancel(): void {
    this.finished = true;
    this.demandListener = undefined;
    this.queue = [];
    this.queueSizes = [];
    this.head = 0;
    this.queuedBytes = 0;
    this.syncPool();
  }

  private syncPool(): void {
    this.opts.sharedBuffer?.resize(this.pooledBytes, this.queuedBytes);
    this.pooledBytes = this.queuedBytes;
  }

  private dropOldest(): void {
    this.queuedBytes -= this.queueSizes[this.head] ?? 0;
    // Let go of the item now: compaction runs only every ~1024 items, and until then a slot
    // still referencing it would keep up to that many dropped items alive per subscription.
    this.queue[this.head] = '';
    this.head++;
    this.droppedPending++;
    this.compact();
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.queueSizes = this.queueSizes.slice(this.head);
      this.head = 0;
    }
  }

  private flush(): void {
    if (!this.active || this.finished) return;
    const draining = this.ended !== undefined && this.buffered === 0;
    if (this.droppedPending > 0 && (this.credit > 0 || draining)) this.sendDropMarker();
    while (this.credit > 0 && this.buffered > 0) this.sendBatch();
    // Only shrinks here (sent items); growth is checked against the pool in pushSerialized.
    if (this.queuedBytes < this.pooledBytes) this.syncPool();
    if (this.ended && this.buffered === 0 && this.droppedPending === 0) this.sendEnd();
  }

  private sendDropMarker(): void {
    const n = this.droppedPending;
    this.opts.send(`{"type":"data","subId":${JSON.stringify(this.subId)},"seq":${this.nextSeq},"dropped":${n}}`);
    this.nextSeq += n;
    this.droppedTotal += n;
    this.droppedPending = 0;
  }

  private sendBatch(): void {
    const limit = Math.min(this.credit, this.opts.maxItemsPerFrame ?? LIMITS.maxItemsPerDataFrame);
    const budget = this.opts.maxFrameBytes - ENVELOPE_BYTES;
    const parts: string[] = [];
    let bytes = 0;
    while (parts.length < limit && this.head < this.queue.length) {
      const size = this.queueSizes[this.head] ?? 0;
      if (parts.length > 0 && bytes + size + 1 > budget) break;
      parts.push(this.queue[this.head] ?? 'null');
      bytes += size + 1;
      this.queuedBytes -= size;
      this.queue[this.head] = '';
      this.head++;
    }
    this.compact();
    this.opts.send(
      `{"type":"data","subId":${JSON.stringify(this.subId)},"seq":${this.nextSeq},"items":[${parts.join(',')}]}`,
    );
    this.nextSeq += parts.length;
    this.delivered += parts.length;
    this.credit -= parts.length;
  }

  private sendEnd(): void {
    const frame: Record<string, unknown> = { type: 'end', subId: this.subId, seq: this.nextSeq };
    if (this.ended?.error) frame.error = this.ended.error.toPayload();
    this.finished = true;
    this.opts.send(JSON.stringify(frame));
    this.opts.onEnd?.();
  }
}
