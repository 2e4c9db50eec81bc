import type { ConfigOp } from '@shared/model/ops';
import type { ConfigSnapshotWire } from '@shared/model/snapshot';
import { callAgent } from '../api/agent';
import type { HostClient } from '../host/hostClient';
import { errorText } from '../util/errors';
import { stageOps, unstageKey } from './staging';

export interface SessionState {
  readonly load: 'idle' | 'loading' | 'ready' | 'error';
  readonly error: string | null;
  readonly snapshot: ConfigSnapshotWire | null;
  readonly revisionStatus: 'confirmed' | 'pending' | 'rolled-back' | null;
  readonly pendingConfirmUntil: string | null;
  /** Changes made in the editors and not yet applied or saved as a draft. */
  readonly staged: readonly ConfigOp[];
}

const INITIAL: SessionState = { load: 'idle', error: null, snapshot: null, revisionStatus: null, pendingConfirmUntil: null, staged: [] };

/**
 * One server's live configuration and its staged changes, shared by every tab of that server
 * (parameters, routing and mapping gateways stage into the same list and apply together).
 */
export class ConfigSession {
  private state: SessionState = INITIAL;
  private readonly listeners = new Set<() => void>();
  private loadSeq = 0;

  constructor(
    private readonly host: HostClient,
    readonly serverId: string,
  ) {}

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getState = (): SessionState => this.state;

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  /** Loads the current revision; staged ops are kept (they are re-based when applied). */
  async load(): Promise<void> {
    const seq = ++this.loadSeq;
    this.set({ load: 'loading' });
    try {
      const r = await callAgent(this.host, this.serverId, 'config.get', {});
      if (seq !== this.loadSeq) return;
      this.set({ load: 'ready', error: null, snapshot: r.snapshot, revisionStatus: r.status, pendingConfirmUntil: r.pendingConfirmUntil ?? null });
    } catch (e) {
      if (seq !== this.loadSeq) return;
      this.set({ load: 'error', error: errorText(e) });
    }
  }

  ensureLoaded(): void {
    if (this.state.load === 'idle' || this.state.load === 'error') void this.load();
  }

  stage(ops: readonly ConfigOp[]): void {
    const base = this.state.snapshot;
    if (!base) return;
    this.set({ staged: stageOps(base, this.state.staged, ops) });
  }

  unstage(key: string): void {
    this.set({ staged: unstageKey(this.state.staged, key) });
  }

  clearStaged(): void {
    this.set({ staged: [] });
  }
}
