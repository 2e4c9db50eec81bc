// alerts.list and alerts.acknowledge (shared/rpc/alertsApi.ts): thin over the AlertEngine.
import type { AGENT_METHODS } from '@shared/rpc/agentApi';
import { RpcError } from '@shared/rpc/errors';
import type { HandlerMap } from '../rpc/dispatcher';
import type { AlertEngine } from './alertEngine';

type AlertMethods = Pick<typeof AGENT_METHODS, 'alerts.list' | 'alerts.acknowledge'>;

export function alertHandlers(engine: Pick<AlertEngine, 'list' | 'history' | 'acknowledge'>): HandlerMap<AlertMethods> {
  return {
    'alerts.list': ({ historyLimit }) => {
      const h = engine.history(historyLimit);
      return { active: engine.list(), history: h.alerts, hasMoreHistory: h.hasMore };
    },
    'alerts.acknowledge': ({ id }, ctx) => {
      const alert = engine.acknowledge(id, ctx.user);
      if (!alert) throw new RpcError('NOT_FOUND', `there is no alert number ${id}: it may have been pruned from the history`);
      return { alert };
    },
  };
}
