/**
 * What the overview shows of servers it is not connected to: one `fleet.status` sweep (the host
 * reads them a few at a time over short one-off connections, each within a deadline) when the page
 * opens and on "Check all". Rows fill in as their events arrive, so a server that hangs leaves
 * only its own row waiting.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FleetRow } from '@shared/rpc/fleetApi';
import { useHost } from '../host/HostContext';

export interface FleetStatus {
  rows: ReadonlyMap<string, FleetRow>;
  /** Servers asked in the running sweep whose row has not come yet. */
  waiting: ReadonlySet<string>;
  check(): void;
}

export function useFleetStatus(notConnected: readonly string[]): FleetStatus {
  const host = useHost();
  const [rows, setRows] = useState<ReadonlyMap<string, FleetRow>>(new Map());
  const [waiting, setWaiting] = useState<ReadonlySet<string>>(new Set());
  const want = useRef(notConnected);
  want.current = notConnected;

  useEffect(
    () =>
      host.on('fleet.status', (row) => {
        setRows((m) => new Map(m).set(row.serverId, row));
        setWaiting((w) => {
          if (!w.has(row.serverId)) return w;
          const next = new Set(w);
          next.delete(row.serverId);
          return next;
        });
      }),
    [host],
  );

  const check = useCallback(() => {
    const ids = want.current;
    if (ids.length === 0) return;
    setWaiting(new Set(ids));
    // Rows arrive as events; a failed call (the host went away) leaves nothing waiting.
    host.call('fleet.status', { serverIds: [...ids] }).catch(() => setWaiting(new Set()));
  }, [host]);

  // Once, as soon as the page knows servers to read; later sweeps are the user's.
  const started = useRef(false);
  const any = notConnected.length > 0;
  useEffect(() => {
    if (!any || started.current) return;
    started.current = true;
    check();
  }, [any, check]);
  return { rows, waiting, check };
}
