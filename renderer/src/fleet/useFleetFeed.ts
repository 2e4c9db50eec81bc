/** The fleet feed (fleetFeed.ts) for a React page: one per page, following the connected servers. */
import { useEffect, useState } from 'react';
import { useHost } from '../host/HostContext';
import { FleetFeed } from './fleetFeed';
import type { FleetTrend } from './fleetTrend';

const NONE: ReadonlyMap<string, FleetTrend> = new Map();

export function useFleetFeed(connected: readonly string[]): { trends: ReadonlyMap<string, FleetTrend>; version: number } {
  const host = useHost();
  const [feed, setFeed] = useState<FleetFeed | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const f = new FleetFeed(host, () => setVersion((v) => v + 1));
    setFeed(f);
    return () => f.close();
  }, [host]);
  const key = [...connected].sort().join('\n');
  useEffect(() => {
    feed?.want(key === '' ? [] : key.split('\n'));
  }, [feed, key]);
  return { trends: feed?.trends ?? NONE, version };
}
