/**
 * One server's registrations and suspended sources, read with registrations.list and
 * registrations.suspensions every few seconds while the tab is shown (the agent reads Kamailio
 * only when asked, so a hidden tab costs nothing), and at once after a search or an action.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentResult } from '@shared/rpc/agentApi';
import { REGISTRATION_LIMITS } from '@shared/rpc/registrationsApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { errorText } from '../util/errors';

export const REFRESH_EVERY_MS = 5000;

export interface RegistrationsView {
  list: AgentResult<'registrations.list'> | null;
  suspensions: AgentResult<'registrations.suspensions'> | null;
  error: string | null;
  refresh: () => void;
}

export function useRegistrations(serverId: string, search: string, active: boolean): RegistrationsView {
  const host = useHost();
  const [list, setList] = useState<RegistrationsView['list']>(null);
  const [suspensions, setSuspensions] = useState<RegistrationsView['suspensions']>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    if (!active) return;
    const ask = ++latest.current;
    let timer: ReturnType<typeof setTimeout> | null = null;
    void (async () => {
      try {
        const [l, s] = await Promise.all([
          callAgent(host, serverId, 'registrations.list', { ...(search && { filter: { search } }), limit: REGISTRATION_LIMITS.maxPageRows }),
          callAgent(host, serverId, 'registrations.suspensions', {}),
        ]);
        if (ask !== latest.current) return;
        setList(l);
        setSuspensions(s);
        setError(null);
      } catch (e) {
        if (ask === latest.current) setError(errorText(e));
      }
      if (ask === latest.current) timer = setTimeout(() => setTick((n) => n + 1), REFRESH_EVERY_MS);
    })();
    return () => {
      latest.current += 1;
      if (timer !== null) clearTimeout(timer);
    };
  }, [host, serverId, search, active, tick]);

  return { list, suspensions, error, refresh };
}
