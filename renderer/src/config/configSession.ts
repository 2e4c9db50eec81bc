import type { ConfigOp } from '@shared/model/ops';
import { RpcError } from '@shared/rpc/errors';
import type { ConfigSnapshotWire } from '@shared/model/snapshot';
import { callAgent } from '../api/agent';
import type { HostClient } from '../host/hostClient';
import i18next from '../i18n';
import { plainFailure, type PlainFailure } from '../util/failure';
import { loadNotice, readAutoRollback, saveNotice, type AutoRollbackNotice } from './autoRollback';
import { loadStaged, saveStaged } from './stagedStore';
import { stageOps, unstageKey } from './staging';

export interface SessionState {
  readonly load: 'idle' | 'loading' | 'ready' | 'error';
  /** Why loading failed: the plain sentence, with the agent's own text for the details view. */
  readonly error: PlainFailure | null;
  readonly snapshot: ConfigSnapshotWire | null;
  readonly revisionStatus: 'confirmed' | 'pending' | 'rolled-back' | null;
  readonly pendingConfirmUntil: string | null;
  /** Changes made in the editors and not yet applied or saved as a draft. */
  readonly staged: readonly ConfigOp[];
  /**
   * Set while the server is not connected and `snapshot` is the copy cached on this workstation at
   * `cachedAt` (the same one offline drafts start from): changes can be saved as drafts only.
   */
  readonly offline: { cachedAt: string } | null;
  /** The last automatic rollback on this server, until the operator dismisses it. */
  readonly autoRollback: AutoRollbackNotice | null;
}

const INITIAL: SessionState = { load: 'idle', error: null, snapshot: null, revisionStatus: null, pendingConfirmUntil: null, staged: [], offline: null, autoRollback: null };

/** The host's answer for an agent call to a server without a live connection. */
export function isNotConnected(e: unknown): boolean {
  return RpcError.is(e, 'NOT_FOUND') && (e.data as { reason?: unknown } | undefined)?.reason === 'not-connected';
}

/**
 * One server's live configuration and its staged changes, shared by every tab of that server
 * (parameters, routing and mapping gateways stage into the same list and apply together).
 */
export class ConfigSession {
  private state: SessionState;
  private readonly listeners = new Set<() => void>();
  private loadSeq = 0;

  constructor(
    private readonly host: HostClient,
    readonly serverId: string,
  ) {
    this.state = { ...INITIAL, autoRollback: loadNotice(serverId), staged: loadStaged(serverId) };
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getState = (): SessionState => this.state;

  private set(patch: Partial<SessionState>): void {
    if (patch.staged && patch.staged !== this.state.staged) saveStaged(this.serverId, patch.staged);
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  /**
   * Loads the current revision; staged ops are kept (they are re-based when applied). When the
   * server is not connected, the copy cached on this workstation is shown instead (if there is one).
   */
  async load(): Promise<void> {
    const seq = ++this.loadSeq;
    this.set({ load: 'loading' });
    try {
      const r = await callAgent(this.host, this.serverId, 'config.get', {});
      if (seq !== this.loadSeq) return;
      this.set({ load: 'ready', error: null, snapshot: r.snapshot, revisionStatus: r.status, pendingConfirmUntil: r.pendingConfirmUntil ?? null, offline: null });
    } catch (e) {
      if (seq !== this.loadSeq) return;
      if (isNotConnected(e) && (await this.loadCached(seq))) return;
      if (seq !== this.loadSeq) return;
      this.set({ load: 'error', error: plainFailure(i18next.t.bind(i18next), e, 'read'), offline: null });
    }
  }

  private async loadCached(seq: number): Promise<boolean> {
    try {
      const c = await this.host.call('servers.cachedConfig', { id: this.serverId });
      if (seq !== this.loadSeq || c.snapshot === null || c.cachedAt === null) return false;
      // Provisional status is the live server's business; the cached copy shows no countdown.
      this.set({ load: 'ready', error: null, snapshot: c.snapshot, revisionStatus: null, pendingConfirmUntil: null, offline: { cachedAt: c.cachedAt } });
      return true;
    } catch {
      return false;
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

  /** Records (and keeps, across reloads) what the automatic rollback recorded as `revision` undid. */
  async noteAutoRollback(revision: number): Promise<AutoRollbackNotice> {
    const notice = await readAutoRollback(this.host, this.serverId, revision, () => new Date());
    saveNotice(this.serverId, notice);
    this.set({ autoRollback: notice });
    return notice;
  }

  dismissAutoRollback(): void {
    saveNotice(this.serverId, null);
    this.set({ autoRollback: null });
  }

  clearStaged(): void {
    this.set({ staged: [] });
  }
}
