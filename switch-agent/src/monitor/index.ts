// The monitor's wiring, kept here so serve.ts only calls startMonitor().
import type { Database } from 'better-sqlite3';
import type { HandlerMap, TopicMap } from '../rpc/dispatcher';
import type { AGENT_METHODS, MonitorSample } from '@shared/rpc/agentApi';
import type { ConfigSnapshot } from '@shared/model';
import type { AgentConfig } from '../config/agentConfig';
import { systemClock } from '../engine/clock';
import type { KamailioEngineDriver } from '../engine';
import { GatewaySampler } from './gatewaySampler';
import { KamailioSampler, type GatewayLimits } from './kamailioSampler';
import { Monitor, type MonitorLog } from './monitor';
import { monitorHandlers } from './monitorHandlers';
import { monitorTopic } from './monitorTopic';
import { nodeProcFs } from './nodeProcFs';
import { RollupStore } from './rollupStore';
import { RtpengineSampler } from './rtpengineSampler';
import { SystemSampler } from './systemSampler';
import type { Sampler } from './types';

export { MONITOR_MIGRATIONS } from './migrations';
export { Monitor } from './monitor';

const DAY = 86_400_000;

export interface RunningMonitor {
  handlers: HandlerMap<Pick<typeof AGENT_METHODS, 'monitor.snapshot' | 'monitor.history'>>;
  topics: TopicMap;
  /** Stops sampling and stores the open rollup buckets; call before closing the database. */
  stop(): void;
  /** The configuration changed (gateway limits are read again). */
  configChanged(): void;
  /** Every sample as it is taken (the alert rules judge them); returns the unsubscribe. */
  listen(cb: (s: MonitorSample) => void): () => void;
}

/**
 * Gateway limits from the current configuration, read again only after a change: reading the
 * latest revision parses the whole snapshot, too much to do every second.
 */
function cachedLimits(current: () => ConfigSnapshot): { get: () => GatewayLimits; invalidate: () => void } {
  let limits: GatewayLimits | null = null;
  const of = (gws: ReadonlyArray<{ name: string; maxConcurrentCalls: number | null }>) =>
    new Map(gws.flatMap((g) => (g.maxConcurrentCalls ? [[g.name, g.maxConcurrentCalls] as const] : [])));
  return {
    get: () => {
      if (!limits) {
        const s = current();
        limits = { routing: of(s.routingGateways), mapping: of(s.mappingGateways) };
      }
      return limits;
    },
    invalidate: () => {
      limits = null;
    },
  };
}

/** Starts sampling (unless disabled in the settings) and returns what the dispatcher needs. */
export function startMonitor(
  cfg: AgentConfig, db: Database, engine: KamailioEngineDriver | null, current: () => ConfigSnapshot, log: MonitorLog,
  extraSamplers: readonly Sampler[] = [],
): RunningMonitor {
  if (!cfg.monitor.enabled) return { handlers: {}, topics: {}, stop: () => undefined, configChanged: () => undefined, listen: () => () => undefined };
  const limits = cachedLimits(current);
  const samplers: Sampler[] = [new SystemSampler(nodeProcFs), ...extraSamplers];
  if (engine) {
    samplers.push(
      new KamailioSampler(() => {
        try {
          return engine.rpcClient();
        } catch {
          return null;
        }
      }, limits.get),
      new RtpengineSampler(engine.rtpengineControl),
      new GatewaySampler(db),
    );
  }
  const monitor = new Monitor({
    samplers,
    clock: systemClock,
    store: new RollupStore(db, cfg.monitor.maxStoredSeries),
    log,
    ringSize: cfg.monitor.ringSeconds,
    minuteRetentionMs: cfg.monitor.minuteRetentionDays * DAY,
    hourRetentionMs: cfg.monitor.hourRetentionDays * DAY,
  });
  monitor.start();
  return {
    handlers: monitorHandlers(monitor),
    topics: { monitor: monitorTopic(monitor) },
    stop: () => monitor.stop(),
    configChanged: limits.invalidate,
    listen: (cb) => monitor.listen(cb),
  };
}
