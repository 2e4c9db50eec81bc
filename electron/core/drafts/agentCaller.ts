import type { AgentMethod, AgentParamsInput, AgentResult } from '@shared/rpc/agentApi';

/**
 * What the draft code needs of a connection to one agent. The AgentClient (over SSH) implements
 * it; unit tests use an in-memory fake. Failures are thrown as RpcError (agent errors keep their
 * code and data); anything else thrown is treated as a connection failure.
 */
export interface AgentCaller {
  call<M extends AgentMethod>(method: M, params: AgentParamsInput<M>, opts?: { signal?: AbortSignal }): Promise<AgentResult<M>>;
}

/** The AgentClient's close may be async; callers here never wait on it. */
export type AgentConnection = AgentCaller & { close(): void | Promise<void> };

/** Closes without letting a dead link's error (sync or async) replace the outcome already decided. */
export function closeQuietly(conn: AgentConnection): void {
  try {
    const done = conn.close();
    if (done instanceof Promise) done.catch(() => {});
  } catch {
    // Nothing to do: the connection is gone either way.
  }
}

/** Opens a fresh connection to a saved server's agent (SSH + agent channel). */
export type ConnectAgent = (serverId: string, opts?: { signal?: AbortSignal }) => Promise<AgentConnection>;
