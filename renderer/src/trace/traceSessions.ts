/**
 * The trace sessions one Debug trace tab shows: those it started on the server (several at once)
 * and saved traces opened from files. Live sessions read the `trace` topic through the host into
 * a bounded TraceBuffer each; the agent's session list is read every few seconds while one runs,
 * for its counters and its end. Listeners are told at most every NOTIFY_MS, so a busy capture
 * redraws a few times a second, not once per message.
 */
import { FEED_END } from '@shared/rpc/feedEnd';
import { TraceItemSchema, type TraceItem, type TraceSession } from '@shared/rpc/traceApi';
import { callAgent } from '../api/agent';
import type { HostClient } from '../host/hostClient';
import i18next from '../i18n';
import { plainFailure, plainFeedEnd, type PlainFailure } from '../util/failure';
import type { TraceStartRequest } from './filterForm';
import { TraceBuffer } from './traceBuffer';
import { itemsPcap, joinPcapPages, type TraceFile } from './traceFile';

export const NOTIFY_MS = 200;
export const POLL_MS = 2000;
/** Feed-end codes meaning the window lost its way to the agent, which then stops the session itself ('connection-closed'). */
const LINK_LOST: ReadonlySet<string> = new Set([FEED_END.notConnected, FEED_END.hostRestarted]);
/** A session's pcap is at most 8 MiB of SIP on the agent: this many pages is far beyond it. */
const MAX_EXPORT_PAGES = 200;

export interface TraceEntry {
  key: string;
  origin: 'live' | 'file';
  session: TraceSession;
  /** Local time the session stops by itself (the agent's endsAt moved onto this machine's clock). */
  localEndsAt: number;
  buffer: TraceBuffer;
  /** The topic will send nothing more. */
  ended: boolean;
  error: PlainFailure | null;
  /** For a trace opened from a file: its name and the server it was captured on. */
  fileName?: string;
  capturedOn?: string;
}

export interface TraceSessionsState {
  entries: readonly TraceEntry[];
}

type Timer = ReturnType<typeof setTimeout>;

export class TraceSessions {
  private entries: TraceEntry[] = [];
  private state: TraceSessionsState = { entries: [] };
  private readonly listeners = new Set<() => void>();
  private readonly bySubscription = new Map<string, TraceEntry>();
  /** Items that arrived before subscribe answered with their id. */
  private readonly early = new Map<string, { items: unknown[]; ended: boolean }>();
  private readonly subscriptions = new Map<TraceEntry, string>();
  private notifyTimer: Timer | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private fileCount = 0;
  private pendingSubscribes = 0;
  private disposed = false;
  private readonly off: (() => void)[];

  constructor(
    private readonly host: HostClient,
    private readonly serverId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.off = [
      // The batch's `dropped` is not needed: items carry their session number, so gaps are counted exactly (TraceBuffer).
      host.on('agent.items', (b) => this.onItems(b.subscriptionId, b.items)),
      host.on('agent.subscriptionEnded', (e) => this.onEnded(e.subscriptionId, e.error)),
    ];
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): TraceSessionsState => this.state;

  async start(request: TraceStartRequest): Promise<TraceEntry> {
    const { session } = await callAgent(this.host, this.serverId, 'trace.start', request);
    const entry: TraceEntry = {
      key: session.sessionId,
      origin: 'live',
      session,
      localEndsAt: this.now() + (session.endsAt - session.startedAt),
      buffer: new TraceBuffer(),
      ended: false,
      error: null,
    };
    if (this.disposed) {
      await this.discardOnAgent(entry);
      return entry;
    }
    this.entries = [...this.entries, entry];
    this.changed(true);
    this.ensurePolling();
    this.pendingSubscribes += 1;
    try {
      const { subscriptionId } = await this.host.call('agent.subscribe', { serverId: this.serverId, topic: 'trace', params: { sessionId: session.sessionId, from: 'start' } });
      if (this.disposed || !this.entries.includes(entry)) {
        void this.host.call('agent.unsubscribe', { subscriptionId }).catch(() => undefined);
        return entry;
      }
      this.bySubscription.set(subscriptionId, entry);
      this.subscriptions.set(entry, subscriptionId);
      const held = this.early.get(subscriptionId);
      this.early.delete(subscriptionId);
      if (held) {
        this.onItems(subscriptionId, held.items);
        if (held.ended) this.onEnded(subscriptionId, undefined);
      }
    } catch (e) {
      entry.error = plainFailure(i18next.t.bind(i18next), e, 'read');
      this.changed(true);
    } finally {
      // Batches of other tabs' topics held meanwhile are not ours.
      if (--this.pendingSubscribes === 0) this.early.clear();
    }
    return entry;
  }

