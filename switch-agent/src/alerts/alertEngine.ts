/**
 * Judges every monitor sample against the alert rules in force (defaults replaced by the
 * configuration's rules), one state machine (./alertMachine.ts) per rule and series instance.
 * Fired alerts are stored as they fire and resolve, so the active list and the history survive a
 * restart; listeners (the `alerts` topic) hear every change.
 */
import { effectiveAlertRules, severityRank, callsWindowSeries, type AlertRule } from '@shared/model/alertRule';
import { ALERT_LIMITS, type Alert } from '@shared/rpc/alertsApi';
import type { MonitorSample } from '@shared/rpc/agentApi';
import { breaches, stepAlert, type Track } from './alertMachine';
import type { AlertLog, AlertStore } from './alertStore';

interface Active {
  track: Track;
  alert: Alert;
}

export interface AlertEngineOptions {
  /** Null: nothing is stored (tests of the logic alone). */
  store: AlertStore | null;
  log: AlertLog;
  now: () => number;
}

const keyOf = (rule: string, series: string) => `${rule}\u0000${series}`;

/** A rule with its series pattern split once: `prefix{name}suffix`, or a fixed id (pattern null). */
interface Compiled {
  rule: AlertRule;
  pattern: { prefix: string; suffix: string } | null;
}

function compile(rule: AlertRule): Compiled {
  const slot = rule.series.indexOf('{name}');
  return { rule, pattern: slot < 0 ? null : { prefix: rule.series.slice(0, slot), suffix: rule.series.slice(slot + '{name}'.length) } };
}

function watches(c: Compiled, id: string): boolean {
  if (!c.pattern) return c.rule.series === id;
  const { prefix, suffix } = c.pattern;
  return id.length > prefix.length + suffix.length && id.startsWith(prefix) && id.endsWith(suffix);
}

/** The series of a sample a rule watches: its id, or every instance of its `{name}` pattern. */
function matching(c: Compiled, ids: readonly string[], values: Readonly<Record<string, number>>): string[] {
  if (!c.pattern) return Object.hasOwn(values, c.rule.series) ? [c.rule.series] : [];
  return ids.filter((id) => watches(c, id));
}

export class AlertEngine {
  private rules: Compiled[] = [];
  private readonly active = new Map<string, Active>();
  private readonly listeners = new Set<(a: Alert) => void>();
  private nextId: number;
  private warnedCap = false;

  constructor(
    configured: readonly AlertRule[] | undefined,
    private readonly o: AlertEngineOptions,
  ) {
    this.nextId = (o.store?.maxId() ?? 0) + 1;
    // Alerts that were firing when the agent stopped go on firing until a sample clears them.
    for (const a of o.store?.firing() ?? []) {
      const track: Track = { phase: 'firing', since: a.since, firedAt: a.firedAt, clearSince: null, value: a.value, worst: a.worst };
      this.active.set(keyOf(a.rule, a.series), { track, alert: a });
    }
    this.setRules(configured);
  }

  /** The configuration changed: alerts of rules removed, disabled or now watching other series end. */
  setRules(configured: readonly AlertRule[] | undefined): void {
    this.rules = effectiveAlertRules(configured).filter((e) => e.rule.enabled).map((e) => compile(e.rule));
    const byName = new Map(this.rules.map((c) => [c.rule.name, c]));
    const t = this.o.now();
    for (const [key, a] of this.active) {
      const c = byName.get(a.alert.rule);
      const rule = c?.rule;
      if (c && rule && watches(c, a.alert.series)) {
        // Same rule, maybe a new threshold: the next sample judges with it.
        a.alert = { ...a.alert, severity: rule.severity, op: rule.op, threshold: rule.threshold };
        continue;
      }
      this.active.delete(key);
      this.end(a, t, 'rule-changed');
    }
  }

