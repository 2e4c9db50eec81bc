/**
 * The live feed of one server's monitor: the `monitor` topic through the host (credit flow is the
 * host's and agent's business), kept in a bounded ring. Re-renders at most once per item batch,
 * and not at all while the tab is hidden (the ring still fills, so coming back shows the gap-free past).
 */
import { startTransition, useEffect, useRef, useState } from 'react';
import { MonitorSampleSchema } from '@shared/rpc/agentApi';
import { callAgent } from '../api/agent';
import { subscribeAgentTopic } from '../api/agentTopic';
import { useHost } from '../host/HostContext';
import i18next from '../i18n';
import { plainFailure, type PlainFailure } from '../util/failure';
import { RING_CAPACITY } from './ranges';
import { SampleRing } from './sampleRing';

export interface MonitorFeed {
  ring: SampleRing;
  /** Series ids the agent reported at start, with any seen in items since. */
  series: readonly string[];
  /** Changes whenever the ring gained an item and the tab is visible. */
  version: number;
  error: PlainFailure | null;
}

export function useMonitorFeed(serverId: string, active: boolean): MonitorFeed {
  const host = useHost();
  const ringRef = useRef(new SampleRing(RING_CAPACITY));
  const activeRef = useRef(active);
  const [series, setSeries] = useState<readonly string[]>([]);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<PlainFailure | null>(null);
  activeRef.current = active;

  useEffect(() => {
    if (active) setVersion(ringRef.current.version);
  }, [active]);

  useEffect(() => {
    const ring = ringRef.current;
    let closed = false;
    const known = new Set<string>();

    const take = (items: unknown[]) => {
      let fresh: string[] = [];
      for (const raw of items) {
        const parsed = MonitorSampleSchema.safeParse(raw);
        if (!parsed.success) continue;
        ring.push(parsed.data);
        for (const id of Object.keys(parsed.data.values)) if (!known.has(id)) { known.add(id); fresh = [...fresh, id]; }
      }
      if (fresh.length > 0) setSeries([...known].sort());
      // A transition: drawing a page of charts is interruptible, so frames keep coming while it runs.
      if (activeRef.current) startTransition(() => setVersion(ring.version));
    };
    let close: (() => void) | null = null;
    void (async () => {
      try {
        const snap = await callAgent(host, serverId, 'monitor.snapshot', {});
        if (closed) return;
        for (const id of snap.series) known.add(id);
        setSeries([...known].sort());
        if (snap.sample) take([snap.sample]);
        close = subscribeAgentTopic(host, serverId, 'monitor', {}, { onOpen: () => setError(null), onItems: take, onError: setError });
      } catch (e) {
        if (!closed) setError(plainFailure(i18next.t.bind(i18next), e, 'read'));
      }
    })();

    return () => {
      closed = true;
      close?.();
    };
  }, [host, serverId]);

  return { ring: ringRef.current, series, version, error };
}
