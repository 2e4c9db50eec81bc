/**
 * One server's registrations and suspended sources, read with registrations.list and
 * registrations.suspensions every few seconds while the tab is shown (the agent reads Kamailio
 * only when asked, so a hidden tab costs nothing), and at once after a search or an action.
 */
import type { AgentResult } from '@shared/rpc/agentApi';
import { REGISTRATION_LIMITS } from '@shared/rpc/registrationsApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { usePolledRead } from '../api/usePolledRead';
import type { PlainFailure } from '../util/failure';

export const REFRESH_EVERY_MS = 5000;

export interface RegistrationsView {
  list: AgentResult<'registrations.list'> | null;
  suspensions: AgentResult<'registrations.suspensions'> | null;
  error: PlainFailure | null;
  refresh: () => void;
}

export function useRegistrations(serverId: string, search: string, active: boolean): RegistrationsView {
  const host = useHost();
  const r = usePolledRead(
    () =>
      Promise.all([
        callAgent(host, serverId, 'registrations.list', { ...(search && { filter: { search } }), limit: REGISTRATION_LIMITS.maxPageRows }),
        callAgent(host, serverId, 'registrations.suspensions', {}),
      ]),
    `${serverId}\n${search}`,
    active,
    REFRESH_EVERY_MS,
  );
  return { list: r.value?.[0] ?? null, suspensions: r.value?.[1] ?? null, error: r.error, refresh: r.refresh };
}
