import { useEffect, useState } from 'react';
import type { AgentParamsInput, AgentResult } from '@shared/rpc/agentApi';
import type { GatewayStatusResult } from '@shared/rpc/gatewaysApi';
import type { OutboundRegistrationsResult } from '@shared/rpc/outboundRegistrationsApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';

/** How often the gateway tables ask again: probes run every few seconds at most, no need for more. */
export const GATEWAY_STATUS_POLL_MS = 5000;

/**
 * The server's gateway status (`gateways.status`), asked now and every 5 s while the table is shown;
 * null until the first answer, or while the server cannot answer (not connected, older agent).
 */
export function useGatewayStatus(serverId: string): GatewayStatusResult | null {
  return usePolled(serverId, 'gateways.status');
}

/** The routing gateways' registrations to their carriers (`gateways.registrations`), polled the same way. */
export function useOutboundRegistrations(serverId: string): OutboundRegistrationsResult | null {
  return usePolled(serverId, 'gateways.registrations');
}

function usePolled<M extends 'gateways.status' | 'gateways.registrations'>(serverId: string, method: M): AgentResult<M> | null {
  const host = useHost();
  const [status, setStatus] = useState<AgentResult<M> | null>(null);
  useEffect(() => {
    let alive = true;
    const ask = async () => {
      try {
        const s = await callAgent<M>(host, serverId, method, {} as AgentParamsInput<M>);
        if (alive) setStatus(s);
      } catch {
        // Not connected or an agent without gateway status: the column shows nothing.
        if (alive) setStatus(null);
      }
    };
    void ask();
    const timer = setInterval(() => void ask(), GATEWAY_STATUS_POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [host, serverId, method]);
  return status;
}
