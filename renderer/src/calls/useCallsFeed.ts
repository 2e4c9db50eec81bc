/**
 * The live set of one server's current calls: the `calls` topic through the host (credit flow is
 * the host's and agent's), applied to a CallStore. Re-renders at most four times a second
 * however many changes arrive, so 10,000 calls changing stay cheap.
 */
import { useEffect, useRef, useState } from 'react';
import type { Call } from '@shared/rpc/callsApi';
import { useHost } from '../host/HostContext';
import { errorText } from '../util/errors';
import { CallStore } from './callStore';

const RENDER_EVERY_MS = 250;

export interface CallsFeed {
  calls: readonly Call[];
  syncedAt: number | null;
  error: string | null;
}

export function useCallsFeed(serverId: string): CallsFeed {
  const host = useHost();
  const storeRef = useRef(new CallStore());
  const [view, setView] = useState<{ calls: readonly Call[]; syncedAt: number | null }>({ calls: [], syncedAt: null });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const store = new CallStore();
    storeRef.current = store;
    let closed = false;
    let subscriptionId: string | null = null;
    const early = new Map<string, unknown[]>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publish = () => {
      timer = null;
      if (!closed) setView({ calls: store.calls(), syncedAt: store.syncedAt });
    };
    const take = (items: unknown[]) => {
      if (store.apply(items) && timer === null) timer = setTimeout(publish, store.syncedAt === null ? 0 : RENDER_EVERY_MS);
    };
    const offItems = host.on('agent.items', (b) => {
      if (closed) return;
      if (b.subscriptionId === subscriptionId) take(b.items);
      else if (subscriptionId === null) early.set(b.subscriptionId, [...(early.get(b.subscriptionId) ?? []), ...b.items]);
    });
    const offEnded = host.on('agent.subscriptionEnded', (e) => {
      if (!closed && e.subscriptionId === subscriptionId) setError(e.error?.message ?? 'ended');
    });
    void (async () => {
      try {
        const { subscriptionId: id } = await host.call('agent.subscribe', { serverId, topic: 'calls', params: {} });
        if (closed) {
          void host.call('agent.unsubscribe', { subscriptionId: id }).catch(() => undefined);
          return;
        }
        subscriptionId = id;
        take(early.get(id) ?? []);
        early.clear();
        setError(null);
      } catch (e) {
        if (!closed) setError(errorText(e));
      }
    })();
    return () => {
      closed = true;
      offItems();
      offEnded();
      if (timer !== null) clearTimeout(timer);
      if (subscriptionId) void host.call('agent.unsubscribe', { subscriptionId }).catch(() => undefined);
    };
  }, [host, serverId]);

  return { ...view, error };
}
