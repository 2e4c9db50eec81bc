/**
 * One server's firewall, read with firewall.status every few seconds while the tab is shown (a
 * hidden tab reads nothing), and at once after a block or unblock.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FirewallStatus } from '@shared/rpc/firewallApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { errorText } from '../util/errors';

export const REFRESH_EVERY_MS = 5000;

export interface FirewallView {
  status: FirewallStatus | null;
  error: string | null;
  refresh: () => void;
}

export function useFirewall(serverId: string, active: boolean): FirewallView {
  const host = useHost();
  const [status, setStatus] = useState<FirewallStatus | null>(null);
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
        const s = await callAgent(host, serverId, 'firewall.status', {});
        if (ask !== latest.current) return;
        setStatus(s);
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
  }, [host, serverId, active, tick]);

  return { status, error, refresh };
}
