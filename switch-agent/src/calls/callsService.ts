// The current calls: reads Kamailio's dialogs (dlg.list) on demand, and while someone watches,
// again and again, telling watchers what changed. Cost is bounded two ways: nothing is read
// while nobody asks or watches, and the next read of a watch waits at least four times as long
// as the last read took (so 10,000 dialogs that take 300 ms to list are read every 1.2 s, not
// back to back). A read that is already running is shared by everyone who asks meanwhile.
import type { Call } from '@shared/rpc/callsApi';
import type { Clock } from '../engine/clock';
import { parseDialog, sameCall, type DialogKeys, type ParsedDialog } from './dialogParse';

export interface CallsEngine {
  /** Kamailio `dlg.list`. */
  listDialogs(): Promise<unknown>;
  /** Ends the call with a BYE to both legs (see kamailioCallsEngine). */
  endDialog(hEntry: number, hId: number): Promise<void>;
  /** rtpengine ng `query`; null when rtpengine does not know the call. */
  queryMedia(callId: string, fromTag: string): Promise<Record<string, unknown> | null>;
}

export interface CallsRead {
  at: number;
  dialogs: ReadonlyMap<string, ParsedDialog>;
}

/** What changed between two reads. */
export interface CallsRound {
  at: number;
  changed: Call[];
  gone: { id: string; callId: string }[];
  total: number;
}

export interface CallsServiceOptions {
  engine: CallsEngine;
  clock: Clock;
  /** Shortest pause between reads while watched (default 1000 ms). */
  minIntervalMs?: number;
  /** Entries of dlg.list that were not dialogs, or reads that failed. */
  onProblem?: (message: string) => void;
}

export class CallsService {
  private last: CallsRead = { at: 0, dialogs: new Map() };
  private inFlight: Promise<CallsRead> | null = null;
  private readonly watchers = new Set<(r: CallsRound) => void>();
  private timer: unknown = null;
  private lastReadMs = 0;
  private stopped = false;

  constructor(private readonly o: CallsServiceOptions) {}

  /** The dialogs as of at most `maxAgeMs` ago (reads Kamailio when the last read is older). */
  read(maxAgeMs = 500): Promise<CallsRead> {
    if (this.inFlight) return this.inFlight;
    if (this.last.at > 0 && this.o.clock.now() - this.last.at <= maxAgeMs) return Promise.resolve(this.last);
    return this.refresh();
  }

  /** The last read's keys of a call (for hang-up and media). */
  keys(id: string): DialogKeys | undefined {
    return this.last.dialogs.get(id)?.keys;
  }

  current(): CallsRead {
    return this.last;
  }

  /** Calls `fn` after every read that changed something; reads keep going while any watcher is left. */
  watch(fn: (r: CallsRound) => void): () => void {
    this.watchers.add(fn);
    if (this.watchers.size === 1) this.schedule(0);
    return () => {
      this.watchers.delete(fn);
      if (this.watchers.size === 0) this.cancel();
    };
  }

  async hangup(id: string): Promise<Call | null> {
    const read = await this.read(0);
    const d = read.dialogs.get(id);
    if (!d) return null;
    const [hEntry, hId] = id.split(':').map(Number) as [number, number];
    await this.o.engine.endDialog(hEntry, hId);
    return d.call;
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
    this.watchers.clear();
  }

  private refresh(): Promise<CallsRead> {
    const started = this.o.clock.now();
    const run = (async () => {
      try {
        const raw = await this.o.engine.listDialogs();
        const at = this.o.clock.now();
        this.lastReadMs = at - started;
        const next = this.parse(raw);
        const round = diff(this.last.dialogs, next, at);
        this.last = { at, dialogs: next };
        if (round.changed.length > 0 || round.gone.length > 0) for (const w of [...this.watchers]) w(round);
        return this.last;
      } finally {
        this.inFlight = null;
      }
    })();
    this.inFlight = run;
    return run;
  }

  private parse(raw: unknown): Map<string, ParsedDialog> {
    const out = new Map<string, ParsedDialog>();
    // An engine with no dialog answers an empty list (or nothing at all in some versions).
    const entries = Array.isArray(raw) ? raw : [];
    let bad = 0;
    for (const e of entries) {
      const d = parseDialog(e);
      if (d) out.set(d.call.id, d);
      else bad++;
    }
    if (bad > 0) this.o.onProblem?.(`dlg.list: ${bad} entries were not dialogs and were left out`);
    return out;
  }

  private schedule(ms: number): void {
    if (this.stopped || this.timer !== null) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      if (this.watchers.size === 0) return;
      void this.read(0)
        .catch((e: unknown) => this.o.onProblem?.(`reading the current calls: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          if (this.watchers.size > 0) this.schedule(Math.max(this.o.minIntervalMs ?? 1000, 4 * this.lastReadMs));
        });
    }, ms);
  }

  private cancel(): void {
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

export function diff(prev: ReadonlyMap<string, ParsedDialog>, next: ReadonlyMap<string, ParsedDialog>, at: number): CallsRound {
  const changed: Call[] = [];
  const gone: CallsRound['gone'] = [];
  for (const [id, d] of next) {
    const before = prev.get(id);
    if (!before || !sameCall(before.call, d.call)) changed.push(d.call);
  }
  for (const [id, d] of prev) if (!next.has(id)) gone.push({ id, callId: d.call.callId });
  return { at, changed, gone, total: next.size };
}
