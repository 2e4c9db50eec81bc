/**
 * The `alerts` topic (shared/rpc/events.ts): every active alert at once, then each change. Items
 * wait in a map keyed by alert id while the client has no credit, so a later change of the same
 * alert replaces the earlier one: the agent holds at most one item per alert, whatever the
 * client's speed, and the client still ends with every alert's latest state.
 */
import type { Alert } from '@shared/rpc/alertsApi';
import { AGENT_TOPICS, type AgentTopicParams } from '@shared/rpc/events';
import { defineTopic, type AnyTopicSpec } from '../rpc/dispatcher';
import type { AlertEngine } from './alertEngine';

export function alertsTopic(engine: Pick<AlertEngine, 'list' | 'listen'>): AnyTopicSpec {
  return defineTopic<AgentTopicParams<'alerts'>, Alert>({
    description: 'Active alerts at once, then every change; changes of one alert merge while the client has no credit.',
    filter: AGENT_TOPICS.alerts.params,
    item: AGENT_TOPICS.alerts.item,
    bufferItems: 64,
    open(_filter, sink) {
      const waiting = new Map<number, Alert>();
      for (const a of engine.list()) waiting.set(a.id, a);
      const deliver = () => {
        if (sink.signal.aborted) return;
        const n = Math.min(sink.demand, waiting.size);
        if (n <= 0) return;
        const batch: Alert[] = [];
        for (const [id, a] of waiting) {
          if (batch.length >= n) break;
          batch.push(a);
          waiting.delete(id);
        }
        sink.push(batch);
      };
      sink.onDemand(deliver);
      deliver();
      const stop = engine.listen((a) => {
        // Delete first so a changed alert moves to the end: items go out in the order of their latest change.
        waiting.delete(a.id);
        waiting.set(a.id, a);
        deliver();
      });
      sink.signal.addEventListener('abort', stop, { once: true });
      return stop;
    },
  });
}
