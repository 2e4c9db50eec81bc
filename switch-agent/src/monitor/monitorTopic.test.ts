import { describe, expect, it } from 'vitest';
import type { MonitorSample } from '@shared/rpc/agentApi';
import type { SubscriptionSink } from '../rpc/dispatcher';
import { monitorTopic } from './monitorTopic';
import { SampleMerger } from './sampleMerger';

/** A source of samples the test drives, and a sink whose credit the test controls. */
function harness(first: MonitorSample | null = null) {
  const listeners = new Set<(s: MonitorSample) => void>();
  const source = { latest: () => first, listen: (cb: (s: MonitorSample) => void) => (listeners.add(cb), () => void listeners.delete(cb)) };
  const pushed: MonitorSample[] = [];
  const abort = new AbortController();
  let credit = 0;
  const sink: SubscriptionSink<MonitorSample> = {
    push: (items) => {
      pushed.push(...items);
      credit -= items.length;
    },
    end: () => undefined,
    skip: () => undefined,
    onDemand: () => undefined,
    signal: abort.signal,
    get demand() {
      return Math.max(0, credit);
    },
  };
  const emit = (s: MonitorSample) => listeners.forEach((cb) => cb(s));
  return { source, sink, pushed, emit, abort, listeners, grant: (n: number) => void (credit += n) };
}

const sec = (i: number, v: Record<string, number>): MonitorSample => ({ t: i * 1000, step: 1, values: v });

async function open(h: ReturnType<typeof harness>, filter: { series?: string[]; stepSec?: number } = {}) {
  const topic = monitorTopic(h.source);
  await topic.open(topic.filter.parse(filter), h.sink as SubscriptionSink<unknown>, {} as never);
}

describe('monitor topic', () => {
  it('sends the latest sample at once, then one item per second with credit', async () => {
    const h = harness(sec(0, { 'sys.cpu.total': 5 }));
    h.grant(10);
    await open(h);
    h.emit(sec(1, { 'sys.cpu.total': 6 }));
    expect(h.pushed).toEqual([sec(0, { 'sys.cpu.total': 5 }), sec(1, { 'sys.cpu.total': 6 })]);
  });

  it('gives a slow client fewer, coarser items and holds one merge, not a queue', async () => {
    const h = harness();
    h.grant(1);
    await open(h, { series: ['sys.*'] });
    for (let i = 0; i < 1000; i++) h.emit(sec(i, { 'sys.cpu.total': i % 100, 'engine.calls.active': 1 }));
    expect(h.pushed).toHaveLength(1);
    h.grant(5);
    h.emit(sec(1000, { 'sys.cpu.total': 50, 'engine.calls.active': 1 }));
    expect(h.pushed).toHaveLength(2);
    const merged = h.pushed[1];
    expect(merged?.t).toBe(1000);
    expect(merged?.step).toBe(1000);
    expect(merged?.min).toEqual({ 'sys.cpu.total': 0 });
    expect(merged?.max).toEqual({ 'sys.cpu.total': 99 });
    expect(Object.keys(merged?.values ?? {})).toEqual(['sys.cpu.total']);
  });

  it('with stepSec, sends the latest at once, then one merged item per whole period as it ends', async () => {
    const h = harness(sec(7, { 'sys.cpu.total': 1 }));
    h.grant(100);
    await open(h, { stepSec: 15 });
    for (let i = 8; i < 44; i++) h.emit(sec(i, { 'sys.cpu.total': i }));
    // The latest sample, then [8, 15) (the rest of the first period) and [15, 30); [30, 45) is still open.
    expect(h.pushed.map((p) => [p.t, p.step])).toEqual([[7000, 1], [8000, 7], [15_000, 15]]);
    expect(h.pushed[2]).toEqual({ t: 15_000, step: 15, values: { 'sys.cpu.total': 22 }, min: { 'sys.cpu.total': 15 }, max: { 'sys.cpu.total': 29 } });
    h.emit(sec(45, { 'sys.cpu.total': 0 }));
    // Second 44 never came (a missed round): the period ends when a later one starts.
    expect(h.pushed.map((p) => [p.t, p.step])).toEqual([[7000, 1], [8000, 7], [15_000, 15], [30_000, 14]]);
  });

  it('stops listening when the subscription ends', async () => {
    const h = harness();
    await open(h);
    expect(h.listeners.size).toBe(1);
    h.abort.abort();
    expect(h.listeners.size).toBe(0);
  });
});

describe('SampleMerger', () => {
  it('weights merged items by the seconds they cover', () => {
    const m = new SampleMerger();
    m.add({ t: 0, step: 3, values: { a: 2 }, min: { a: 1 }, max: { a: 3 } });
    m.add(sec(3, { a: 6 }));
    expect(m.take()).toEqual({ t: 0, step: 4, values: { a: 3 }, min: { a: 1 }, max: { a: 6 } });
    expect(m.empty).toBe(true);
    expect(m.take()).toBeNull();
  });
});
