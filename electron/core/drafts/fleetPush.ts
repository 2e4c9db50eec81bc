import type { PushResult } from '@shared/rpc/hostApi';
import { isNotAnswering, mapBounded, withDeadline } from '../fleet/fleetJobs';
import { closeQuietly, type AgentConnection, type ConnectAgent } from './agentCaller';
import type { DraftStore } from './draftStore';
import { failureResult, pushOps, type PushOptions, type PushPhase } from './push';

export interface FleetProgress {
  serverId: string;
  phase: PushPhase;
  /** Set with done / failed. */
  result?: PushResult;
}

export interface FleetPushOptions extends PushOptions {
  /** Servers worked on at the same time (default DEFAULT_FLEET_CONCURRENCY). */
  concurrency?: number;
  /**
   * One server's whole part (connect, read, apply) must end within this (default
   * DEFAULT_SERVER_DEADLINE_MS): a server that hangs becomes its own `failed` TIMEOUT result.
   */
  serverDeadlineMs?: number;
  onProgress?: (event: FleetProgress) => void;
}

export const DEFAULT_FLEET_CONCURRENCY = 8;
/** Long enough for a slow login plus an apply that reloads Kamailio; short enough not to stall a fleet. */
export const DEFAULT_SERVER_DEADLINE_MS = 60_000;

/**
 * Pushes one draft's ops to many servers. Each server is rebased on its OWN current configuration
 * (three-way, the draft's base as the common ancestor; baseRevision sent = that server's current
 * revision), so a field conflict or failure on one server stops nothing else. Never throws for a
 * server: an unreachable one is a `failed` result carrying the connection error. Results come back
 * in the order of `serverIds` (repeated ids are pushed once). When the draft's own server is
 * applied, the draft is marked pushed. With `signal` aborted, servers not yet started fail with
 * CANCELLED. Confirmation of provisional revisions is the caller's (confirmOverFreshConnection each).
 */
export async function fleetPush(
  store: DraftStore,
  draftId: string,
  serverIds: readonly string[],
  connectAgent: ConnectAgent,
  opts: FleetPushOptions = {},
): Promise<PushResult[]> {
  const draft = store.require(draftId);
  const targets = [...new Set(serverIds)];
  const limit = opts.concurrency ?? DEFAULT_FLEET_CONCURRENCY;
  const deadlineMs = opts.serverDeadlineMs ?? DEFAULT_SERVER_DEADLINE_MS;
  const report = (event: FleetProgress) => {
    try {
      opts.onProgress?.(event);
    } catch {
      // A broken progress listener must not turn into a failed push.
    }
  };

  const one = async (serverId: string): Promise<PushResult> => {
    if (opts.signal?.aborted) return { serverId, outcome: 'failed', code: 'CANCELLED', message: 'the fleet push was cancelled before this server was reached' };
    report({ serverId, phase: 'connecting' });
    // Set from inside the deadline's work; read when the deadline passed.
    const at: { phase: PushPhase; conn: AgentConnection | null } = { phase: 'connecting', conn: null };
    try {
      return await withDeadline(
        'the server',
        deadlineMs,
        async (signal) => {
          let c: AgentConnection;
          try {
            c = await connectAgent(serverId, { signal });
          } catch (err) {
            return failureResult(serverId, err, 'UNREACHABLE');
          }
          // Connected after the deadline: nobody is waiting for this connection any more.
          if (signal.aborted) {
            closeQuietly(c);
            return failureResult(serverId, signal.reason, 'TIMEOUT');
          }
          at.conn = c;
          return pushOps(store, serverId, draft, c, { ...opts, signal }, (p) => {
            at.phase = p;
            report({ serverId, phase: p });
          });
        },
        opts.signal,
      );
    } catch (err) {
      if (!isNotAnswering(err) || at.phase !== 'applying') return failureResult(serverId, err, 'TIMEOUT');
      const message = `${err instanceof Error ? err.message : String(err)} while applying: the change may have been applied there, check its revision history`;
      return { serverId, outcome: 'failed', code: 'TIMEOUT', message };
    } finally {
      if (at.conn) closeQuietly(at.conn);
    }
  };

  const list = await mapBounded(targets, limit, async (serverId) => {
    const result = await one(serverId);
    const ok = result.outcome === 'applied' || result.outcome === 'dry-run';
    report({ serverId, phase: ok ? 'done' : 'failed', result });
    return result;
  });
  const results = new Map(list.map((r) => [r.serverId, r]));

  const own = results.get(draft.serverId);
  if (own?.outcome === 'applied') store.markPushed(draftId, own);
  return list;
}
