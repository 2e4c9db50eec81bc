import { z } from 'zod';
import { describeSeries } from '../monitor/series';
import { GATEWAY_NAME_PATTERN } from './names';

/**
 * An alert rule: a threshold on one monitor series (shared/monitor/series.ts), held for a while
 * before the alert fires, with hysteresis so a value hovering at the threshold does not flap.
 * Rules are part of the configuration (`alertRules` in the snapshot, `alertRule.upsert|delete`
 * ops), so they are revisioned, audited, confirmed or rolled back like gateways.
 *
 * The switch starts with DEFAULT_ALERT_RULES. A configured rule with a default's name replaces
 * that default (`enabled: false` switches it off); deleting it brings the default back. Like
 * parameters, the configuration holds only what differs from the defaults.
 */

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export const AlertSeveritySchema = z.enum(ALERT_SEVERITIES, { message: 'must be critical, warning or info' });
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

/** Worst first: the order a status bar picks the colour by. */
export function severityRank(s: AlertSeverity): number {
  return ALERT_SEVERITIES.indexOf(s);
}

export const AlertRuleNameSchema = z
  .string()
  .regex(GATEWAY_NAME_PATTERN, 'must be 1–64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit');

/**
 * A series id the agent makes, or a catalog pattern with `{name}` ("gw.routing.{name}.asr"): a
 * pattern watches every instance (each gateway, each disk) and raises one alert per instance.
 */
export const AlertSeriesSchema = z
  .string()
  .min(1, 'choose a series to watch')
  .max(160, 'must be at most 160 characters')
  .refine((id) => describeSeries(id.replace('{name}', 'x')) !== undefined, {
    message: 'is not a series the monitor produces (see the series list in the monitor)',
  });

const seconds = (max: number) =>
  z.number({ message: 'must be a number of seconds' }).int('must be a whole number of seconds').min(0, 'must not be negative').max(max, `must be at most ${max} seconds`);

export const AlertRuleSchema = z
  .strictObject({
    name: AlertRuleNameSchema,
    enabled: z.boolean().default(true),
    severity: AlertSeveritySchema.default('warning'),
    series: AlertSeriesSchema,
    /** above: alert while value > threshold; below: while value < threshold. */
    op: z.enum(['above', 'below'], { message: 'must be above or below' }),
    threshold: z.number({ message: 'must be a number' }).finite('must be a number'),
    /** The condition must hold this long before the alert fires (0: at the first sample). */
    forSec: seconds(86_400).default(60),
    /**
     * The alert clears only once the value is this far back on the good side of the threshold
     * (above: ≤ threshold − hysteresis), so a value hovering at the threshold does not flap.
     */
    hysteresis: z.number({ message: 'must be a number' }).finite('must be a number').min(0, 'must not be negative').default(0),
    /** The clear condition must hold this long before a firing alert resolves. */
    clearForSec: seconds(86_400).default(0),
    /**
     * Gateway series only: judge the gateway only when it has ended at least this many calls in
     * the last 5 minutes (`…calls_window`), so an ASR of 0 % after one failed call is not an alert.
     */
    minCalls: z.number({ message: 'must be a number of calls' }).int('must be a whole number of calls').min(0, 'must not be negative').max(1_000_000, 'must be at most 1000000').default(0),
    /** Shown with the alert; empty: a sentence is made from the rule. */
    description: z.string().max(300, 'must be at most 300 characters').default(''),
  })
  .superRefine((r, ctx) => {
    if (r.minCalls > 0 && !GATEWAY_SERIES.test(r.series)) {
      ctx.addIssue({ code: 'custom', path: ['minCalls'], message: 'applies only to gateway series (gw.routing.… or gw.mapping.…); set it to 0' });
    }
  });
export type AlertRule = z.infer<typeof AlertRuleSchema>;
export type AlertRuleInput = z.input<typeof AlertRuleSchema>;

const GATEWAY_SERIES = /^gw\.(routing|mapping)\./;

/** For a gateway series id, the id of its "calls ended in the window" count; else undefined. */
export function callsWindowSeries(seriesId: string): string | undefined {
  const m = /^(gw\.(?:routing|mapping)\.)(.+)\.[a-z_]+$/.exec(seriesId);
  return m ? `${m[1]}${m[2]}.calls_window` : undefined;
}

const rule = (r: AlertRuleInput): AlertRule => AlertRuleSchema.parse(r);

