/**
 * The client half of one subscription (PROTOCOL.md §6). Items are handed to the consumer one
 * batch at a time; credit is granted only for items the consumer has finished with, so the
 * agent's outstanding credit plus the local queue never exceed the window, and a slow
 * consumer makes the agent drop the oldest items (reported as drop markers) instead of
 * building an unbounded queue anywhere.
 */
import type { z } from 'zod';
import { RpcError, summarizeIssues, toFieldIssues } from '@shared/rpc/errors';
import type { DataFrame, EndFrame, UnsubscribeResult } from '@shared/rpc/frames';

/** Items the consumer will never see, and why. `seq` is the number of the first one. */
export type DropInfo =
  /** The agent's buffer overflowed while the consumer was behind; the oldest items went. */
  | { reason: 'overflow'; seq: number; count: number }
  /** Items that failed the topic's item schema; never passed on. */
  | { reason: 'invalid'; seq: number; count: number; error: RpcError }
  /** Numbers skipped by the agent without a drop marker (a protocol fault). */
  | { reason: 'gap'; seq: number; count: number }
  /** The link dropped and the subscription was re-opened; how much was missed is unknown. */
  | { reason: 'reconnect'; seq: null; count: null; error: RpcError };

/** Why the subscription ended; `onEnd` is called exactly once, after every earlier callback. */
export type EndInfo =
  | { reason: 'ended'; seq: number; error?: RpcError }
  | { reason: 'unsubscribed'; totals: { delivered: number; dropped: number } | null }
  | { reason: 'connectionLost'; error: RpcError }
  /** A ResilientAgent could not re-open the subscription after a reconnect. */
  | { reason: 'reopenFailed'; error: RpcError };

export interface SubscriptionHandlers<I> {
  /** May return a promise: credit is granted only once it settles. */
  onItems(items: I[], info: { seq: number }): void | Promise<void>;
  onDropped?(info: DropInfo): void;
  onEnd?(info: EndInfo): void;
  /** A handler threw; the items still count as processed. */
  onError?(error: unknown): void;
  /** Items that may be outstanding (granted and not yet processed). Default 256. */
  window?: number;
  /** Credit sent with the subscribe; default `window`. 0 starts paused until `resume()`. */
  initialCredit?: number;
}

export const DEFAULT_WINDOW = 256;

/** What a subscription needs from its connection. */
export interface SubscriptionHost {
  sendCredit(subId: string, credit: number): void;
  requestUnsubscribe(subId: string): Promise<UnsubscribeResult>;
  forget(subId: string): void;
}

type Entry<I> =
  | { kind: 'items'; seq: number; items: I[] }
  | { kind: 'dropped'; info: DropInfo; consumed: number }
  | { kind: 'end'; info: EndInfo };

export class ClientSubscription<I = unknown> {
  private granted: number;
  private processed = 0;
  private expectedSeq = 0;
  private queue: Entry<I>[] = [];
  private draining = false;
  private paused: boolean;
  /** open: frames accepted; closing: no more frames, queue still drains; done: onEnd was called. */
  private state: 'open' | 'closing' | 'done' = 'open';
  private readonly window: number;
  private delivered = 0;
  private dropped = 0;

  constructor(
    readonly subId: string,
    readonly topic: string,
    private readonly itemSchema: z.ZodType<I>,
    private readonly handlers: SubscriptionHandlers<I>,
    private readonly host: SubscriptionHost,
    initialCredit: number,
  ) {
    this.window = handlers.window ?? DEFAULT_WINDOW;
    this.granted = initialCredit;
    this.paused = initialCredit === 0;
  }

  get active(): boolean {
    return this.state === 'open';
  }

  get stats(): { delivered: number; dropped: number; queued: number; outstandingCredit: number } {
    const queued = this.queue.reduce((n, e) => n + (e.kind === 'items' ? e.items.length : 0), 0);
    return { delivered: this.delivered, dropped: this.dropped, queued, outstandingCredit: this.granted - this.processed };
  }

  /** Stops granting credit; the agent buffers, then drops the oldest items. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.topUp(true);
  }

  /** Stops the producer. Resolves with the agent's totals, or null if it had already ended. */
  async unsubscribe(): Promise<{ delivered: number; dropped: number } | null> {
    if (this.state !== 'open') return null;
    this.state = 'closing';
    this.queue = [];
    let totals: { delivered: number; dropped: number } | null = null;
    try {
      const result = await this.host.requestUnsubscribe(this.subId);
      totals = { delivered: result.delivered, dropped: result.dropped };
    } catch {
      // NOT_FOUND (it ended meanwhile) or a lost link: either way nothing more will arrive.
    }
    this.host.forget(this.subId);
    this.enqueue({ kind: 'end', info: { reason: 'unsubscribed', totals } });
    return totals;
  }

