/**
 * The client's view of alerts, pure: the `alerts` topic's items folded into the active set of
 * each server, and the summary the status bar shows across servers.
 */
import { severityRank, type AlertSeverity } from '@shared/model/alertRule';
import type { Alert } from '@shared/rpc/alertsApi';
import { describeSeries } from '@shared/monitor/series';

/** Active (pending or firing) alerts of one server, by id. */
export type ActiveAlerts = ReadonlyMap<number, Alert>;

/** Folds topic items in: a resolved alert leaves the active set, any other state replaces it. */
export function foldAlerts(active: ActiveAlerts, items: readonly Alert[]): ActiveAlerts {
  if (items.length === 0) return active;
  const next = new Map(active);
  for (const a of items) {
    if (a.state === 'resolved') next.delete(a.id);
    else next.set(a.id, a);
  }
  return next;
}

export interface AlertSummary {
  /** Firing alerts (pending ones are not counted: they may still go away). */
  firing: number;
  /** Of those, not yet acknowledged. */
  unacknowledged: number;
  worst: AlertSeverity | null;
  /** The server holding the worst firing alert (the first one, by the given order). */
  worstServer: string | null;
}

export function summarize(byServer: ReadonlyArray<readonly [serverId: string, active: ActiveAlerts]>): AlertSummary {
  const out: AlertSummary = { firing: 0, unacknowledged: 0, worst: null, worstServer: null };
  for (const [serverId, active] of byServer) {
    for (const a of active.values()) {
      if (a.state !== 'firing') continue;
      out.firing++;
      if (!a.acknowledged) out.unacknowledged++;
      if (out.worst === null || severityRank(a.severity) < severityRank(out.worst)) {
        out.worst = a.severity;
        out.worstServer = serverId;
      }
    }
  }
  return out;
}

/** Pending and firing alerts, worst severity first, firing before pending, then oldest first. */
export function sortActive(active: ActiveAlerts): Alert[] {
  const phase = (a: Alert) => (a.state === 'firing' ? 0 : 1);
  return [...active.values()].sort((x, y) => severityRank(x.severity) - severityRank(y.severity) || phase(x) - phase(y) || x.since - y.since);
}

/**
 * What an alert is about, in words: the series' catalog label and the instance (a gateway, a
 * disk) when the rule watches a pattern, e.g. "Answer-seizure ratio … — gw-a".
 */
export function alertSubject(series: string): { label: string; instance: string | null } {
  const spec = describeSeries(series);
  if (!spec) return { label: series, instance: null };
  const slot = spec.id.indexOf('{name}');
  if (slot < 0) return { label: spec.label, instance: null };
  const suffix = spec.id.length - slot - '{name}'.length;
  return { label: spec.label, instance: series.slice(slot, series.length - suffix) };
}

/** A value with the series' unit, short: "93.5 %", "0", "12.0 MB free". */
export function formatAlertValue(series: string, v: number | null): string {
  if (v === null) return '—';
  const unit = describeSeries(series)?.unit;
  const n = Number.isInteger(v) ? String(v) : v.toFixed(1);
  switch (unit) {
    case 'percent':
      return `${n} %`;
    case 'seconds':
      return `${n} s`;
    case 'per_s':
    case 'packets/s':
      return `${n}/s`;
    case 'bytes':
      return `${(v / 1_048_576).toFixed(1)} MiB`;
    case 'bytes/s':
      return `${(v / 1_048_576).toFixed(1)} MiB/s`;
    default:
      return n;
  }
}
