/**
 * The `calls` topic (PROTOCOL.md §6.5): every current call, a `synced` marker, then changes as
 * Kamailio's dialogs change. Each subscription keeps only the latest change per call until the
 * client has credit (a call that came and went while the client was slow costs one `gone`), so
 * what the agent holds is bounded by the calls Kamailio holds, never by how slow a client is.
 */
import type { CallChange } from '@shared/rpc/callsApi';
import { AGENT_TOPICS, type AgentTopicParams } from '@shared/rpc/events';
import { defineTopic, type AnyTopicSpec, type SubscriptionSink } from '../rpc/dispatcher';
import type { CallsRound, CallsService } from './callsService';

/** Changes of one subscription waiting for credit: the latest per call, then the marker. */
export class PendingChanges {
  private readonly byId = new Map<string, CallChange>();
  private synced: { t: number; calls: number } | null = null;

  add(round: CallsRound): void {
    for (const call of round.changed) {
      this.byId.delete(call.id);
      this.byId.set(call.id, { kind: 'call', call });
    }
    for (const g of round.gone) {
      this.byId.delete(g.id);
      this.byId.set(g.id, { kind: 'gone', id: g.id, callId: g.callId });
    }
    this.synced = { t: round.at, calls: round.total };
  }

  get size(): number {
    return this.byId.size + (this.synced ? 1 : 0);
  }

  /** Up to `max` items in the order they became due; the marker only once all changes are out. */
  take(max: number): CallChange[] {
    const out: CallChange[] = [];
    for (const [id, c] of this.byId) {
      if (out.length >= max) return out;
      out.push(c);
      this.byId.delete(id);
    }
    if (this.synced && out.length < max) {
      out.push({ kind: 'synced', t: this.synced.t, calls: this.synced.calls });
      this.synced = null;
    }
    return out;
  }
}

function pump(pending: PendingChanges, sink: SubscriptionSink<CallChange>): void {
  while (sink.demand > 0 && pending.size > 0) sink.push(pending.take(Math.min(sink.demand, 500)));
}

export function callsTopic(service: Pick<CallsService, 'read' | 'watch' | 'current'>): AnyTopicSpec {
  return defineTopic<AgentTopicParams<'calls'>, CallChange>({
    description: 'Every current call, then changes; the latest change per call is kept while the client has no credit.',
    filter: AGENT_TOPICS.calls.params,
    item: AGENT_TOPICS.calls.item,
    // Items wait in PendingChanges, not in the subscription's buffer.
    bufferItems: 2,
    async open(_filter, sink) {
      const pending = new PendingChanges();
      // Rounds before the full set is queued are part of it (current() is the latest read).
      let ready = false;
      const stop = service.watch((round) => {
        if (!ready) return;
        pending.add(round);
        pump(pending, sink);
      });
      sink.onDemand(() => pump(pending, sink));
      try {
        await service.read(0);
      } catch (e) {
        stop();
        throw e;
      }
      const cur = service.current();
      pending.add({ at: cur.at, changed: [...cur.dialogs.values()].map((d) => d.call), gone: [], total: cur.dialogs.size });
      ready = true;
      pump(pending, sink);
      return stop;
    },
  });
}
