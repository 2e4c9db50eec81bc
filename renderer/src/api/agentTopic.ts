import type { AgentTopic } from '@shared/rpc/events';
import type { HostClient } from '../host/hostClient';
import i18next from '../i18n';
import { plainFailure, plainFeedEnd, type PlainFailure } from '../util/failure';

export interface TopicHandlers {
  /** Raw items of this subscription (validate them against the topic's item schema). */
  onItems(items: unknown[]): void;
  /** The subscription opened (again): `items` that follow start from the topic's beginning. */
  onOpen?(): void;
  /**
   * Items were lost before this batch (the host counts them in `dropped`; after a reconnect the
   * host re-opens the topic, so the batch that follows starts the topic over).
   */
  onGap?(): void;
  /** The subscription failed or ended: a plain sentence, the host's own text in `details`. */
  onError(failure: PlainFailure): void;
}

/**
 * Opens an agent topic through the host and hands this subscription's items to `h`. Items can
 * arrive before `agent.subscribe` answers with the id, so they are held until it is known.
 * Returns the close function.
 */
export function subscribeAgentTopic(host: HostClient, serverId: string, topic: AgentTopic, params: unknown, h: TopicHandlers): () => void {
  let closed = false;
  let subscriptionId: string | null = null;
  const early = new Map<string, unknown[]>();
  const offItems = host.on('agent.items', (b) => {
    if (closed) return;
    if (b.subscriptionId === subscriptionId) {
      if (b.dropped > 0) h.onGap?.();
      h.onItems(b.items);
    }
    else if (subscriptionId === null) early.set(b.subscriptionId, [...(early.get(b.subscriptionId) ?? []), ...b.items]);
  });
  const offEnded = host.on('agent.subscriptionEnded', (e) => {
    if (!closed && e.subscriptionId === subscriptionId) h.onError(plainFeedEnd(i18next.t.bind(i18next), e.error));
  });
  void host.call('agent.subscribe', { serverId, topic, params }).then(
    ({ subscriptionId: id }) => {
      if (closed) {
        void host.call('agent.unsubscribe', { subscriptionId: id }).catch(() => undefined);
        return;
      }
      subscriptionId = id;
      h.onOpen?.();
      const held = early.get(id) ?? [];
      early.clear();
      if (held.length > 0) h.onItems(held);
    },
    (e: unknown) => {
      if (!closed) h.onError(plainFailure(i18next.t.bind(i18next), e, 'read'));
    },
  );
  return () => {
    closed = true;
    offItems();
    offEnded();
    if (subscriptionId) void host.call('agent.unsubscribe', { subscriptionId }).catch(() => undefined);
  };
}
