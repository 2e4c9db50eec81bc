/** Makes the HostClient available to every component: wrap the app in <HostProvider>, call useHost(). */
import { createContext, useContext, type ReactNode } from 'react';
import type { HostClient } from './hostClient';
import { HostUnavailableError } from './hostUnavailable';

const HostContext = createContext<HostClient | null>(null);

export function HostProvider({ client, children }: { client: HostClient; children: ReactNode }) {
  return <HostContext.Provider value={client}>{children}</HostContext.Provider>;
}

export function useHost(): HostClient {
  const client = useContext(HostContext);
  // The host-unreachable screen, not the window-error one: without a client nothing can reach the host.
  if (!client) throw new HostUnavailableError('useHost() needs a <HostProvider> above it in the component tree');
  return client;
}
