/**
 * The live set of one server's current calls: the `calls` topic through the host (credit flow is
 * the host's and agent's), applied to a CallStore. Re-renders at most four times a second
 * however many changes arrive, so 10,000 calls changing stay cheap.
 */
import { useEffect, useRef, useState } from 'react';
import type { Call } from '@shared/rpc/callsApi';
import { useHost } from '../host/HostContext';
import { subscribeAgentTopic } from '../api/agentTopic';
import type { PlainFailure } from '../util/failure';
import { CallStore } from './callStore';

const RENDER_EVERY_MS = 250;

export interface CallsFeed {
  calls: readonly Call[];
  syncedAt: number | null;
  error: PlainFailure | null;
}

export function useCallsFeed(serverId: string): CallsFeed {
  const host = useHost();
  const storeRef = useRef(new CallStore());
  const [view, setView] = useState<{ calls: readonly Call[]; syncedAt: number | null }>({ calls: [], syncedAt: null });
  const [error, setError] = useState<PlainFailure | null>(null);

  useEffect(() => {
    const store = new CallStore();
    storeRef.current = store;
    let closed = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publish = () => {
      timer = null;
      if (!closed) setView({ calls: store.calls(), syncedAt: store.syncedAt });
    };
    const close = subscribeAgentTopic(host, serverId, 'calls', {}, {
      onOpen: () => setError(null),
      onItems: (items) => {
        if (store.apply(items) && timer === null) timer = setTimeout(publish, store.syncedAt === null ? 0 : RENDER_EVERY_MS);
      },
      onError: setError,
    });
    return () => {
      closed = true;
      close();
      if (timer !== null) clearTimeout(timer);
    };
  }, [host, serverId]);

  return { ...view, error };
}
