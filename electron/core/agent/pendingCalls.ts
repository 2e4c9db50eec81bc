/**
 * Requests awaiting their response, each settled exactly once: by its response, by a local
 * timeout, by the caller's abort (after the agent confirmed or a grace period), or by the link
 * dropping. A request given up locally stays listed until its late answer arrives, so a late
 * success can be acted on (a subscribe nobody waits for is stopped).
 */
import type { RpcError } from '@shared/rpc/errors';
import type { RequestId } from '@shared/rpc/frames';

export type Outcome = { result: unknown } | { error: RpcError };

export interface PendingSpec {
  method: string;
  settle(outcome: Outcome): void;
  /** A successful answer to a request already given up on. */
  onLate?(result: unknown): void;
  signal?: AbortSignal;
  timeoutMs: number;
  cancelGraceMs: number;
  timeoutError(timeoutMs: number): RpcError;
  cancelError(): RpcError;
  lostError(reason: string): RpcError;
}

interface Entry {
  spec: PendingSpec;
  settled: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  graceTimer: ReturnType<typeof setTimeout> | undefined;
  onAbort: (() => void) | undefined;
}

export class PendingCalls {
  private readonly entries = new Map<RequestId, Entry>();

  constructor(private readonly sendCancel: (id: RequestId) => void) {}

  get size(): number {
    return this.entries.size;
  }

  /** Requests still waiting for an answer (given-up ones excluded). */
  get waiting(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (!entry.settled) n++;
    return n;
  }

  has(id: RequestId): boolean {
    return this.entries.has(id);
  }

  add(id: RequestId, spec: PendingSpec): void {
    const entry: Entry = { spec, settled: false, timer: undefined, graceTimer: undefined, onAbort: undefined };
    this.entries.set(id, entry);
    entry.timer = setTimeout(() => {
      // Tell the agent too, so its handler stops; its answer, if any, arrives as a late one.
      this.sendCancel(id);
      this.giveUp(entry, spec.timeoutError(spec.timeoutMs));
    }, spec.timeoutMs);
    entry.timer.unref?.();
    if (spec.signal) {
      const signal = spec.signal;
      entry.onAbort = () => {
        if (entry.settled || entry.graceTimer) return;
        this.sendCancel(id);
        // The agent answers a cancel at once (CANCELLED, or the result if it won the race).
        entry.graceTimer = setTimeout(() => this.giveUp(entry, spec.cancelError()), spec.cancelGraceMs);
        entry.graceTimer.unref?.();
      };
      signal.addEventListener('abort', entry.onAbort, { once: true });
    }
  }

  answer(id: RequestId, outcome: Outcome): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.cleanup(entry);
    if (entry.settled) {
      if ('result' in outcome) entry.spec.onLate?.(outcome.result);
      return;
    }
    entry.settled = true;
    entry.spec.settle(outcome);
  }

  /** The link is gone: every request still waiting fails; none is ever re-sent from here. */
  failAll(reason: string): void {
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) {
      this.cleanup(entry);
      if (entry.settled) continue;
      entry.settled = true;
      entry.spec.settle({ error: entry.spec.lostError(reason) });
    }
  }

  private giveUp(entry: Entry, error: RpcError): void {
    if (entry.settled) return;
    entry.settled = true;
    this.cleanup(entry);
    entry.spec.settle({ error });
  }

  private cleanup(entry: Entry): void {
    clearTimeout(entry.timer);
    clearTimeout(entry.graceTimer);
    if (entry.onAbort) entry.spec.signal?.removeEventListener('abort', entry.onAbort);
  }
}
