import { describe, expect, it } from 'vitest';
import { callItems, optionsPing, traceItem } from '../../../test/doubles/renderer/traceItems';
import { isKeepAlive, messageLabel, TraceBuffer } from './traceBuffer';

describe('TraceBuffer', () => {
  it('groups a call into one dialog with its caller, callee and final answer', () => {
    const b = new TraceBuffer();
    b.add(callItems('d1', 'call-1'));
    b.add(optionsPing(13, 'd2'));
    expect(b.counts()).toEqual({ received: 15, dropped: 0, evicted: 0, held: 15 });
    expect(b.dialogList().map((d) => [d.id, d.method, d.caller, d.callee, d.finalStatus, d.count])).toEqual([
      ['d1', 'INVITE', '1001', '3005550100', 200, 13],
      ['d2', 'OPTIONS', '', '', 200, 2],
    ]);
  });

  it('ignores numbers seen before (a re-opened subscription) and counts skipped numbers as dropped', () => {
    const b = new TraceBuffer();
    const call = callItems();
    b.add(call.slice(0, 5));
    b.add(call.slice(0, 3));
    b.add(call.slice(8));
    expect(b.counts()).toMatchObject({ received: 10, dropped: 3 });
    expect(b.all().map((i) => i.n)).toEqual([0, 1, 2, 3, 4, 8, 9, 10, 11, 12]);
    // The session ended at 15 matched: the last two never came (a drop marker right before the end).
    b.settle(15);
    expect(b.counts().dropped).toBe(5);
  });

  it('stays within its message and byte bounds, letting the oldest go and forgetting emptied dialogs', () => {
    const b = new TraceBuffer(10, 1_000_000);
    for (let d = 0; d < 5; d++) b.add(callItems(`d${d + 1}`, `c${d}`, d * 13));
    expect(b.counts()).toEqual({ received: 65, dropped: 0, evicted: 55, held: 10 });
    expect(b.all().map((i) => i.n)).toEqual([55, 56, 57, 58, 59, 60, 61, 62, 63, 64]);
    expect(b.dialogList().map((d) => [d.id, d.count])).toEqual([['d5', 10]]);

    const bytes = new TraceBuffer(1000, 300);
    const big = (n: number) => traceItem({ n, method: 'MESSAGE', raw: 'x'.repeat(100) });
    for (let n = 0; n < 10; n++) bytes.add([big(n)]);
    expect(bytes.counts()).toMatchObject({ held: 3, evicted: 7 });
  });

  it('knows keep-alives and labels messages', () => {
    const [ping, pong] = optionsPing(0, 'd1');
    expect(isKeepAlive(ping!)).toBe(true);
    expect(isKeepAlive(pong!)).toBe(true);
    expect(isKeepAlive(traceItem({ n: 2, method: undefined, status: undefined, raw: '\r\n\r\n' }))).toBe(true);
    expect(isKeepAlive(callItems()[0]!)).toBe(false);
    expect(messageLabel(callItems()[3]!)).toBe('180 Ringing');
    expect(messageLabel(traceItem({ n: 1, raw: 'garbage' }))).toBe('(not SIP)');
    expect(messageLabel(traceItem({ n: 1, status: 486, reason: 'Busy Here' }))).toBe('486 Busy Here');
  });
});
