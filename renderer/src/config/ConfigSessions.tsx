import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { AGENT_EVENTS } from '@shared/rpc/events';
import { useHost } from '../host/HostContext';
import { useServerList } from '../servers/ServersContext';
import { useToast } from '../util/toast';
import { loadNotice } from './autoRollback';
import type { ConfigSession, SessionState } from './configSession';
import { rollbackToastText } from './rollbackText';
import { SessionRegistry, type ConfigMarker } from './sessionRegistry';

const SessionsContext = createContext<SessionRegistry | null>(null);

/**
 * Holds one ConfigSession per server, reloads it when the agent reports a new revision, and makes an
 * automatic rollback loud: a toast that stays until read and a notice kept until dismissed.
 */
export function ConfigSessionsProvider({ children }: { children: ReactNode }) {
  const host = useHost();
  const toast = useToast();
  const { t } = useTranslation();
  const servers = useServerList();
  const registry = useMemo(() => new SessionRegistry(host), [host]);

  useEffect(() => {
    // A notice kept from before a reload shows in the tree and status bar without opening a page.
    for (const s of servers) if (loadNotice(s.id)) registry.get(s.id);
  }, [registry, servers]);

  useEffect(() => {
    const nameOf = (id: string) => servers.find((s) => s.id === id)?.name ?? id;
    const offEvent = host.on('agent.event', (e) => {
      if (e.name !== 'config.changed') return;
      // Every server's pending state matters to the tree and status bar, open pages or not.
      const s = registry.get(e.serverId);
      void s.load();
      const data = AGENT_EVENTS['config.changed'].safeParse(e.data);
      if (data.success && data.data.kind === 'auto-rollback') {
        const { revision } = data.data;
        void s.noteAutoRollback(revision).then(
          (notice) => toast(rollbackToastText(notice, nameOf(e.serverId), (k, o) => t(k, o)), Intent.DANGER),
          () => toast(t('rollback.toastBare', { name: nameOf(e.serverId), revision }), Intent.DANGER),
        );
      }
    });
    const offState = host.on('connection.state', (p) => {
      const s = registry.find(p.serverId);
      if (p.state === 'connected' && !s) {
        void registry.checkPending(p.serverId);
        return;
      }
      // Connected: read the live revision. Gone: switch to the cached copy (offline drafts).
      if (s && (p.state === 'connected' || ((p.state === 'disconnected' || p.state === 'failed') && s.getState().offline === null))) void s.load();
    });
    return () => {
      offEvent();
      offState();
    };
  }, [host, registry, servers, toast, t]);

  return <SessionsContext.Provider value={registry}>{children}</SessionsContext.Provider>;
}

function useRegistry(): SessionRegistry {
  const registry = useContext(SessionsContext);
  if (!registry) throw new Error('useConfigSession needs a ConfigSessionsProvider');
  return registry;
}

export function useConfigSession(serverId: string): { session: ConfigSession; state: SessionState } {
  const session = useRegistry().get(serverId);
  const state = useSyncExternalStore(session.subscribe, session.getState);
  return { session, state };
}

/** Per server: a revision waiting for confirmation, or an automatic rollback not yet dismissed. */
export function useConfigMarkers(): ReadonlyMap<string, ConfigMarker> {
  const registry = useRegistry();
  return useSyncExternalStore(registry.subscribe, registry.markers);
}
