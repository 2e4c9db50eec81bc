/**
 * The renderer's half of the host's flow control (shared/rpc/hostFlowApi): acks say how much the
 * page has handled, and the host sends more only within its window. Acks are summed per id and
 * sent once the current task is over, so a burst of batches costs one call.
 */
import type { HostClient } from './hostClient';

/** Sums `add(id, n)` per id and hands the totals to `send` after the current task. */
export function ackBatcher(send: (id: string, n: number) => void): (id: string, n: number) => void {
  const owed = new Map<string, number>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const due = [...owed];
    owed.clear();
    for (const [id, n] of due) send(id, n);
  };
  return (id, n) => {
    if (n <= 0) return;
    owed.set(id, (owed.get(id) ?? 0) + n);
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, 0);
    }
  };
}

/**
 * Acks every 'agent.items' batch after the page's listeners have run (they run synchronously as the
 * event is dispatched, the ack after that task). Returns the stop function.
 */
export function ackAgentItems(host: HostClient): () => void {
  const ack = ackBatcher((subscriptionId, items) => void host.call('agent.ack', { subscriptionId, items }).catch(() => undefined));
  return host.on('agent.items', (b) => ack(b.subscriptionId, b.items.length));
}

/** For a terminal: call with each chunk's length once the terminal has drawn it. */
export function terminalAcker(host: HostClient): (terminalId: string, chars: number) => void {
  return ackBatcher((terminalId, chars) => void host.call('terminal.ack', { terminalId, chars }).catch(() => undefined));
}
