/** Makes the HostClient available to every component: wrap the app in <HostProvider>, call useHost(). */
import { createContext, useContext, type ReactNode } from 'react';
import type { HostClient } from './hostClient';

const HostContext = createContext<HostClient | null>(null);

export function HostProvider({ client, children }: { client: HostClient; children: ReactNode }) {
  return <HostContext.Provider value={client}>{children}</HostContext.Provider>;
}

export function useHost(): HostClient {
  const client = useContext(HostContext);
  if (!client) throw new Error('useHost() needs a <HostProvider> above it in the component tree');
  return client;
}
