/**
 * How other screens open a server's monitor on one gateway: `useOpenMonitor()?.(serverId, { kind, name })`
 * opens (or focuses) the Server monitor tab on its Gateways page with only that gateway's lines.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export interface GatewayFocus {
  kind: 'routing' | 'mapping';
  name: string;
}
export type OpenMonitor = (serverId: string, focus: GatewayFocus) => void;

interface LauncherValue {
  openMonitor: OpenMonitor;
  requests: Readonly<Record<string, { focus: GatewayFocus; seq: number }>>;
}

const Ctx = createContext<LauncherValue | null>(null);

export function MonitorLauncherProvider({ openTab, children }: { openTab: (serverId: string) => void; children: ReactNode }) {
  const [requests, setRequests] = useState<LauncherValue['requests']>({});
  const openMonitor = useCallback<OpenMonitor>(
    (serverId, focus) => {
      setRequests((r) => ({ ...r, [serverId]: { focus, seq: (r[serverId]?.seq ?? 0) + 1 } }));
      openTab(serverId);
    },
    [openTab],
  );
  const value = useMemo(() => ({ openMonitor, requests }), [openMonitor, requests]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** Null outside the workspace: callers then offer no monitor action. */
export function useOpenMonitor(): OpenMonitor | null {
  return useContext(Ctx)?.openMonitor ?? null;
}

/** The latest gateway focus asked for this server's monitor (a new `seq` for each request). */
export function useMonitorRequest(serverId: string): { focus: GatewayFocus; seq: number } | undefined {
  return useContext(Ctx)?.requests[serverId];
}

/** The series a gateway focus keeps: every non-gateway series, and of the gateway ones only that gateway's. */
export function focusSeries(series: readonly string[], focus: GatewayFocus | null): readonly string[] {
  if (!focus) return series;
  const own = `gw.${focus.kind}.${focus.name}.`;
  return series.filter((id) => !id.startsWith('gw.') || id.startsWith(own));
}
