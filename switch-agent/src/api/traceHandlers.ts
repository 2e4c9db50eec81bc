// The trace.* methods over the session manager. A session belongs to the connection that started
// it: the first start on a connection hooks its close, which discards the connection's sessions.
import type { AGENT_METHODS } from '@shared/rpc/agentApi';
import { RpcError } from '@shared/rpc/errors';
import type { HandlerMap } from '../rpc/dispatcher';
import type { TraceSessions } from '../trace/sessions';
import { exportPage } from '../trace/traceExport';

type TraceMethods = Pick<typeof AGENT_METHODS, 'trace.start' | 'trace.stop' | 'trace.list' | 'trace.export'>;

/** Runs `fn` once when the connection closes (at once if it is already gone). */
export type OnConnectionClose = (connectionId: string, fn: () => void) => void;

export function traceHandlers(sessions: TraceSessions, onConnectionClose: OnConnectionClose): HandlerMap<TraceMethods> {
  const hooked = new Set<string>();
  return {
    'trace.start': async (p, ctx) => {
      if (!hooked.has(ctx.connectionId)) {
        hooked.add(ctx.connectionId);
        onConnectionClose(ctx.connectionId, () => {
          hooked.delete(ctx.connectionId);
          sessions.closeOwner(ctx.connectionId);
        });
      }
      return { session: await sessions.start(ctx.connectionId, p) };
    },
    'trace.stop': (p, ctx) => ({ session: sessions.stop(ctx.connectionId, p.sessionId, p.discard) }),
    'trace.list': (_p, ctx) => ({ sessions: sessions.list(ctx.connectionId) }),
    'trace.export': (p) => {
      const s = sessions.get(p.sessionId);
      if (!s) throw new RpcError('NOT_FOUND', `trace session ${p.sessionId} does not exist`, { sessionId: p.sessionId });
      return exportPage(s.store, p.format, p.from);
    },
  };
}
