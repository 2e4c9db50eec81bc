import type { PushResult } from '@shared/rpc/hostApi';
import { closeQuietly, type ConnectAgent } from './agentCaller';
import type { DraftStore } from './draftStore';
import { failureResult, pushOps, type PushOptions, type PushPhase } from './push';

export interface FleetProgress {
  serverId: string;
  phase: PushPhase;
  /** Set with done / failed. */
  result?: PushResult;
}

export interface FleetPushOptions extends PushOptions {
  /** Servers worked on at the same time (default 4). */
  concurrency?: number;
  onProgress?: (event: FleetProgress) => void;
}

export const DEFAULT_FLEET_CONCURRENCY = 4;

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
  const limit = Math.max(1, Math.floor(opts.concurrency ?? DEFAULT_FLEET_CONCURRENCY));
  const results = new Map<string, PushResult>();
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
    let conn;
    try {
      conn = await connectAgent(serverId, opts.signal ? { signal: opts.signal } : undefined);
    } catch (err) {
      return failureResult(serverId, err, 'UNREACHABLE');
    }
    try {
      return await pushOps(store, serverId, draft, conn, opts, (phase) => report({ serverId, phase }));
    } finally {
      closeQuietly(conn);
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const serverId = targets[next++] as string;
      const result = await one(serverId);
      results.set(serverId, result);
      const ok = result.outcome === 'applied' || result.outcome === 'dry-run';
      report({ serverId, phase: ok ? 'done' : 'failed', result });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, targets.length) }, worker));

  const own = results.get(draft.serverId);
  if (own?.outcome === 'applied') store.markPushed(draftId, own);
  return targets.map((id) => results.get(id) as PushResult);
}
