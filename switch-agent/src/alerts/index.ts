// The alerts' wiring, kept here so serve.ts only calls startAlerts().
import type { Database } from 'better-sqlite3';
import type { AlertRule } from '@shared/model/alertRule';
import type { AGENT_METHODS, MonitorSample } from '@shared/rpc/agentApi';
import type { HandlerMap, TopicMap } from '../rpc/dispatcher';
import type { Sampler } from '../monitor/types';
import { AlertEngine } from './alertEngine';
import { alertHandlers } from './alertHandlers';
import { alertsTopic } from './alertsTopic';
import { AlertStore, type AlertLog } from './alertStore';

export { ALERT_MIGRATIONS } from './migrations';
export { AlertEngine } from './alertEngine';
export { AlertStore } from './alertStore';

export interface RunningAlerts {
  handlers: HandlerMap<Pick<typeof AGENT_METHODS, 'alerts.list' | 'alerts.acknowledge'>>;
  topics: TopicMap;
  /** The configuration changed: rules are read again. */
  configChanged(): void;
  stop(): void;
}

/** Judges the monitor's samples against the rules of the current configuration. */
export function startAlerts(opts: {
  db: Database;
  rules: () => readonly AlertRule[] | undefined;
  /** The monitor's sample feed; returns the unsubscribe. */
  listen: (cb: (s: MonitorSample) => void) => () => void;
  log: AlertLog;
  now?: () => number;
}): RunningAlerts {
  const engine = new AlertEngine(opts.rules(), { store: new AlertStore(opts.db), log: opts.log, now: opts.now ?? Date.now });
  const off = opts.listen((s) => engine.observe(s));
  return {
    handlers: alertHandlers(engine),
    topics: { alerts: alertsTopic(engine) },
    configChanged: () => engine.setRules(opts.rules()),
    stop: off,
  };
}

/** `agent.storage.problems`: how many databases the agent cannot write now (engine.status lists them). */
export function storageSampler(problems: () => number): Sampler {
  return { name: 'storage', sample: () => ({ 'agent.storage.problems': problems() }) };
}
