/**
 * Debug trace sessions (PROTOCOL.md §6.3): the `trace.*` methods and the `trace` topic's filter and
 * item. Kept apart from agentApi.ts so the trace contract reads as one piece; agentApi.ts spreads
 * TRACE_METHODS into its table and events.ts takes the topic schemas from here.
 */
import { z } from 'zod';
import { GatewayNameSchema } from '../model/names';
import { IpAddressSchema, PortSchema } from '../model/net';
import type { RpcErrorCode } from './errors';

/** Limits of trace sessions; quoted in PROTOCOL.md. */
export const TRACE_LIMITS = {
  defaultDurationSec: 600,
  maxDurationSec: 1800,
  defaultMaxMessages: 10_000,
  maxMessages: 100_000,
  /** Sessions a connection may hold (running or stopped, not yet discarded). */
  sessionsPerConnection: 4,
  /** Sessions the agent holds for all connections together. */
  sessionsTotal: 16,
  /** Raw SIP bytes one session keeps; beyond it the oldest messages are let go (counted as evicted). */
  sessionBytes: 8 * 1024 * 1024,
  /** Bytes of one trace.export page (after base64 or JSON escaping), well under the 1 MiB frame. */
  exportPageBytes: 768 * 1024,
} as const;

const methodToken = z.string().regex(/^[A-Z]{2,16}$/, 'must be a SIP method in capitals, e.g. INVITE');

export const TraceFilterSchema = z.strictObject({
  /** Source or destination IP is one of these. */
  ips: z.array(IpAddressSchema).max(16, 'at most 16 addresses').optional(),
  srcIp: IpAddressSchema.optional(),
  dstIp: IpAddressSchema.optional(),
  /** Source or destination port is one of these. */
  ports: z.array(PortSchema).max(16, 'at most 16 ports').optional(),
  srcPort: PortSchema.optional(),
  dstPort: PortSchema.optional(),
  /** Requests with one of these methods, and responses whose CSeq names one of them. */
  methods: z.array(methodToken).max(16, 'at most 16 methods').optional(),
  /** Only responses of these classes (4 = 4xx); requests do not pass this filter. */
  responseClasses: z.array(z.number().int('must be a whole number 1–6').min(1, 'must be 1–6').max(6, 'must be 1–6')).max(6, 'at most 6 classes').optional(),
  callId: z.string().min(1, 'must not be empty').max(256, 'at most 256 characters').optional(),
  /** The caller number (From user part) contains this. */
  caller: z.string().min(1, 'must not be empty').max(64, 'at most 64 characters').optional(),
  /** The callee number (To or request-URI user part) contains this. */
  callee: z.string().min(1, 'must not be empty').max(64, 'at most 64 characters').optional(),
  /** Messages to or from one of this gateway's addresses (routing: host and port; mapping: source IPs). */
  gateway: GatewayNameSchema.optional(),
  /** The raw message contains this text (plain text, not case-sensitive; no regular expressions). */
  text: z.string().min(1, 'must not be empty').max(256, 'at most 256 characters').optional(),
});
export type TraceFilter = z.infer<typeof TraceFilterSchema>;

export const TraceSessionIdSchema = z.string().regex(/^tr-[0-9]{1,12}$/, 'must be a trace session id such as "tr-1"');
const EpochMsSchema = z.number().int().min(0);
const CountSchema = z.number().int().min(0);

export const TraceStopReasonSchema = z.enum(['requested', 'duration', 'max-messages', 'connection-closed', 'agent-stopping']);

export const TraceSessionSchema = z.strictObject({
  sessionId: TraceSessionIdSchema,
  filter: TraceFilterSchema,
  state: z.enum(['running', 'stopped']),
  stopReason: TraceStopReasonSchema.nullable(),
  startedAt: EpochMsSchema,
  /** When it stops by itself (startedAt + durationSec). */
  endsAt: EpochMsSchema,
  maxMessages: z.number().int().min(1),
  /** Messages that matched so far (numbered 0 … matched−1). */
  matched: CountSchema,
  /** Number of the oldest message still held (messages before it were evicted to stay within the byte cap). */
  firstHeld: CountSchema,
  /**
   * Mirrored messages the server's kernel dropped before any filter saw them (the capture
   * socket's buffer was full) while this session ran; they may or may not have matched it.
   */
  lostAtCapture: CountSchema.optional(),
  /** Started by the connection asking. */
  mine: z.boolean(),
});
export type TraceSession = z.infer<typeof TraceSessionSchema>;