/**
 * What a switch watches out of the box. Thresholds are the common NOC ones; durations keep one
 * busy second from paging anyone, except where a single event already means harm (a storage
 * failure, calls refused for lack of memory).
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  rule({ name: 'engine-down', severity: 'critical', series: 'engine.up', op: 'below', threshold: 1, forSec: 5, description: 'Kamailio does not answer: calls cannot be set up.' }),
  rule({ name: 'rtpengine-down', severity: 'critical', series: 'rtp.up', op: 'below', threshold: 1, forSec: 5, description: 'rtpengine does not answer: calls lose their media.' }),
  rule({ name: 'storage-problem', severity: 'critical', series: 'agent.storage.problems', op: 'above', threshold: 0, forSec: 0, description: 'A database cannot be written: changes and call records are at risk (see the engine status).' }),
  rule({ name: 'shm-refusals', severity: 'critical', series: 'engine.calls.refused_admission', op: 'above', threshold: 0, forSec: 0, clearForSec: 60, description: 'Calls are refused with 503 because Kamailio\'s shared memory is nearly used up.' }),
  rule({ name: 'media-refusals', severity: 'critical', series: 'engine.calls.refused_media', op: 'above', threshold: 0, forSec: 0, clearForSec: 60, description: 'Calls are refused with 503 because rtpengine cannot anchor their media (out of media ports, or not answering).' }),
  rule({ name: 'media-ports-low', severity: 'warning', series: 'rtp.ports.used_pct', op: 'above', threshold: 90, forSec: 30, hysteresis: 5, description: 'Few free media ports are left; when they run out calls lose media anchoring.' }),
  rule({ name: 'cpu-high', severity: 'warning', series: 'sys.cpu.total', op: 'above', threshold: 90, forSec: 60, hysteresis: 10 }),
  rule({ name: 'memory-high', severity: 'warning', series: 'sys.mem.used_pct', op: 'above', threshold: 90, forSec: 60, hysteresis: 5 }),
  rule({ name: 'disk-space-low', severity: 'critical', series: 'sys.fs.{name}.used_pct', op: 'above', threshold: 90, forSec: 60, hysteresis: 2, description: 'Less than 10 % of a file system is free.' }),
  rule({ name: 'gateway-asr-low', severity: 'warning', series: 'gw.routing.{name}.asr', op: 'below', threshold: 30, forSec: 120, hysteresis: 5, minCalls: 20, description: 'A routing gateway answers few of the calls sent to it.' }),
  rule({ name: 'gateway-down', severity: 'warning', series: 'gw.routing.{name}.up', op: 'below', threshold: 1, forSec: 0, description: 'A routing gateway with OPTIONS probing on stopped answering: calls skip it until it answers again.' }),
  rule({ name: 'gateway-capacity-high', severity: 'warning', series: 'gw.routing.{name}.capacity_pct', op: 'above', threshold: 90, forSec: 60, hysteresis: 5 }),
  rule({ name: 'unauthorised-flood', severity: 'warning', series: 'engine.sip.unauthorized_dropped', op: 'above', threshold: 50, forSec: 30, hysteresis: 10, description: 'Many requests from unknown sources (a scan or an attack).' }),
  rule({ name: 'unauthorised-replied-flood', severity: 'warning', series: 'engine.sip.unauthorized_replied', op: 'above', threshold: 50, forSec: 30, hysteresis: 10, description: 'Many requests from unknown sources answered 403 (a scan or an attack).' }),
];

const DEFAULT_NAMES = new Set(DEFAULT_ALERT_RULES.map((r) => r.name));

export function isDefaultAlertRule(name: string): boolean {
  return DEFAULT_NAMES.has(name);
}

export interface EffectiveAlertRule {
  readonly rule: AlertRule;
  /** default: as shipped; changed: a configured rule replaces the default of that name; custom: configured, no default. */
  readonly origin: 'default' | 'changed' | 'custom';
}

/** The rules in force: the defaults, each replaced by a configured rule of the same name, then custom rules. */
export function effectiveAlertRules(configured: readonly AlertRule[] | undefined): EffectiveAlertRule[] {
  const byName = new Map((configured ?? []).map((r) => [r.name, r]));
  const out: EffectiveAlertRule[] = DEFAULT_ALERT_RULES.map((d) => {
    const c = byName.get(d.name);
    return c ? { rule: c, origin: 'changed' } : { rule: d, origin: 'default' };
  });
  for (const r of configured ?? []) if (!DEFAULT_NAMES.has(r.name)) out.push({ rule: r, origin: 'custom' });
  return out;
}
