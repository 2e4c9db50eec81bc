/**
 * Current calls (PROTOCOL.md §6.5): the `calls.*` methods and the `calls` topic's items. Kept apart
 * from agentApi.ts so the live-calls contract reads as one piece; agentApi.ts spreads CALLS_METHODS
 * into its table and events.ts takes the topic schemas from here.
 */
import { z } from 'zod';
import { GatewayNameSchema } from '../model/names';
import type { RpcErrorCode } from './errors';

export const CALLS_LIMITS = {
  /** Rows of one calls.list page. */
  maxPageRows: 1000,
  /** calls.list asks rtpengine about at most this many calls of a page (one ng query each). */
  maxMediaRows: 50,
} as const;

const EpochMsSchema = z.number().int().min(0);

/** A dialog's state as Kamailio's dialog module keeps it. */
export const CallStateSchema = z.enum(['setup', 'ringing', 'answered', 'ending']);
export type CallState = z.infer<typeof CallStateSchema>;

/** One media stream of a call leg, as rtpengine relays it. */
export const MediaStreamSchema = z.strictObject({
  /** 'rtp' or 'rtcp'. */
  kind: z.enum(['rtp', 'rtcp']),
  /** rtpengine's own address:port for this stream. */
  local: z.string().max(64),
  /** Where rtpengine sends to / hears from (the far end), address:port; null before it is known. */
  remote: z.string().max(64).nullable(),
  packets: z.number().int().min(0),
  bytes: z.number().int().min(0),
  errors: z.number().int().min(0),
});

export const CallLegMediaSchema = z.strictObject({
  leg: z.enum(['caller', 'callee']),
  streams: z.array(MediaStreamSchema).max(8),
});

const MediaCountsSchema = z.strictObject({ packets: z.number().int().min(0), bytes: z.number().int().min(0), errors: z.number().int().min(0) });

export const CallMediaSchema = z.strictObject({
  /** When rtpengine was asked. */
  at: EpochMsSchema,
  legs: z.array(CallLegMediaSchema).max(4),
  /** RTP relayed for the call, both directions. */
  rtp: MediaCountsSchema,
  /** Worst packet loss (percent) in the RTCP reports rtpengine read; null without RTCP. */
  lossPct: z.number().min(0).max(100).nullable(),
  /** Worst jitter (ms) in those reports; null without RTCP. */
  jitterMs: z.number().min(0).nullable(),
});
export type CallMedia = z.infer<typeof CallMediaSchema>;

export const CallSchema = z.strictObject({
  /** The dialog's id in Kamailio ("<h_entry>:<h_id>"): what calls.hangup takes. */
  id: z.string().regex(/^\d{1,10}:\d{1,10}$/),
  callId: z.string().max(1024),
  caller: z.string().max(256),
  callee: z.string().max(256),
  /** The mapping gateway the call came from; null for a call the agent cannot place. */
  mappingGateway: z.string().max(128).nullable(),
  /** The routing gateway the call went to (the last one tried); null before routing. */
  routingGateway: z.string().max(128).nullable(),
  /** host:port the call went to. */
  routingAddress: z.string().max(300).nullable(),
  /** Source address of the INVITE, ip:port. */
  source: z.string().max(64).nullable(),
  state: CallStateSchema,
  /** Codec of the answer: the first rtpmap of the 200's SDP ("PCMU/8000"), or the first payload type's name; null before an answer with SDP. */
  codec: z.string().max(64).nullable(),
  startedAt: EpochMsSchema,
  /** null until answered. */
  answeredAt: EpochMsSchema.nullable(),
  /** Media, only when the answer asked rtpengine (calls.get, calls.list withMedia); null when rtpengine does not know the call. */
  media: CallMediaSchema.nullable().optional(),
});
export type Call = z.infer<typeof CallSchema>;

export const CallSortSchema = z.enum(['startedAt', 'duration', 'caller', 'callee', 'mappingGateway', 'routingGateway', 'state']);

