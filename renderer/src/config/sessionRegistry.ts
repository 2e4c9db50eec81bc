import { callAgent } from '../api/agent';
import type { HostClient } from '../host/hostClient';
import { ConfigSession } from './configSession';

export interface ConfigMarker {
  /** Set while the current revision waits for confirmation. */
  readonly pending: { readonly revision: number; readonly until: string } | null;
  /** The revision an automatic rollback undid, until the notice is dismissed. */
  readonly rolledBack: number | null;
}

/** One ConfigSession per server, and a summary of every session's markers for the tree and status bar. */
export class SessionRegistry {
  private readonly sessions = new Map<string, ConfigSession>();
  private readonly listeners = new Set<() => void>();
  private cached: ReadonlyMap<string, ConfigMarker> = new Map();

  constructor(private readonly host: HostClient) {}

  get(serverId: string): ConfigSession {
    let s = this.sessions.get(serverId);
    if (!s) {
      s = new ConfigSession(this.host, serverId);
      this.sessions.set(serverId, s);
      s.subscribe(() => this.refresh());
      this.refresh();
    }
    return s;
  }

  find(serverId: string): ConfigSession | undefined {
    return this.sessions.get(serverId);
  }

  /**
   * A server just connected and no page of it is open: read its live revision only when the newest
   * revision waits for confirmation (one history row is cheap; a whole snapshot is not).
   */
  async checkPending(serverId: string): Promise<void> {
    try {
      const r = await callAgent(this.host, serverId, 'config.history', { limit: 1 });
      if (r.revisions[0]?.status === 'pending') await this.get(serverId).load();
    } catch {
      // The marker is a convenience; the server's pages still show the countdown when opened.
    }
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  markers = (): ReadonlyMap<string, ConfigMarker> => this.cached;

  private refresh(): void {
    const next = new Map<string, ConfigMarker>();
    for (const [id, s] of this.sessions) {
      const st = s.getState();
      const pending = st.revisionStatus === 'pending' && st.pendingConfirmUntil && st.snapshot ? { revision: st.snapshot.revision, until: st.pendingConfirmUntil } : null;
      const rolledBack = st.autoRollback?.rolledBack ?? null;
      if (pending || rolledBack !== null) next.set(id, { pending, rolledBack });
    }
    if (!sameMarkers(this.cached, next)) {
      this.cached = next;
      for (const fn of this.listeners) fn();
    }
  }
}

function sameMarkers(a: ReadonlyMap<string, ConfigMarker>, b: ReadonlyMap<string, ConfigMarker>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, m] of a) {
    const n = b.get(id);
    if (!n || n.rolledBack !== m.rolledBack || n.pending?.revision !== m.pending?.revision || n.pending?.until !== m.pending?.until) return false;
  }
  return true;
}
