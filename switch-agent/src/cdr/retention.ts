// Call record retention: deletes records older than maxAgeDays, then the oldest beyond maxRows,
// in small batches (each its own short transaction, the event loop free in between), so that
// pruning a backlog of millions never holds the database or the agent for long.
import type { Database } from 'better-sqlite3';
import type { Sampler } from '../monitor/types';

export interface CdrRetentionPolicy {
  /** Records whose call started longer ago than this are deleted. */
  maxAgeDays: number;
  /** Beyond this many records, the oldest are deleted. */
  maxRows: number;
  /** Rows deleted per transaction. */
  batchRows: number;
}

export interface PruneTimer {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** One batch: deletes at most policy.batchRows rows; returns how many it deleted. Synchronous, short. */
export function pruneCdrBatch(db: Database, policy: CdrRetentionPolicy, nowMs: number): number {
  const cutoff = Math.floor(nowMs / 1000) - policy.maxAgeDays * 86_400;
  // The oldest by start time through cdrs_start: the batch reads about the rows it deletes.
  const aged = db.prepare('DELETE FROM cdrs WHERE id IN (SELECT id FROM cdrs WHERE start_time < ? ORDER BY start_time, id LIMIT ?)').run(cutoff, policy.batchRows).changes;
  if (aged > 0) return aged;
  const total = (db.prepare('SELECT count(*) AS n FROM cdrs').get() as { n: number }).n;
  const excess = Math.min(total - policy.maxRows, policy.batchRows);
  if (excess <= 0) return 0;
  // Oldest first by the millisecond start: records of one second are ingested in the order
  // Kamailio's workers wrote them, not the order the calls came (start_time leads, so the index serves).
  return db.prepare('DELETE FROM cdrs WHERE id IN (SELECT id FROM cdrs ORDER BY start_time, coalesce(start_ms, start_time * 1000), id LIMIT ?)').run(excess).changes;
}

export interface CdrPrunerOptions {
  db: Database;
  policy: CdrRetentionPolicy;
  /** How often a pruning pass starts. */
  intervalMs: number;
  timer?: PruneTimer;
  now?: () => number;
  /** Yields between batches; default setImmediate (other work runs in between). */
  yieldNow?: () => Promise<void>;
  onError?: (e: Error) => void;
}

export class CdrPruner {
  private handle: unknown;
  private running: Promise<void> | null = null;
  private stopped = false;
  private total = 0;

  constructor(private readonly o: CdrPrunerOptions) {}

  /** Rows deleted since start (the monitor's agent.cdr.pruned counter). */
  get pruned(): number {
    return this.total;
  }

  start(): void {
    if (this.handle !== undefined) return;
    this.stopped = false;
    const timer = this.o.timer ?? globalThis;
    this.handle = timer.setInterval(() => void this.pruneNow(), this.o.intervalMs);
  }

  /** One pass: batches until nothing is left to delete. A pass already running is joined, not doubled. */
  pruneNow(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) (this.o.timer ?? globalThis).clearInterval(this.handle);
    this.handle = undefined;
    await this.running;
  }

  private async pass(): Promise<void> {
    const yieldNow = this.o.yieldNow ?? (() => new Promise<void>((r) => setImmediate(r)));
    try {
      while (!this.stopped) {
        const n = pruneCdrBatch(this.o.db, this.o.policy, (this.o.now ?? Date.now)());
        this.total += n;
        if (n < this.o.policy.batchRows) return;
        await yieldNow();
      }
    } catch (e) {
      this.o.onError?.(e as Error);
    }
  }
}

/** `agent.cdr.pruned`: records deleted by retention since the agent started (a counter; the monitor shows its rate). */
export function cdrPrunerSampler(p: Pick<CdrPruner, 'pruned'>): Sampler {
  return { name: 'cdr-retention', sample: () => ({ 'agent.cdr.pruned': p.pruned }) };
}
