import { useEffect, useMemo } from 'react';
import { useConfigSession } from '../config/ConfigSessions';
import { TracePage } from './TracePage';

/** The trace page inside the workspace: gateway names for the filter come from the server's configuration. */
export function TraceTab({ serverId, serverName, connected, active }: { serverId: string; serverName: string; connected: boolean; active: boolean }) {
  const { session, state } = useConfigSession(serverId);
  useEffect(() => session.ensureLoaded(), [session]);
  const snapshot = state.snapshot;
  const names = useMemo(() => (snapshot ? [...snapshot.routingGateways, ...snapshot.mappingGateways].map((g) => g.name).sort() : []), [snapshot]);
  return <TracePage serverId={serverId} serverName={serverName} connected={connected} gatewayNames={names} active={active} />;
}
