import { REGISTRATION_LIMITS } from '@shared/rpc/registrationsApi';
import { callAgent } from '../api/agent';
import { usePolledRead } from '../api/usePolledRead';
import { useHost } from '../host/HostContext';
import type { PlainFailure } from '../util/failure';
import { readEndpointRegistrations, type EndpointRegistrations } from './endpointRegistrations';

/** As often as the gateway tables ask for their status. */
const EVERY_MS = 5000;

export interface EndpointRegistrationsRead {
  /** Null until the first answer or while the server cannot answer: the column then shows a dash rather than "not registered". */
  regs: EndpointRegistrations | null;
  /** Why the last read failed (not connected, an older agent…), for the page to say as other polled reads do. */
  error: PlainFailure | null;
}

/** The server's registrations grouped by account, read now and every 5 s while the table is shown. */
export function useEndpointRegistrations(serverId: string): EndpointRegistrationsRead {
  const host = useHost();
  const r = usePolledRead(
    () => readEndpointRegistrations((offset) => callAgent(host, serverId, 'registrations.list', { offset, limit: REGISTRATION_LIMITS.maxPageRows })),
    serverId,
    true,
    EVERY_MS,
  );
  return { regs: r.error ? null : r.value, error: r.error };
}
