/**
 * The `trace` topic: a subscription reads one session. Like the logs topic it holds only a cursor
 * (a message number) into the session's store and takes messages when its client has credit, so
 * several readers of a session cost no copies. Messages the store let go (byte cap) before the
 * reader took them come as one exact drop marker; when the session has stopped and the reader
 * has everything, the subscription ends.
 */
import { RpcError } from '@shared/rpc/errors';
import { AGENT_TOPICS, type AgentTopicItem, type AgentTopicParams } from '@shared/rpc/events';
import { defineTopic, type AnyTopicSpec } from '../rpc/dispatcher';
import type { TraceSessions } from './sessions';
import { toTraceItem } from './traceItem';

export function traceTopic(sessions: TraceSessions): AnyTopicSpec {
  return defineTopic<AgentTopicParams<'trace'>, AgentTopicItem<'trace'>>({
    description: 'The SIP messages of a trace session: those it holds, then live, until it stops.',
    filter: AGENT_TOPICS.trace.params,
    item: AGENT_TOPICS.trace.item,
    // Raw SIP carries credentials (Authorization headers).
    adminOnly: true,
    open(filter, sink) {
      const s = sessions.get(filter.sessionId);
      if (!s) throw new RpcError('NOT_FOUND', `trace session ${filter.sessionId} does not exist`, { sessionId: filter.sessionId });
      let cursor = filter.from === 'start' ? s.store.firstHeld : s.store.matched;
      let scheduled = false;
      let ended = false;
      const pull = () => {
        scheduled = false;
        if (sink.signal.aborted || ended) return;
        if (s.discarded) return finish();
        const first = s.store.firstHeld;
        if (cursor < first) {
          sink.skip(first - cursor);
          cursor = first;
        }
        const demand = sink.demand;
        if (demand > 0) {
          const held = s.store.range(cursor, demand);
          if (held.length > 0) {
            cursor += held.length;
            sink.push(held.map(toTraceItem));
          }
        }
        if (s.state === 'stopped' && cursor >= s.store.matched) finish();
      };
      const finish = () => {
        ended = true;
        stop();
        sink.end();
      };
      // New messages arrive in bursts: take them once per microtask, never inside the capture path.
      const schedule = () => {
        if (scheduled) return;
        scheduled = true;
        queueMicrotask(pull);
      };
      const stop = s.watch(schedule);
      sink.onDemand(pull);
      sink.signal.addEventListener('abort', stop, { once: true });
      schedule();
      return stop;
    },
  });
}
