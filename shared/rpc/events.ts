/**
 * What the agent pushes without being asked. Events (`event` frames) go to every connection;
 * topics are opened with the connection's `subscribe` (params below) and stream `data` frames of
 * the item schema under credit-based flow control (PROTOCOL.md §6).
 */
import { z } from 'zod';
import { HashSchema, RevisionSchema } from '../model/snapshot';
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
    }),
    item: MonitorSampleSchema,
  },
  /** Live SIP messages matching a filter; stops by itself after durationSec or maxMessages. */
  trace: {
    params: z.strictObject({
      ips: z.array(z.string().max(45)).max(32).optional(),
      ports: z.array(z.number().int().min(1).max(65535)).max(32).optional(),
      methods: z.array(z.string().regex(/^[A-Z]{2,16}$/, 'a SIP method in capitals')).max(16).optional(),
      callId: z.string().max(256).optional(),
      /** Caller or callee number contains this. */
      number: z.string().max(64).optional(),
      /** Response classes, e.g. 4 for 4xx. */
      responseClasses: z.array(z.number().int().min(1).max(6)).max(6).optional(),
      /** Plain substring match on the raw message (no regular expressions). */
      text: z.string().max(256).optional(),
      durationSec: z.number().int().min(60).max(1800).default(600),
      maxMessages: z.number().int().min(1).max(100_000).default(10_000),
    }),
    item: z.strictObject({
      t: EpochMsSchema,
      callId: z.string(),
      src: EndpointSchema,
      dst: EndpointSchema,
      proto: z.enum(['udp', 'tcp', 'tls', 'ws', 'wss', 'sctp']),
      raw: z.string(),
    }),
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
