/**
 * The fleet overview's status sweep (shared/rpc/fleetApi.ts): each server read over the shared
 * connection when it is live, else a one-off one closed right after — so 100 servers cost at most
 * `concurrency` extra SSH sessions at a time and never hold a place in the live-connection bound.
 */
import type { FleetRow } from '@shared/rpc/fleetApi';
import { closeQuietly, type AgentConnection, type ConnectAgent } from '../drafts/agentCaller';
import { stateError } from '../host/connectErrors';
import { isNotAnswering, mapBounded, withDeadline } from './fleetJobs';

/** Wider than a push: a read is light on the agent, and the one-off SSH logins are most of the cost. */
export const DEFAULT_SWEEP_CONCURRENCY = 16;
/** A login plus two small reads; a server slower than this is shown as not answering. */
export const DEFAULT_SWEEP_DEADLINE_MS = 15_000;

export interface SweepOptions {
  concurrency?: number;
  deadlineMs?: number;
  /** Each row as soon as it is known. */
  onRow?: (row: FleetRow) => void;
}

export function sweepFleet(serverIds: readonly string[], connectAgent: ConnectAgent, opts: SweepOptions = {}): Promise<FleetRow[]> {
  const deadlineMs = opts.deadlineMs ?? DEFAULT_SWEEP_DEADLINE_MS;
  return mapBounded([...new Set(serverIds)], opts.concurrency ?? DEFAULT_SWEEP_CONCURRENCY, async (serverId) => {
    const row = await readOne(serverId, connectAgent, deadlineMs);
    opts.onRow?.(row);
    return row;
  });
}

async function readOne(serverId: string, connectAgent: ConnectAgent, deadlineMs: number): Promise<FleetRow> {
  const held: { conn: AgentConnection | null } = { conn: null };
  try {
    return await withDeadline('the server', deadlineMs, async (signal) => {
      const conn = await connectAgent(serverId, { signal });
      // Connected after the deadline: nobody is waiting for this connection any more.
      if (signal.aborted) {
        closeQuietly(conn);
        throw signal.reason;
      }
      held.conn = conn;
      const [history, engines] = await Promise.all([conn.call('config.history', { limit: 1 }, { signal }), conn.call('engine.status', {}, { signal })]);
      const latest = history.revisions[0];
      return { serverId, status: 'answering' as const, revision: latest?.revision ?? 0, pending: latest?.status === 'pending', engines: engines.engines };
    });
  } catch (err) {
    return { serverId, status: isNotAnswering(err) ? 'not-answering' : 'unreachable', error: stateError(err) };
  } finally {
    if (held.conn) closeQuietly(held.conn);
  }
}