const EndpointSchema = z.strictObject({ ip: z.string().max(45), port: z.number().int().min(0).max(65535) });

export const TraceItemSchema = z.strictObject({
  /** Message number in its session, from 0. */
  n: CountSchema,
  /** Capture time, ms since the epoch. */
  t: EpochMsSchema,
  src: EndpointSchema,
  dst: EndpointSchema,
  proto: z.enum(['udp', 'tcp', 'tls', 'sctp', 'other']),
  /** Dialog id in the session ("d1", …): messages sharing a Call-ID. */
  dialog: z.string().max(16),
  /** Transaction id in the session ("t1", …): same Call-ID, CSeq and top Via branch (ACK to a failure joins its INVITE). */
  transaction: z.string().max(16),
  method: z.string().max(32).optional(),
  status: z.number().int().optional(),
  reason: z.string().max(256).optional(),
  callId: z.string().max(256).optional(),
  cseq: z.string().max(64).optional(),
  caller: z.string().max(128).optional(),
  callee: z.string().max(128).optional(),
  /** The message as captured (bytes as UTF-8, invalid bytes replaced). */
  raw: z.string(),
});
export type TraceItem = z.infer<typeof TraceItemSchema>;

export const TraceTopicParamsSchema = z.strictObject({
  sessionId: TraceSessionIdSchema,
  /** start: every message the session holds, then live; now: only new ones. */
  from: z.enum(['start', 'now']).default('start'),
});

const SessionRef = z.strictObject({ sessionId: TraceSessionIdSchema });

interface TraceMethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  readonly mutating: boolean;
  readonly errors: readonly RpcErrorCode[];
  readonly description: string;
}

export const TRACE_METHODS = {
  'trace.start': {
    params: z.strictObject({
      filter: TraceFilterSchema.default({}),
      durationSec: z.number().int('must be a whole number').min(1, 'must be 1–1800').max(TRACE_LIMITS.maxDurationSec, 'must be 1–1800').default(TRACE_LIMITS.defaultDurationSec),
      maxMessages: z.number().int('must be a whole number').min(1, 'must be 1–100000').max(TRACE_LIMITS.maxMessages, 'must be 1–100000').default(TRACE_LIMITS.defaultMaxMessages),
    }),
    result: z.strictObject({ session: TraceSessionSchema }),
    // Switches Kamailio's siptrace and exposes raw SIP (credentials in headers): admin only.
    mutating: true,
    errors: ['VALIDATION_FAILED', 'TOO_MANY_REQUESTS', 'ENGINE_FAILED'],
    description: 'Start a trace session owned by this connection: SIP messages matching the filter are kept until durationSec or maxMessages; read them with the trace topic or trace.export.',
  },
  'trace.stop': {
    params: z.strictObject({ sessionId: TraceSessionIdSchema, discard: z.boolean().default(false) }),
    result: z.strictObject({ session: TraceSessionSchema }),
    mutating: true,
    errors: ['NOT_FOUND'],
    description: 'Stop one of this connection\'s sessions; its messages stay exportable until discard or the connection closes.',
  },
  'trace.list': {
    params: z.strictObject({}),
    result: z.strictObject({ sessions: z.array(TraceSessionSchema) }),
    mutating: false,
    errors: [],
    description: 'Every trace session the agent holds, of all connections.',
  },
  'trace.export': {
    params: SessionRef.extend({
      format: z.enum(['pcap', 'text']),
      /** Message number to start at (default: the oldest held). */
      from: CountSchema.optional(),
    }),
    result: z.strictObject({
      format: z.enum(['pcap', 'text']),
      /** pcap: base64; the first page starts with the pcap file header, so pages joined in order are one file. text: plain text. */
      data: z.string(),
      from: CountSchema,
      /** Messages in this page (for pcap: records written plus messages skipped). */
      count: CountSchema,
      /** Messages that could not be written as pcap (not UDP); named in the text format only. */
      skipped: CountSchema,
      /** Ask again with from = nextFrom; null when this page reached the last held message. */
      nextFrom: CountSchema.nullable(),
    }),
    mutating: true,
    errors: ['NOT_FOUND'],
    description: 'The held messages of a session as pcap (IPv4/IPv6 + UDP, for Wireshark, tshark, sngrep) or text, in pages under the frame limit.',
  },
} as const satisfies Record<string, TraceMethodSpec>;
