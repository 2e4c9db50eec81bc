/**
 * Call record search and statistics (PROTOCOL.md §6.6): the `cdr.*` methods. Kept apart from agentApi.ts so the
 * call-record contract reads as one piece; agentApi.ts spreads CDR_METHODS into its table.
 */
import { z } from 'zod';
import { GatewayNameSchema } from '../model/names';
import type { RpcErrorCode } from './errors';

export const CDR_LIMITS = {
  maxPageRows: 1000,
  defaultPageRows: 200,
  /** Widest time range of one search. */
  maxRangeDays: 93,
} as const;

const EpochMsSchema = z.number().int('must be a whole number of milliseconds').min(0, 'must be 0 or more');
const NumberText = z.string().min(1, 'must not be empty').max(64, 'at most 64 characters');

/**
 * answered: a 2xx final answer. failed: the call got a final failure (SIP code) or none.
 * refused: the switch refused it before routing (reason in words; no dialog was made).
 */
export const CdrResultSchema = z.enum(['answered', 'failed', 'refused']);
export type CdrResult = z.infer<typeof CdrResultSchema>;

/**
 * Who or what ended an answered call: a BYE from either party, or the switch when a duration
 * limit, a session timer (refreshes stopped) or an administrator's hangup ended it, with a BYE to
 * both legs.
 */
export const CALL_END_CAUSES = ['caller', 'callee', 'duration-limit', 'session-timer', 'no-ack', 'admin'] as const;
export const CallEndCauseSchema = z.enum(CALL_END_CAUSES);
export type CallEndCause = z.infer<typeof CallEndCauseSchema>;

/**
 * The furthest provisional reply a gateway attempt got (index = the script's phase number): none,
 * 100 Trying, 180 Ringing, 183 Session Progress. With a 408 it names the timer that fired.
 */
export const CDR_ATTEMPT_PHASES = ['none', 'trying', 'ringing', 'progress'] as const;
export type CdrAttemptPhase = (typeof CDR_ATTEMPT_PHASES)[number];

/** One routing gateway tried for the call, in the order tried. */
export const CdrAttemptSchema = z.strictObject({
  gateway: z.string().max(128),
  /** host:port the INVITE went to. */
  address: z.string().max(300),
  /** Its final reply: 408 when the switch's own timer ended it, 487 when the caller cancelled. */
  code: z.number().int().min(100).max(699),
  /** When the INVITE was sent and when the attempt ended, ms since the epoch. */
  startMs: EpochMsSchema,
  endMs: EpochMsSchema,
  /** Absent for records made before it was kept. */
  lastReply: z.enum(CDR_ATTEMPT_PHASES).optional(),
  /** When its first 18x (ringing or session progress) came, ms since the epoch; null when none came; absent for records made before it was kept. */
  ringMs: EpochMsSchema.nullable().optional(),
});
export type CdrAttemptWire = z.infer<typeof CdrAttemptSchema>;

export const CdrRecordSchema = z.strictObject({
  id: z.number().int().min(1),
  /** When the INVITE came (ms since the epoch; whole seconds for records made before ms were kept). */
  startedAt: EpochMsSchema,
  /** When it was answered; null when it was not (or for records made before this was kept). */
  answeredAt: EpochMsSchema.nullable().default(null),
  /** When the caller got its first 18x (ringing or session progress); null when none came or for records made before this was kept. */
  ringingAt: EpochMsSchema.nullable().default(null),
  /**
   * Post-dial delay in ms: from the INVITE to the first 18x, or to the answer when no 18x came.
   * null when the call neither rang nor was answered, or for records made before this was kept.
   */
  pddMs: z.number().int().min(0).nullable().default(null),
  /** When it ended: the BYE, or the final failure reply of an unanswered call. */
  endedAt: EpochMsSchema,
  durationSec: z.number().min(0),
  callId: z.string().max(1024),
  caller: z.string().max(256).nullable(),
  callee: z.string().max(256).nullable(),
  mappingGateway: z.string().max(128).nullable(),
  routingGateway: z.string().max(128).nullable(),
  routingAddress: z.string().max(300).nullable(),
  /** Source of the INVITE, ip:port. */
  source: z.string().max(64).nullable(),
  sipCode: z.number().int().min(100).max(699).nullable(),
  result: CdrResultSchema,
  /** Why the switch refused the call, in words (refused records only). */
  reason: z.string().max(256).nullable(),
  /** Who or what ended the answered call; null when unanswered or recorded before this existed. */
  endedBy: CallEndCauseSchema.nullable().default(null),
  /** Every routing gateway tried, in order (empty for refused calls and older records). */
  attempts: z.array(CdrAttemptSchema).max(64).default([]),
});
export type CdrRecordWire = z.infer<typeof CdrRecordSchema>;

/** `to` after `from`, at most `maxDays` apart; the problem is reported on `to`. */
function checkRange(maxDays: number) {
  return (p: { from: number; to: number }, ctx: z.RefinementCtx) => {
    if (p.to <= p.from) ctx.addIssue({ code: 'custom', message: 'must be later than from', path: ['to'] });
    else if (p.to - p.from > maxDays * 86_400_000) ctx.addIssue({ code: 'custom', message: `the range may span at most ${maxDays} days`, path: ['to'] });
  };
}