  listen(cb: (a: Alert) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Pending and firing alerts, worst severity first, then oldest first. */
  list(): Alert[] {
    return [...this.active.values()]
      .map((a) => a.alert)
      .sort((x, y) => severityRank(x.severity) - severityRank(y.severity) || x.since - y.since || x.id - y.id);
  }

  history(limit: number): { alerts: Alert[]; hasMore: boolean } {
    return this.o.store?.history(limit) ?? { alerts: [], hasMore: false };
  }

  /**
   * Marks an alert seen; undefined when there is no such alert. Throws what the store throws (the
   * handler answers STORAGE_FAILED), and then nothing changed.
   */
  acknowledge(id: number, by: string): Alert | undefined {
    const acknowledged = { by, at: this.o.now() };
    for (const a of this.active.values()) {
      if (a.alert.id !== id) continue;
      const next = { ...a.alert, acknowledged };
      if (next.state === 'firing') this.o.store?.save(next);
      a.alert = next;
      this.emit(next);
      return next;
    }
    const stored = this.o.store?.get(id);
    if (!stored) return undefined;
    const out = { ...stored, acknowledged };
    this.o.store?.save(out);
    this.emit(out);
    return out;
  }

  /** Judges one sample (the monitor calls this once a second). */
  observe(sample: MonitorSample): void {
    const t = sample.t;
    const ids = Object.keys(sample.values);
    for (const c of this.rules) {
      const rule = c.rule;
      const seen = new Set<string>();
      for (const series of matching(c, ids, sample.values)) {
        seen.add(series);
        // The common case, a value on the good side with no alert open, needs no further work.
        const v = sample.values[series];
        if (v !== undefined && !breaches(rule, v) && !this.active.has(keyOf(rule.name, series))) continue;
        this.step(rule, series, this.observation(rule, series, sample.values), t);
      }
      // Instances that vanished from the sample get "no value": pending ones cancel, firing ones resolve.
      for (const a of [...this.active.values()]) {
        if (a.alert.rule === rule.name && !seen.has(a.alert.series)) this.step(rule, a.alert.series, undefined, t);
      }
    }
  }

  private observation(rule: AlertRule, series: string, values: Readonly<Record<string, number>>): number | undefined {
    const v = values[series];
    if (v === undefined || !Number.isFinite(v)) return undefined;
    if (rule.minCalls > 0) {
      const calls = values[callsWindowSeries(series) ?? ''] ?? 0;
      if (calls < rule.minCalls) return undefined;
    }
    return v;
  }

  private step(rule: AlertRule, series: string, obs: number | undefined, t: number): void {
    const key = keyOf(rule.name, series);
    const current = this.active.get(key);
    if (!current && obs === undefined) return;
    if (!current && this.countOf(rule.name) >= ALERT_LIMITS.activePerRule) {
      if (!this.warnedCap) this.o.log.warn('alerts: too many instances of one rule; more are not tracked', { rule: rule.name, cap: ALERT_LIMITS.activePerRule });
      this.warnedCap = true;
      return;
    }
    const s = stepAlert(rule, current?.track, obs, t);
    if (s.transition === null) {
      if (current && s.track) current.track = s.track;
      if (current) current.alert = { ...current.alert, value: s.track?.value ?? null, worst: s.track?.worst ?? null };
      return;
    }
    if (s.transition === 'cancelled' || s.transition === 'resolved') {
      this.active.delete(key);
      // The alert ends with the value that cleared it (or its last one when no value came).
      if (current) this.end({ ...current, alert: { ...current.alert, value: obs ?? current.alert.value } }, t, s.transition === 'cancelled' ? 'cleared' : s.endedBecause ?? 'cleared');
      return;
    }
    const track = s.track!;
    const alert: Alert = {
      id: current?.alert.id ?? this.nextId++,
      rule: rule.name,
      severity: rule.severity,
      series,
      op: rule.op,
      threshold: rule.threshold,
      state: track.phase,
      since: track.since,
      firedAt: track.firedAt,
      resolvedAt: null,
      endedBecause: null,
      value: track.value,
      worst: track.worst,
      description: rule.description,
      acknowledged: current?.alert.acknowledged ?? null,
    };
    this.active.set(key, { track, alert });
    if (alert.state === 'firing') this.save(alert);
    this.emit(alert);
  }

  /** A pending alert that never fired is reported ended but not kept in the history. */
  private end(a: Active, t: number, why: 'cleared' | 'no-data' | 'rule-changed'): void {
    const out: Alert = { ...a.alert, state: 'resolved', resolvedAt: t, endedBecause: why };
    if (a.alert.firedAt !== null) this.save(out);
    this.emit(out);
  }

  private save(a: Alert): void {
    try {
      this.o.store?.save(a);
    } catch (e) {
      // The alert still shows live; the storage-problem rule reports the database itself.
      this.o.log.warn('alerts: could not store an alert', { id: a.id, error: (e as Error).message });
    }
  }

  private countOf(rule: string): number {
    let n = 0;
    for (const a of this.active.values()) if (a.alert.rule === rule) n++;
    return n;
  }

  private emit(a: Alert): void {
    for (const cb of this.listeners) cb(a);
  }
}