  // ---- frames from the connection --------------------------------------------------------

  onData(frame: DataFrame): void {
    if (this.state !== 'open') return;
    if (frame.seq < this.expectedSeq) return; // a repeat of numbers already seen: nothing new
    this.noteGap(frame.seq);
    if (frame.dropped !== undefined) {
      this.expectedSeq += frame.dropped;
      this.enqueue({ kind: 'dropped', info: { reason: 'overflow', seq: frame.seq, count: frame.dropped }, consumed: 0 });
      return;
    }
    const items = frame.items ?? [];
    this.expectedSeq += items.length;
    this.splitByValidity(frame.seq, items);
  }

  onEndFrame(frame: EndFrame): void {
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.host.forget(this.subId);
    this.noteGap(frame.seq);
    const info: EndInfo = frame.error
      ? { reason: 'ended', seq: frame.seq, error: RpcError.fromPayload(frame.error) }
      : { reason: 'ended', seq: frame.seq };
    this.enqueue({ kind: 'end', info });
  }

  /** The link dropped: what was received is still delivered, then onEnd. */
  onConnectionLost(error: RpcError): void {
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.enqueue({ kind: 'end', info: { reason: 'connectionLost', error } });
  }

  // ---- delivery -------------------------------------------------------------------------

  private noteGap(seq: number): void {
    if (seq <= this.expectedSeq) return;
    const count = seq - this.expectedSeq;
    this.enqueue({ kind: 'dropped', info: { reason: 'gap', seq: this.expectedSeq, count }, consumed: 0 });
    this.expectedSeq = seq;
  }

  /** Valid runs go to onItems, invalid runs become drop entries, keeping item numbers exact. */
  private splitByValidity(seq: number, items: readonly unknown[]): void {
    let run: I[] = [];
    let runStart = seq;
    let bad: { start: number; count: number; issues: z.core.$ZodIssue[] } | undefined;
    const flushRun = () => {
      if (run.length > 0) this.enqueue({ kind: 'items', seq: runStart, items: run });
      run = [];
    };
    const flushBad = () => {
      if (!bad) return;
      const fields = toFieldIssues(bad.issues);
      const error = new RpcError('INTERNAL', `the agent sent ${bad.count} invalid '${this.topic}' item(s): ${summarizeIssues(fields, 3)}`, {
        topic: this.topic,
        issues: fields,
      });
      this.enqueue({ kind: 'dropped', info: { reason: 'invalid', seq: bad.start, count: bad.count, error }, consumed: bad.count });
      bad = undefined;
    };
    items.forEach((raw, i) => {
      const parsed = this.itemSchema.safeParse(raw);
      if (parsed.success) {
        flushBad();
        if (run.length === 0) runStart = seq + i;
        run.push(parsed.data);
      } else {
        flushRun();
        if (bad) bad.count++;
        else bad = { start: seq + i, count: 1, issues: parsed.error.issues };
      }
    });
    flushRun();
    flushBad();
  }

  private enqueue(entry: Entry<I>): void {
    this.queue.push(entry);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let entry = this.queue.shift(); entry !== undefined && this.state !== 'done'; entry = this.queue.shift()) {
        await this.deliver(entry);
      }
    } finally {
      this.draining = false;
    }
  }

  private async deliver(entry: Entry<I>): Promise<void> {
    switch (entry.kind) {
      case 'items':
        await this.guard(() => this.handlers.onItems(entry.items, { seq: entry.seq }));
        this.delivered += entry.items.length;
        this.processed += entry.items.length;
        this.topUp(false);
        return;
      case 'dropped':
        this.dropped += entry.info.count ?? 0;
        await this.guard(() => this.handlers.onDropped?.(entry.info));
        this.processed += entry.consumed;
        this.topUp(false);
        return;
      case 'end':
        this.state = 'done';
        this.queue = [];
        await this.guard(() => this.handlers.onEnd?.(entry.info));
        return;
    }
  }

  /** Grants up to the window once half of it is used (or at once when resuming). */
  private topUp(force: boolean): void {
    if (this.paused || this.state !== 'open') return;
    const outstanding = this.granted - this.processed;
    if (outstanding >= this.window || (!force && outstanding > this.window / 2)) return;
    const grant = this.window - outstanding;
    this.granted += grant;
    this.host.sendCredit(this.subId, grant);
  }

  private async guard(fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      try {
        this.handlers.onError?.(e);
      } catch {
        // A failing error handler must not stop delivery.
      }
    }
  }
}