export const CdrSearchParamsSchema = z
  .strictObject({
    /** Calls that started at or after this time (ms since the epoch)… */
    from: EpochMsSchema,
    /** …and before this one. */
    to: EpochMsSchema,
    /** Exact caller number. */
    caller: NumberText.optional(),
    /** Exact callee number. */
    callee: NumberText.optional(),
    /** Calls that came in through (mapping) or went out to (routing) this gateway. */
    gateway: GatewayNameSchema.optional(),
    result: CdrResultSchema.optional(),
    /** Answered calls ended this way. */
    endedBy: CallEndCauseSchema.optional(),
    sipCode: z.number().int('must be a whole number').min(100, 'must be a SIP code 100–699').max(699, 'must be a SIP code 100–699').optional(),
    minDurationSec: z.number().min(0, 'must be 0 or more').optional(),
    maxDurationSec: z.number().min(0, 'must be 0 or more').optional(),
    limit: z.number().int('must be a whole number').min(1, 'must be 1–1000').max(CDR_LIMITS.maxPageRows, 'must be 1–1000').default(CDR_LIMITS.defaultPageRows),
    /** nextCursor of the previous page. */
    cursor: z.string().max(64).optional(),
  })
  .superRefine(checkRange(CDR_LIMITS.maxRangeDays))
  .refine((p) => p.minDurationSec === undefined || p.maxDurationSec === undefined || p.minDurationSec <= p.maxDurationSec, { message: 'must not be less than minDurationSec', path: ['maxDurationSec'] });
export type CdrSearchParams = z.output<typeof CdrSearchParamsSchema>;

export const CDR_STATS_LIMITS = {
  /** Statistics read every record of the range (a search stops after a page), so the range is shorter. */
  maxRangeDays: 31,
  /** Failure codes listed per gateway, most frequent first. */
  topCodes: 5,
} as const;

/** Group by the gateway calls came in through (mapping) or went out to (routing). */
export const CdrStatsSideSchema = z.enum(['routing', 'mapping']);
export type CdrStatsSide = z.infer<typeof CdrStatsSideSchema>;

export const CdrStatsParamsSchema = z
  .strictObject({
    /** Calls that started at or after this time (ms since the epoch)… */
    from: EpochMsSchema,
    /** …and before this one. */
    to: EpochMsSchema,
    side: CdrStatsSideSchema,
    /** Only this gateway (on `side`). */
    gateway: GatewayNameSchema.optional(),
  })
  .superRefine(checkRange(CDR_STATS_LIMITS.maxRangeDays));
export type CdrStatsParams = z.output<typeof CdrStatsParamsSchema>;

const CountSchema = z.number().int().min(0);

export const CdrGatewayStatsSchema = z.strictObject({
  /** null: calls with no gateway on this side (refused before routing, or from an unknown source). */
  gateway: z.string().max(128).nullable(),
  /**
   * answered + failed + refused. Mapping side: every call once. Routing side: every gateway a
   * call tried, once each with that attempt's reply, and a call that tried none once.
   */
  attempts: CountSchema,
  answered: CountSchema,
  failed: CountSchema,
  refused: CountSchema,
  /** Answer-seizure ratio, answered / attempts (0–1). */
  asr: z.number().min(0).max(1),
  /** Average talk time of answered calls in seconds; null when none was answered. */
  acdSec: z.number().min(0).nullable(),
  /**
   * Average time from the INVITE to the answer (ringing included) in ms; null without answered
   * calls that have ms times. On the routing side from the INVITE sent to that gateway.
   */
  answerDelayMs: z.number().nullable(),
  /**
   * Average post-dial delay in ms: INVITE to the first 18x, or to the answer when no 18x came.
   * Routing side: per attempt, from the INVITE sent to that gateway to its first 18x (or its
   * answer); mapping side: per call, from the caller's INVITE to the first 18x the caller got.
   * Calls (attempts) that neither rang nor were answered, and records made before ring times were
   * kept, are left out; null when none is left.
   */
  pddMs: z.number().nullable(),
  /** The most frequent final codes of calls not answered (failed and refused), most first. */
  failureCodes: z.array(z.strictObject({ code: z.number().int().min(100).max(699), count: z.number().int().min(1) })).max(CDR_STATS_LIMITS.topCodes),
});
export type CdrGatewayStats = z.infer<typeof CdrGatewayStatsSchema>;

interface CdrMethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  readonly mutating: boolean;
  readonly errors: readonly RpcErrorCode[];
  readonly description: string;
}

export const CDR_METHODS = {
  'cdr.search': {
    params: CdrSearchParamsSchema,
    result: z.strictObject({
      records: z.array(CdrRecordSchema),
      /** Pass as `cursor` with the same filter for the next (older) page; null after the last. */
      nextCursor: z.string().max(64).nullable(),
    }),
    mutating: false,
    errors: ['VALIDATION_FAILED'],
    description: 'Call records newest first over a time range, filtered by numbers, gateway, result, SIP code and duration; keyset pages.',
  },
  'cdr.stats': {
    params: CdrStatsParamsSchema,
    result: z.strictObject({
      /** Most attempts first. */
      gateways: z.array(CdrGatewayStatsSchema),
    }),
    mutating: false,
    errors: [],
    description: 'Per-gateway call statistics over a time range: attempts, answered, failed, refused, ASR, ACD, time to answer, post-dial delay and the top failure codes.',
  },
} as const satisfies Record<string, CdrMethodSpec>;