  /** Stops capturing; the messages stay on the agent for the pcap until the session is closed. */
  async stop(key: string): Promise<void> {
    const entry = this.find(key);
    if (!entry || entry.origin !== 'live' || entry.session.state !== 'running') return;
    const { session } = await callAgent(this.host, this.serverId, 'trace.stop', { sessionId: entry.session.sessionId });
    entry.session = session;
    this.changed(true);
  }

  /** Removes a session from the tab; a live one is stopped and discarded on the agent. */
  async close(key: string): Promise<void> {
    const entry = this.find(key);
    if (!entry) return;
    this.entries = this.entries.filter((e) => e !== entry);
    this.changed(true);
    this.unsubscribe(entry);
    if (entry.origin === 'live') await this.discardOnAgent(entry);
  }

  openFile(file: TraceFile, fileName: string): TraceEntry {
    const buffer = new TraceBuffer();
    buffer.add(file.items);
    buffer.settle(file.session.matched);
    this.fileCount += 1;
    const entry: TraceEntry = {
      key: `file-${this.fileCount}`,
      origin: 'file',
      session: file.session,
      localEndsAt: 0,
      buffer,
      ended: true,
      error: null,
      fileName,
      capturedOn: file.server,
    };
    this.entries = [...this.entries, entry];
    this.changed(true);
    return entry;
  }

  /**
   * The session's messages as one pcap file: what the server holds (trace.export's pages), or for a
   * trace reopened from a file, the messages this window holds.
   */
  async exportPcap(key: string): Promise<Uint8Array> {
    const entry = this.find(key);
    if (!entry) throw new Error('This trace is no longer open.');
    if (entry.origin === 'file') return itemsPcap(entry.buffer.all()).bytes;
    const pages: string[] = [];
    let from: number | undefined;
    for (let i = 0; i < MAX_EXPORT_PAGES; i++) {
      const page = await callAgent(this.host, this.serverId, 'trace.export', { sessionId: entry.session.sessionId, format: 'pcap', ...(from !== undefined && { from }) });
      pages.push(page.data);
      if (page.nextFrom === null) return joinPcapPages(pages);
      from = page.nextFrom;
    }
    throw new Error(`The server sent more than ${MAX_EXPORT_PAGES} pages for one pcap; the export was stopped.`);
  }

  /** Reads the agent's session list: counters, and whether a session stopped by itself. */
  async refresh(): Promise<void> {
    const live = this.entries.filter((e) => e.origin === 'live');
    if (live.length === 0) return;
    const { sessions } = await callAgent(this.host, this.serverId, 'trace.list', {});
    const byId = new Map(sessions.map((s) => [s.sessionId, s]));
    for (const entry of live) {
      const s = byId.get(entry.session.sessionId);
      if (!s) {
        if (entry.session.state === 'running') entry.session = { ...entry.session, state: 'stopped', stopReason: entry.session.stopReason ?? 'connection-closed' };
        entry.error ??= { code: 'gone', text: i18next.t('problem.trace.gone'), details: '' };
        continue;
      }
      // A trace whose feed ended stays stopped here even if the agent still counts it running: nothing more reaches this window.
      entry.session = entry.ended && s.state === 'running' ? { ...s, state: 'stopped', stopReason: entry.session.stopReason } : s;
      if (entry.ended && s.state === 'stopped') entry.buffer.settle(s.matched);
    }
    this.changed(true);
  }

