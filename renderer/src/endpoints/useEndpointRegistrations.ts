import { REGISTRATION_LIMITS } from '@shared/rpc/registrationsApi';
import { callAgent } from '../api/agent';
import { usePolledRead } from '../api/usePolledRead';
import { useHost } from '../host/HostContext';
import { readEndpointRegistrations, type EndpointRegistrations } from './endpointRegistrations';

/** As often as the gateway tables ask for their status. */
const EVERY_MS = 5000;

/**
 * The server's registrations grouped by account, read now and every 5 s while the table is shown;
 * null until the first answer or while the server cannot answer (not connected, older agent): the
 * column then shows a dash rather than "not registered".
 */
export function useEndpointRegistrations(serverId: string): EndpointRegistrations | null {
  const host = useHost();
  const r = usePolledRead(
    () => readEndpointRegistrations((offset) => callAgent(host, serverId, 'registrations.list', { offset, limit: REGISTRATION_LIMITS.maxPageRows })),
    serverId,
    true,
    EVERY_MS,
  );
  return r.error ? null : r.value;
}
