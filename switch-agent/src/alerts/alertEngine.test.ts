import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AlertRuleSchema, type AlertRuleInput } from '@shared/model/alertRule';
import type { Alert } from '@shared/rpc/alertsApi';
import type { MonitorSample } from '@shared/rpc/agentApi';
import type { SubscriptionSink } from '../rpc/dispatcher';
import { runMigrations } from '../store/migrate';
import { AlertEngine } from './alertEngine';
import { alertsTopic } from './alertsTopic';
import { AlertStore } from './alertStore';
import { ALERT_MIGRATIONS } from './migrations';

const silent = { warn: () => undefined };
const sec = (i: number, values: Record<string, number>): MonitorSample => ({ t: i * 1000, step: 1, values });
const rule = (r: AlertRuleInput) => AlertRuleSchema.parse(r);

function db() {
  const d = new Database(':memory:');
  runMigrations(d, ALERT_MIGRATIONS);
  return d;
}

function engine(d: Database.Database, rules: AlertRuleInput[] = [], now = () => 0) {
  const e = new AlertEngine(rules.map(rule), { store: new AlertStore(d), log: silent, now });
  const seen: Alert[] = [];
  e.listen((a) => seen.push(a));
  return { e, seen };
}

describe('AlertEngine', () => {
  it('fires the default engine-down rule from samples and resolves it, keeping the history', () => {
    const d = db();
    const { e, seen } = engine(d);
    for (let i = 0; i < 8; i++) e.observe(sec(i, { 'engine.up': i >= 1 && i <= 6 ? 0 : 1 }));
    expect(seen.map((a) => `${a.rule}:${a.state}@${a.since / 1000}`)).toEqual([
      'engine-down:pending@1', 'engine-down:firing@1', 'engine-down:resolved@1',
    ]);
    expect(seen[1]).toMatchObject({ firedAt: 6000, value: 0, threshold: 1, op: 'below', severity: 'critical' });
    expect(seen[2]).toMatchObject({ resolvedAt: 7000, endedBecause: 'cleared', value: 1, worst: 0 });
    expect(e.list()).toEqual([]);
    expect(e.history(10).alerts.map((a) => a.id)).toEqual([seen[2]!.id]);
  });

  it('a pattern rule raises one alert per instance, and minCalls holds judgement until enough calls ended', () => {
    const { e } = engine(db());
    const values = (calls: number) => ({
      'gw.routing.a.asr': 10, 'gw.routing.a.calls_window': calls,
      'gw.routing.b.asr': 90, 'gw.routing.b.calls_window': 100,
    });
    for (let i = 0; i < 200; i++) e.observe(sec(i, values(5)));
    expect(e.list()).toEqual([]);
    for (let i = 200; i < 400; i++) e.observe(sec(i, values(50)));
    expect(e.list().map((a) => [a.rule, a.series, a.state])).toEqual([['gateway-asr-low', 'gw.routing.a.asr', 'firing']]);
  });

  it('a configured rule replaces its default; disabling it ends its alerts as rule-changed', () => {
    const d = db();
    const { e, seen } = engine(d, [{ name: 'cpu-high', series: 'sys.cpu.total', op: 'above', threshold: 50, forSec: 0 }]);
    e.observe(sec(0, { 'sys.cpu.total': 60 }));
    expect(e.list().map((a) => a.threshold)).toEqual([50]);
    e.setRules([rule({ name: 'cpu-high', enabled: false, series: 'sys.cpu.total', op: 'above', threshold: 50 })]);
    expect(seen.at(-1)).toMatchObject({ state: 'resolved', endedBecause: 'rule-changed' });
    e.observe(sec(1, { 'sys.cpu.total': 99 }));
    expect(e.list()).toEqual([]);
  });

  it('firing alerts and history survive a restart; a cleared condition then resolves the old alert', () => {
    const d = db();
    const first = engine(d).e;
    first.observe(sec(0, { 'agent.storage.problems': 1 }));
    const fired = first.list()[0]!;
    expect(fired.state).toBe('firing');
    first.acknowledge(fired.id, 'alice');

    const { e, seen } = engine(d);
    expect(e.list()).toEqual([{ ...fired, acknowledged: { by: 'alice', at: 0 } }]);
    e.observe(sec(1, { 'agent.storage.problems': 1 }));
    expect(seen).toEqual([]); // still firing: not raised a second time
    e.observe(sec(2, { 'agent.storage.problems': 0 }));
    expect(seen.map((a) => [a.id, a.state])).toEqual([[fired.id, 'resolved']]);
    e.observe(sec(3, { 'agent.storage.problems': 2 }));
    expect(e.list()[0]!.id).toBeGreaterThan(fired.id);
  });

  it('keeps a bounded history, newest first', () => {
    const d = db();
    const e = new AlertEngine([], { store: new AlertStore(d, { kept: 3, days: 30 }), log: silent, now: () => 0 });
    for (let i = 0; i < 10; i++) e.observe(sec(i, { 'agent.storage.problems': i % 2 === 0 ? 1 : 0 }));
    const h = e.history(10);
    expect(h.alerts.map((a) => a.resolvedAt)).toEqual([9000, 7000, 5000]);
    expect(e.history(2).hasMore).toBe(true);
  });
});

describe('alerts topic', () => {
  it('sends active alerts at once and merges changes of one alert while the client has no credit', async () => {
    const { e } = engine(db(), [{ name: 'hot', series: 'sys.cpu.total', op: 'above', threshold: 50, forSec: 1 }]);
    e.observe(sec(0, { 'sys.cpu.total': 60 })); // pending
    const pushed: Alert[] = [];
    let credit = 0;
    let onDemand = () => undefined as void;
    const sink: SubscriptionSink<Alert> = {
      push: (items) => { pushed.push(...items); credit -= items.length; },
      end: () => undefined,
      skip: () => undefined,
      onDemand: (l) => { onDemand = l; },
      signal: new AbortController().signal,
      get demand() { return Math.max(0, credit); },
    };
    const topic = alertsTopic(e);
    await topic.open({}, sink as SubscriptionSink<unknown>, {} as never);
    expect(pushed).toEqual([]);
    e.observe(sec(1, { 'sys.cpu.total': 60 })); // firing
    e.observe(sec(2, { 'sys.cpu.total': 10 })); // resolved
    credit = 10;
    onDemand();
    expect(pushed.map((a) => a.state)).toEqual(['resolved']);
  });
});
