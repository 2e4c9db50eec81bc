import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { HostEventPayload } from '@shared/rpc/hostApi';
import type { Server } from '@shared/rpc/hostApi';
import { useHost } from '../host/HostContext';

export type ConnectionState = HostEventPayload<'connection.state'>;
export type ConnState = ConnectionState['state'];

export interface ServersValue {
  servers: readonly Server[];
  /** Latest connection.state per server; a server with no event yet is disconnected. */
  states: Readonly<Record<string, ConnectionState>>;
  /** Why the server list could not be read (the host did not answer); the screen says it in plain words. */
  error: Error | null;
  loaded: boolean;
  reload: () => Promise<void>;
  stateOf: (serverId: string) => ConnState;
  byId: (serverId: string) => Server | undefined;
}

const ServersContext = createContext<ServersValue | null>(null);
const LIST_TIMEOUT_MS = 10_000;

/** A host that never answers must still end in a clear "cannot reach" state rather than a spinner. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from the Switchdeck host within ${ms / 1000} s`)), ms);
    p.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e: unknown) => { clearTimeout(timer); reject(e instanceof Error ? e : new Error(String(e))); },
    );
  });
}

/** Saved servers and their live connection state, shared by the tree, the tabs and the status bar. */
export function ServersProvider({ children }: { children: ReactNode }) {
  const host = useHost();
  const [servers, setServers] = useState<readonly Server[]>([]);
  const [states, setStates] = useState<Record<string, ConnectionState>>({});
  const [error, setError] = useState<Error | null>(null);
  const [loaded, setLoaded] = useState(false);

  const reload = useCallback(async () => {
    try {
      const r = await withTimeout(host.call('servers.list', {}), LIST_TIMEOUT_MS);
      setServers(r.servers);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setLoaded(true);
    }
  }, [host]);

  useEffect(() => {
    const off = host.on('connection.state', (p) => setStates((s) => ({ ...s, [p.serverId]: p })));
    void reload();
    // A reloaded window starts from the host's current states; an event that arrived meanwhile is newer and wins.
    host.call('servers.states', {}).then(
      (r) => setStates((s) => ({ ...Object.fromEntries(r.states.map((x) => [x.serverId, x])), ...s })),
      () => undefined, // without them every server reads as not connected until its next event, as before
    );
    return off;
  }, [host, reload]);

  const value = useMemo<ServersValue>(
    () => ({
      servers,
      states,
      error,
      loaded,
      reload,
      stateOf: (id) => states[id]?.state ?? 'disconnected',
      byId: (id) => servers.find((s) => s.id === id),
    }),
    [servers, states, error, loaded, reload],
  );
  return <ServersContext.Provider value={value}>{children}</ServersContext.Provider>;
}

export function useServers(): ServersValue {
  const v = useContext(ServersContext);
  if (!v) throw new Error('useServers needs a ServersProvider');
  return v;
}

/** The saved servers where a ServersProvider exists, else none (components tested on their own). */
export function useServerList(): readonly Server[] {
  return useContext(ServersContext)?.servers ?? [];
}
