/**
 * The `monitor` topic (shared/rpc/events.ts): the latest sample at once, then one item per
 * second while the client has credit. Without credit, seconds are merged (SampleMerger) and sent
 * as one coarser item when credit returns, so a slow client gets fewer, coarser items and the
 * agent holds one merge per subscription instead of a growing queue. With `stepSec` > 1 the
 * seconds are first merged into whole periods (PeriodMerger), each sent once it has ended.
 */
import { selectsSeries } from '@shared/monitor/series';
import type { MonitorSample } from '@shared/rpc/agentApi';
import { AGENT_TOPICS, type AgentTopicParams } from '@shared/rpc/events';
import { defineTopic, type AnyTopicSpec } from '../rpc/dispatcher';
import type { Monitor } from './monitor';
import { PeriodMerger, SampleMerger } from './sampleMerger';

function select(s: MonitorSample, series: readonly string[] | undefined): MonitorSample {
  if (!series) return s;
  const values: Record<string, number> = {};
  for (const [id, v] of Object.entries(s.values)) if (selectsSeries(series, id)) values[id] = v;
  return { ...s, values };
}

export function monitorTopic(monitor: Pick<Monitor, 'latest' | 'listen'>): AnyTopicSpec {
  return defineTopic<AgentTopicParams<'monitor'>, MonitorSample>({
    description: 'Server and engine series, one sample per second; merged into coarser items while the client has no credit.',
    filter: AGENT_TOPICS.monitor.params,
    item: AGENT_TOPICS.monitor.item,
    // Items wait here only between a push and the write; the merger does the waiting.
    bufferItems: 2,
    open(filter, sink) {
      const merger = new SampleMerger();
      const period = new PeriodMerger(filter.stepSec ?? 1);
      const first = monitor.latest();
      if (first) merger.add(select(first, filter.series));
      const deliver = () => {
        if (sink.demand <= 0 || merger.empty) return;
        const item = merger.take();
        if (item) sink.push([item]);
      };
      deliver();
      // Before the subscribe response there is no demand: the latest sample goes out on activation.
      sink.onDemand(deliver);
      const stop = monitor.listen((s) => {
        if (sink.signal.aborted) return;
        for (const done of period.add(select(s, filter.series))) merger.add(done);
        deliver();
      });
      sink.signal.addEventListener('abort', stop, { once: true });
      return stop;
    },
  });
}
