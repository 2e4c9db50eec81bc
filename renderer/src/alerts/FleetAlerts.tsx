/**
 * The active alerts of every connected server, for the status bar and the Alerts pages: one
 * `alerts` topic subscription per connected server (the agent sends every active alert at once,
 * then each change). A server that disconnects takes its alerts out of the count.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { AlertSchema, type Alert } from '@shared/rpc/alertsApi';
import { subscribeAgentTopic } from '../api/agentTopic';
import { useHost } from '../host/HostContext';
import { useServers } from '../servers/ServersContext';
import type { PlainFailure } from '../util/failure';
import { foldAlerts, summarize, type ActiveAlerts, type AlertSummary } from './alertsState';

export interface FleetAlertsValue {
  /** Active alerts by server id (connected servers only). */
  active: Readonly<Record<string, ActiveAlerts>>;
  /** Grows when an alert of a server fired, resolved after firing or was acknowledged: pages reload their history on it. */
  versions: Readonly<Record<string, number>>;
  errors: Readonly<Record<string, PlainFailure>>;
  summary: AlertSummary;
}

const EMPTY: FleetAlertsValue = { active: {}, versions: {}, errors: {}, summary: summarize([]) };
const Ctx = createContext<FleetAlertsValue>(EMPTY);

export function FleetAlertsProvider({ children }: { children: ReactNode }) {
  const host = useHost();
  const { servers, stateOf } = useServers();
  const connected = servers.filter((s) => stateOf(s.id) === 'connected').map((s) => s.id).sort().join('\n');
  const [active, setActive] = useState<Record<string, ActiveAlerts>>({});
  const [versions, setVersions] = useState<Record<string, number>>({});
  const [errors, setErrors] = useState<Record<string, PlainFailure>>({});

  useEffect(() => {
    const ids = connected === '' ? [] : connected.split('\n');
    const drop = <T,>(m: Record<string, T>) => Object.fromEntries(Object.entries(m).filter(([k]) => ids.includes(k)));
    setActive(drop);
    setErrors(drop);
    const closers = ids.map((serverId) =>
      subscribeAgentTopic(host, serverId, 'alerts', {}, {
        // A new subscription starts with every active alert again: forget what the last one said.
        onOpen: () => setActive((m) => ({ ...m, [serverId]: new Map() })),
        // The host re-opened the topic after a reconnect: the batch that follows is every active alert again.
        onGap: () => setActive((m) => ({ ...m, [serverId]: new Map() })),
        onItems: (raw) => {
          const items = raw.flatMap((r) => {
            const p = AlertSchema.safeParse(r);
            return p.success ? [p.data] : [];
          });
          setActive((m) => ({ ...m, [serverId]: foldAlerts(m[serverId] ?? new Map<number, Alert>(), items) }));
          // Pages reload history and storage state only when an alert fired, resolved after firing or
          // was acknowledged; a pending one coming and going (a value hovering at a threshold) does not count.
          if (items.some((a) => a.firedAt !== null)) setVersions((v) => ({ ...v, [serverId]: (v[serverId] ?? 0) + 1 }));
        },
        onError: (failure) => setErrors((m) => ({ ...m, [serverId]: failure })),
      }),
    );
    return () => closers.forEach((close) => close());
  }, [host, connected]);

  const value = useMemo<FleetAlertsValue>(() => ({ active, versions, errors, summary: summarize(Object.entries(active)) }), [active, versions, errors]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useFleetAlerts(): FleetAlertsValue {
  return useContext(Ctx);
}
