/**
 * One server's firewall, read with firewall.status every few seconds while the tab is shown (a
 * hidden tab reads nothing), and at once after a block or unblock.
 */
import type { FirewallStatus } from '@shared/rpc/firewallApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { usePolledRead } from '../api/usePolledRead';
import type { PlainFailure } from '../util/failure';

export const REFRESH_EVERY_MS = 5000;

export interface FirewallView {
  status: FirewallStatus | null;
  error: PlainFailure | null;
  refresh: () => void;
}

export function useFirewall(serverId: string, active: boolean): FirewallView {
  const host = useHost();
  const r = usePolledRead(() => callAgent(host, serverId, 'firewall.status', {}), serverId, active, REFRESH_EVERY_MS);
  return { status: r.value, error: r.error, refresh: r.refresh };
}