  dispose(): void {
    this.disposed = true;
    for (const off of this.off) off();
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const entry of this.entries) {
      this.unsubscribe(entry);
      if (entry.origin === 'live') void this.discardOnAgent(entry);
    }
    this.entries = [];
    this.listeners.clear();
  }

  private find(key: string): TraceEntry | undefined {
    return this.entries.find((e) => e.key === key);
  }

  private onItems(subscriptionId: string, items: unknown[]): void {
    const entry = this.bySubscription.get(subscriptionId);
    if (!entry) {
      // Ours only if a subscribe is still unanswered; other tabs' topics are not ours to keep.
      if (this.pendingSubscribes > 0) {
        const held = this.early.get(subscriptionId) ?? { items: [], ended: false };
        held.items.push(...items);
        this.early.set(subscriptionId, held);
      }
      return;
    }
    const valid: TraceItem[] = [];
    for (const raw of items) {
      const parsed = TraceItemSchema.safeParse(raw);
      if (parsed.success) valid.push(parsed.data);
    }
    entry.buffer.add(valid);
    this.changed(false);
  }

  /** `error`: why the host or agent ended the feed (code + English text); none when the trace simply finished. */
  private onEnded(subscriptionId: string, error: { code: string; message: string } | undefined): void {
    const entry = this.bySubscription.get(subscriptionId);
    if (!entry) {
      const held = this.early.get(subscriptionId);
      if (held) held.ended = true;
      return;
    }
    this.bySubscription.delete(subscriptionId);
    this.subscriptions.delete(entry);
    entry.ended = true;
    // Without its feed the trace has stopped for this window, whatever the agent's list says next (or
    // cannot say, the link being lost): no countdown, no Stop. A lost link or host is the connection
    // closing; any other end has no agent reason yet (null: "its live feed ended").
    if (entry.session.state === 'running') entry.session = { ...entry.session, state: 'stopped', stopReason: error && LINK_LOST.has(error.code) ? 'connection-closed' : null };
    if (error) {
      // The reason in plain words by its code, as every live feed says it; the host's text in the details.
      const why = plainFeedEnd(i18next.t.bind(i18next), error);
      entry.error = { ...why, text: i18next.t('problem.trace.ended', { error: why.text }) };
    }
    this.changed(true);
    void this.refresh().catch(() => undefined);
  }

  private unsubscribe(entry: TraceEntry): void {
    const id = this.subscriptions.get(entry);
    if (id === undefined) return;
    this.subscriptions.delete(entry);
    this.bySubscription.delete(id);
    void this.host.call('agent.unsubscribe', { subscriptionId: id }).catch(() => undefined);
  }

  private async discardOnAgent(entry: TraceEntry): Promise<void> {
    await callAgent(this.host, this.serverId, 'trace.stop', { sessionId: entry.session.sessionId, discard: true }).catch(() => undefined);
  }

  private ensurePolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => {
      const running = this.entries.some((e) => e.origin === 'live' && (e.session.state === 'running' || !e.ended));
      if (!running) {
        if (this.pollTimer) clearInterval(this.pollTimer);
        this.pollTimer = null;
        return;
      }
      void this.refresh().catch(() => undefined);
    }, POLL_MS);
  }

  /** Tells listeners now (a user action) or within NOTIFY_MS (a stream of items). */
  private changed(now: boolean): void {
    if (this.disposed) return;
    const emit = () => {
      this.notifyTimer = null;
      this.state = { entries: [...this.entries] };
      for (const l of this.listeners) l();
    };
    if (now) {
      if (this.notifyTimer) clearTimeout(this.notifyTimer);
      emit();
    } else if (!this.notifyTimer) this.notifyTimer = setTimeout(emit, NOTIFY_MS);
  }
}
