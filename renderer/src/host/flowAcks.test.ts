import { describe, expect, it, vi } from 'vitest';
import type { HostClient } from './hostClient';
import { ackAgentItems, ackBatcher } from './flowAcks';

describe('renderer acks', () => {
  it('sums acks per id and sends them once the current task is over', async () => {
    vi.useFakeTimers();
    try {
      const sent: [string, number][] = [];
      const ack = ackBatcher((id, n) => sent.push([id, n]));
      ack('a', 3);
      ack('b', 1);
      ack('a', 2);
      ack('a', 0);
      expect(sent).toEqual([]);
      await vi.runAllTimersAsync();
      expect(sent).toEqual([
        ['a', 5],
        ['b', 1],
      ]);
      ack('a', 1);
      await vi.runAllTimersAsync();
      expect(sent.at(-1)).toEqual(['a', 1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("acks each 'agent.items' batch by its item count, once for the page", async () => {
    let emit: ((b: { subscriptionId: string; items: unknown[]; dropped: number }) => void) | undefined;
    const calls: [string, unknown][] = [];
    const host = {
      on: (_e: string, cb: typeof emit) => {
        emit = cb;
        return () => {};
      },
      call: async (method: string, params: unknown) => {
        calls.push([method, params]);
        return {};
      },
    } as unknown as HostClient;
    ackAgentItems(host);
    emit!({ subscriptionId: 's1', items: [1, 2, 3], dropped: 0 });
    emit!({ subscriptionId: 's1', items: [], dropped: 4 });
    emit!({ subscriptionId: 's1', items: [4], dropped: 0 });
    await vi.waitFor(() => expect(calls).toEqual([['agent.ack', { subscriptionId: 's1', items: 4 }]]));
  });
});
