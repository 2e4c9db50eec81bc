/**
 * The `logs` topic (shared/rpc/events.ts): a subscriber first gets the matching entries the ring
 * still holds (oldest first), then every new matching entry.
 *
 * The backlog is shared: a subscription holds only a cursor into the ring (`LogReader`) and takes
 * lines when its client has credit, so a thousand idle subscriptions cost a thousand cursors, not a
 * thousand copies of the backlog. Lines the ring overwrote before the client took them are reported
 * as one drop marker (PROTOCOL.md §6). New lines are taken once per microtask, so a burst (an engine
 * starting) travels as one data frame and a push never runs inside the logger call that made it.
 */
import { AGENT_TOPICS } from '@shared/rpc/events';
import { defineTopic, type AnyTopicSpec } from '../rpc/dispatcher';
import { matchesFilter, type LogEntry, type LogFilter } from './logFilter';
import type { LogRing } from './logRing';

export function logsTopic(ring: LogRing): AnyTopicSpec {
  return defineTopic<LogFilter, LogEntry>({
    description: 'Log lines of the agent, Kamailio and rtpengine: the recent backlog, then live.',
    filter: AGENT_TOPICS.logs.params,
    item: AGENT_TOPICS.logs.item,
    open(filter, sink) {
      let scheduled = false;
      const pull = () => {
        scheduled = false;
        if (sink.signal.aborted) return;
        const demand = sink.demand;
        if (demand <= 0) return;
        const { lost, entries } = reader.take(demand);
        if (lost > 0) sink.skip(lost);
        if (entries.length > 0) sink.push(entries);
      };
      const schedule = () => {
        if (scheduled || sink.demand <= 0) return;
        scheduled = true;
        queueMicrotask(pull);
      };
      const reader = ring.openReader((e) => matchesFilter(filter, e), schedule);
      // Activation and credit: take what the client can accept now.
      sink.onDemand(pull);
      const stop = () => reader.close();
      sink.signal.addEventListener('abort', stop, { once: true });
      return stop;
    },
  });
}
