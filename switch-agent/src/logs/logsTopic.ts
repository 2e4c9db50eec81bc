/**
 * The `logs` topic (shared/rpc/events.ts): a subscriber first gets the matching entries the ring
 * still holds (oldest first), then every new matching entry. Live entries are gathered and pushed
 * once per microtask, so a burst (an engine starting) travels as one data frame and a push never
 * runs inside the logger call that produced the entry. Flow control is the connection's: without
 * credit the oldest items are dropped (PROTOCOL.md §6), the ring itself is never held back.
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
    // Room for a whole backlog while the client's first credit is used up.
    bufferItems: ring.capacity,
    open(filter, sink) {
      const backlog = ring.entries().filter((e) => matchesFilter(filter, e));
      if (backlog.length > 0) sink.push(backlog);
      let pending: LogEntry[] = [];
      let scheduled = false;
      const flush = () => {
        scheduled = false;
        const batch = pending;
        pending = [];
        if (!sink.signal.aborted && batch.length > 0) sink.push(batch);
      };
      const stop = ring.listen((entry) => {
        if (!matchesFilter(filter, entry)) return;
        // Bounded like the ring: more than a ring's worth in one tick keeps only the newest.
        if (pending.length >= ring.capacity) pending.shift();
        pending.push(entry);
        if (!scheduled) {
          scheduled = true;
          queueMicrotask(flush);
        }
      });
      sink.signal.addEventListener('abort', stop, { once: true });
      return stop;
    },
  });
}