export const CallFilterSchema = z.strictObject({
  /** Calls through this gateway, in (mapping) or out (routing). */
  gateway: GatewayNameSchema.optional(),
  /** Caller or callee number contains this (digits, '+', '*', '#'). */
  number: z.string().min(1, 'must not be empty').max(64, 'at most 64 characters').optional(),
  /** Answered at least this many seconds ago. */
  minDurationSec: z.number().int('must be a whole number of seconds').min(0, 'must be 0 or more').optional(),
  /** Answered at most this many seconds ago (calls not answered count as 0). */
  maxDurationSec: z.number().int('must be a whole number of seconds').min(0, 'must be 0 or more').optional(),
  states: z.array(CallStateSchema).min(1).max(4).optional(),
});
export type CallFilter = z.infer<typeof CallFilterSchema>;

/** Answered calls and all calls of one gateway, for the totals row. */
export const GatewayCallTotalsSchema = z.strictObject({
  gateway: z.string().max(128),
  side: z.enum(['mapping', 'routing']),
  calls: z.number().int().min(0),
  answered: z.number().int().min(0),
});
export type GatewayCallTotals = z.infer<typeof GatewayCallTotalsSchema>;

/**
 * An item of the `calls` topic. `call`: a call appeared or changed; `gone`: it ended; `synced`:
 * everything before it describes the calls Kamailio held at `t` (sent after the first full set
 * and after each later round of changes). While the client has no credit the agent keeps only
 * the latest change of each call, so a slow client gets fewer items and never a stale order.
 */
export const CallChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('call'), call: CallSchema }),
  z.strictObject({ kind: z.literal('gone'), id: CallSchema.shape.id, callId: z.string().max(1024) }),
  z.strictObject({ kind: z.literal('synced'), t: EpochMsSchema, calls: z.number().int().min(0) }),
]);
export type CallChange = z.infer<typeof CallChangeSchema>;

export const CallsTopicParamsSchema = z.strictObject({});

interface CallsMethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  readonly mutating: boolean;
  readonly errors: readonly RpcErrorCode[];
  readonly description: string;
}

const CallRefSchema = z.strictObject({ id: CallSchema.shape.id });

export const CALLS_METHODS = {
  'calls.list': {
    params: z.strictObject({
      filter: CallFilterSchema.default({}),
      sort: z.strictObject({ by: CallSortSchema, dir: z.enum(['asc', 'desc']) }).default({ by: 'startedAt', dir: 'desc' }),
      offset: z.number().int('must be a whole number').min(0, 'must be 0 or more').default(0),
      limit: z.number().int('must be a whole number').min(1, 'must be 1–1000').max(CALLS_LIMITS.maxPageRows, 'must be 1–1000').default(100),
      /** Ask rtpengine about the page's calls (at most 50 of them; the rest get no media). */
      withMedia: z.boolean().default(false),
    }),
    result: z.strictObject({
      /** When Kamailio was read. */
      at: EpochMsSchema,
      /** Calls matching the filter (all pages). */
      total: z.number().int().min(0),
      calls: z.array(CallSchema),
      /** Per gateway over the matching calls. */
      gateways: z.array(GatewayCallTotalsSchema),
    }),
    mutating: false,
    errors: ['ENGINE_FAILED'],
    description: 'Calls Kamailio holds now, filtered, sorted and paged, with totals per gateway.',
  },
  'calls.get': {
    params: CallRefSchema,
    result: z.strictObject({ call: CallSchema }),
    mutating: false,
    errors: ['NOT_FOUND', 'ENGINE_FAILED'],
    description: 'One current call with its media from rtpengine (codecs, addresses, packets, loss).',
  },
  'calls.hangup': {
    params: CallRefSchema,
    result: z.strictObject({ call: CallSchema }),
    mutating: true,
    errors: ['NOT_FOUND', 'ENGINE_FAILED'],
    description: "End a current call: Kamailio's dialog module sends BYE to both legs. Recorded in the audit.",
  },
} as const satisfies Record<string, CallsMethodSpec>;
