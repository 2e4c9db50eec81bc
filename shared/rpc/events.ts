/**
 * What the agent pushes without being asked. Events (`event` frames) go to every connection;
 * topics are opened with the connection's `subscribe` (params below) and stream `data` frames of
 * the item schema under credit-based flow control (PROTOCOL.md §6).
 */
import { z } from 'zod';
import { HashSchema, RevisionSchema } from '../model/snapshot';
import { CallChangeSchema, CallsTopicParamsSchema } from './callsApi';
import { TraceItemSchema, TraceTopicParamsSchema } from './traceApi';
import { AlertsTopicItemSchema, AlertsTopicParamsSchema } from './alertsApi';
import { SeriesSelectorSchema } from '../monitor/series';
import { AuthorSchema, EngineStatusSchema, MonitorSampleSchema, RevisionKindSchema, RevisionStatusSchema } from './agentApi';

export const AGENT_EVENTS = {
  /** A revision was recorded, confirmed or rolled back. */
  'config.changed': z.strictObject({
    revision: RevisionSchema,
    hash: HashSchema,
    author: AuthorSchema,
    kind: RevisionKindSchema,
    status: RevisionStatusSchema,
  }),
  /** An engine changed state (started, failed, restarted). */
  'engine.state': EngineStatusSchema,
} as const satisfies Record<string, z.ZodType>;

export type AgentEventName = keyof typeof AGENT_EVENTS;
export type AgentEventPayload<E extends AgentEventName> = z.output<(typeof AGENT_EVENTS)[E]>;

/** Milliseconds since the Unix epoch: items are frequent, so a number rather than ISO text. */
const EpochMsSchema = z.number().int().min(0);

export const EndpointSchema = z.strictObject({ ip: z.string().max(45), port: z.number().int().min(0).max(65535) });

export const AGENT_TOPICS = {
  /**
   * Server and engine series (shared/monitor/series.ts), one sample per second. A client short of
   * credit is sent fewer, coarser items: the seconds it could not take are merged into one item
   * (`step` > 1, average in `values`, extremes in `min`/`max`), so the agent holds at most one
   * pending merge per subscription whatever the client's speed.
   */
  monitor: {
    params: z.strictObject({
      /** Series ids, or prefixes ending in "*" ("gw.routing.*"); default: all. */
      series: z.array(SeriesSelectorSchema).max(500).optional(),
      /**
       * Seconds per item (default 1): the agent merges each whole period of this many seconds
       * (aligned to the epoch) into one item, sent when the period ends. A fleet overview's
       * sparklines need one point per 15 s, not per second.
       */
      stepSec: z.number().int().min(1).max(3600).optional(),
    }),
    item: MonitorSampleSchema,
  },
  /** The messages of a trace session (trace.start): those held, then live; ends when the session stops. */
  trace: {
    params: TraceTopicParamsSchema,
    item: TraceItemSchema,
  },
  /**
   * Alerts (PROTOCOL.md §6.4): every pending or firing alert at once, then each change. While the
   * client has no credit, changes are merged per alert (the latest state wins), so the agent holds
   * at most one item per alert whatever the client's speed.
   */
  alerts: {
    params: AlertsTopicParamsSchema,
    item: AlertsTopicItemSchema,
  },
  /** Current calls: the full set, then changes (PROTOCOL.md §6.5). */
  calls: {
    params: CallsTopicParamsSchema,
    item: CallChangeSchema,
  },
  /** Log lines of the agent and the engines. */
  logs: {
    params: z.strictObject({
      sources: z.array(z.enum(['agent', 'kamailio', 'rtpengine'])).optional(),
      minLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
      /** Only entries newer than this (ms since the epoch): how a client resumes after a reconnect without repeats. */
      after: EpochMsSchema.optional(),
    }),
    item: z.strictObject({
      t: EpochMsSchema,
      level: z.enum(['debug', 'info', 'warn', 'error']),
      source: z.string().max(64),
      text: z.string(),
    }),
  },
} as const satisfies Record<string, { params: z.ZodType; item: z.ZodType }>;

export type AgentTopic = keyof typeof AGENT_TOPICS;
export type AgentTopicParams<T extends AgentTopic> = z.output<(typeof AGENT_TOPICS)[T]['params']>;
export type AgentTopicParamsInput<T extends AgentTopic> = z.input<(typeof AGENT_TOPICS)[T]['params']>;
export type AgentTopicItem<T extends AgentTopic> = z.output<(typeof AGENT_TOPICS)[T]['item']>;
export const AGENT_TOPIC_NAMES = Object.keys(AGENT_TOPICS) as AgentTopic[];
export const AGENT_EVENT_NAMES = Object.keys(AGENT_EVENTS) as AgentEventName[];
