import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useHost } from '../host/HostContext';
import { ConfigSession, type SessionState } from './configSession';

type Registry = (serverId: string) => ConfigSession;
const SessionsContext = createContext<Registry | null>(null);

/** Holds one ConfigSession per server and reloads it when the agent reports a new revision. */
export function ConfigSessionsProvider({ children }: { children: ReactNode }) {
  const host = useHost();
  const sessions = useMemo(() => new Map<string, ConfigSession>(), []);
  const get = useMemo<Registry>(
    () => (id) => {
      let s = sessions.get(id);
      if (!s) {
        s = new ConfigSession(host, id);
        sessions.set(id, s);
      }
      return s;
    },
    [host, sessions],
  );

  useEffect(() => {
    const offEvent = host.on('agent.event', (e) => {
      if (e.name === 'config.changed') void sessions.get(e.serverId)?.load();
    });
    const offState = host.on('connection.state', (p) => {
      const s = sessions.get(p.serverId);
      // Connected: read the live revision. Gone: switch to the cached copy (offline drafts).
      if (s && (p.state === 'connected' || ((p.state === 'disconnected' || p.state === 'failed') && s.getState().offline === null))) void s.load();
    });
    return () => {
      offEvent();
      offState();
    };
  }, [host, sessions]);

  return <SessionsContext.Provider value={get}>{children}</SessionsContext.Provider>;
}

export function useConfigSession(serverId: string): { session: ConfigSession; state: SessionState } {
  const get = useContext(SessionsContext);
  if (!get) throw new Error('useConfigSession needs a ConfigSessionsProvider');
  const session = get(serverId);
  const state = useSyncExternalStore(session.subscribe, session.getState);
  return { session, state };
}
