/**
 * Alerts (PROTOCOL.md §6.4): the `alerts.*` methods and the `alerts` topic's item. The rules are
 * configuration (shared/model/alertRule.ts, `alertRules` in the snapshot); this file is what the
 * agent reports about them. agentApi.ts spreads ALERT_METHODS into its table and events.ts takes
 * the topic schemas from here.
 */
import { z } from 'zod';
import { AlertRuleNameSchema, AlertSeveritySchema } from '../model/alertRule';
import { SeriesIdSchema } from '../monitor/series';
import type { RpcErrorCode } from './errors';

/** Bounds quoted in PROTOCOL.md. */
export const ALERT_LIMITS = {
  /** Resolved alerts the agent keeps (oldest go first). */
  historyKept: 1000,
  /** Resolved alerts kept at most this long. */
  historyDays: 30,
  /** Alert instances (pending or firing) one rule may hold, e.g. one per gateway. */
  activePerRule: 500,
  defaultHistoryLimit: 100,
  maxHistoryLimit: 1000,
} as const;

const EpochMsSchema = z.number().int().min(0);
export const AlertIdSchema = z.number().int().min(1);

export const AlertStateSchema = z.enum(['pending', 'firing', 'resolved']);
export type AlertState = z.infer<typeof AlertStateSchema>;

/** Why a firing alert ended. */
export const AlertEndSchema = z.enum(['cleared', 'no-data', 'rule-changed']);

export const AlertSchema = z.strictObject({
  id: AlertIdSchema,
  rule: AlertRuleNameSchema,
  severity: AlertSeveritySchema,
  /** The concrete series that crossed the threshold (the rule may name a pattern). */
  series: SeriesIdSchema,
  op: z.enum(['above', 'below']),
  threshold: z.number(),
  state: AlertStateSchema,
  /** When the condition first held (start of pending). */
  since: EpochMsSchema,
  firedAt: EpochMsSchema.nullable(),
  resolvedAt: EpochMsSchema.nullable(),
  endedBecause: AlertEndSchema.nullable(),
  /** The latest value judged, and the worst one seen while active. */
  value: z.number().nullable(),
  worst: z.number().nullable(),
  /** The rule's description when the alert started. */
  description: z.string().max(300),
  acknowledged: z.strictObject({ by: z.string().max(128), at: EpochMsSchema }).nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

interface AlertMethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  readonly mutating: boolean;
  readonly errors: readonly RpcErrorCode[];
  readonly description: string;
}

export const ALERT_METHODS = {
  'alerts.list': {
    params: z.strictObject({
      historyLimit: z.number().int('must be a whole number').min(0, 'must be 0–1000').max(ALERT_LIMITS.maxHistoryLimit, 'must be 0–1000').default(ALERT_LIMITS.defaultHistoryLimit),
    }),
    result: z.strictObject({
      /** Pending and firing alerts, worst severity first, then oldest first. */
      active: z.array(AlertSchema),
      /** Resolved alerts, newest first. */
      history: z.array(AlertSchema),
      hasMoreHistory: z.boolean(),
    }),
    mutating: false,
    errors: [],
    description: 'The alerts now pending or firing, and the most recently resolved ones (kept across agent restarts).',
  },
  'alerts.acknowledge': {
    params: z.strictObject({ id: AlertIdSchema }),
    result: z.strictObject({ alert: AlertSchema }),
    mutating: true,
    errors: ['NOT_FOUND', 'STORAGE_FAILED'],
    description: 'Mark a firing or resolved alert as seen by the calling user; it stays until its condition clears.',
  },
} as const satisfies Record<string, AlertMethodSpec>;

/** The `alerts` topic: every active alert at once, then each change (new, firing, resolved, acknowledged). */
export const AlertsTopicParamsSchema = z.strictObject({});
export const AlertsTopicItemSchema = AlertSchema;
