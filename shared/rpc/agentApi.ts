/**
 * The switch-agent's methods (PROTOCOL.md): one table of zod schemas. Both ends validate against
 * it; the dispatcher refuses `mutating` methods on the view socket. `hello`, `subscribe` and
 * `unsubscribe` belong to the connection (frames.ts / protocol.ts), not to this table; event and
 * topic payloads are in ./events.
 */
import { z } from 'zod';
import { legacySnapshotHash, snapshotHash } from '../config/hash';
import { ConflictSchema, FieldChangeSchema, FieldErrorSchema } from '../model/fieldPath';
import { ConfigOpListSchema, ConfigOpWireListSchema } from '../model/ops';
import { ConfigSnapshotWireSchema, HashSchema, RevisionSchema } from '../model/snapshot';
import { SeriesIdSchema, SeriesSelectorSchema } from '../monitor/series';
import type { RpcErrorCode } from './errors';
import { CALLS_METHODS } from './callsApi';
import { CDR_METHODS } from './cdrApi';
import { GATEWAY_METHODS } from './gatewaysApi';
import { OUTBOUND_REGISTRATION_METHODS } from './outboundRegistrationsApi';
import { TRACE_METHODS } from './traceApi';
import { ALERT_METHODS } from './alertsApi';
import { REGISTRATION_METHODS } from './registrationsApi';
import { FIREWALL_METHODS } from './firewallApi';
import { TLS_METHODS } from './tlsApi';

export const IsoTimeSchema = z.iso.datetime({ offset: true });

export const AuthorSchema = z.strictObject({
  /** The SSH login that reached the socket. */
  user: z.string().min(1).max(128),
  role: z.enum(['admin', 'view']),
});
export type Author = z.infer<typeof AuthorSchema>;

export const RevisionKindSchema = z.enum(['apply', 'rollback', 'auto-rollback', 'import']);
/** pending: applied with confirmWithinSec and not yet confirmed; rolled-back: undone (by request or timeout). */
export const RevisionStatusSchema = z.enum(['confirmed', 'pending', 'rolled-back']);

/** One engine action the agent will take (or took) to make a revision effective. */
export const PlanActionSchema = z.strictObject({
  /** runtime-set: a cfg variable changed over RPC, no call is affected; table-reload: DB rows reloaded; restart: the process restarts. */
  kind: z.enum(['runtime-set', 'table-reload', 'restart']),
  /** What is acted on, e.g. "kamailio", "kamailio:permissions", "rtpengine". */
  target: z.string().min(1).max(128),
  /** Human-readable specifics (variable and value, table name). Never contains secrets. */
  detail: z.string().max(1000),
});
export type PlanAction = z.infer<typeof PlanActionSchema>;

/** The confirm window of an apply: shorter cannot be confirmed reliably over a slow link; longer leaves a risky change in place too long. */
export const CONFIRM_WITHIN_SEC = { min: 10, max: 3600 } as const;
const ConfirmWithinSecSchema = z.number().int().min(CONFIRM_WITHIN_SEC.min).max(CONFIRM_WITHIN_SEC.max);
const CommentSchema = z.string().max(1000);

export const ApplyResultSchema = z.strictObject({
  /** The new revision; for a dry run, the revision an apply would create (nothing is stored). */
  revision: RevisionSchema,
  hash: HashSchema,
  dryRun: z.boolean(),
  plan: z.array(PlanActionSchema),
  /** Field-level changes against the current revision, secrets redacted. */
  changes: z.array(FieldChangeSchema),
  /** Set when the revision is provisional: it rolls back by itself unless confirmed before this time. */
  pendingConfirmUntil: IsoTimeSchema.optional(),
  warnings: z.array(FieldErrorSchema),
});
export type ApplyResult = z.infer<typeof ApplyResultSchema>;

export const RevisionEntrySchema = z.strictObject({
  revision: RevisionSchema,
  hash: HashSchema,
  author: AuthorSchema,
  time: IsoTimeSchema,
  comment: z.string(),
  kind: RevisionKindSchema,
  status: RevisionStatusSchema,
  /** For rollback kinds: the revision whose content this one restored. */
  restoredRevision: RevisionSchema.nullable(),
  /** What changed from the previous revision, secrets redacted. */
  ops: ConfigOpWireListSchema,
});
export type RevisionEntry = z.infer<typeof RevisionEntrySchema>;

export const ExportDocumentSchema = z
  .strictObject({
    format: z.literal('switchdeck-config'),
    version: z.literal(1),
    exportedAt: IsoTimeSchema,
    /** Secrets are exported redacted; an import keeps the target's stored secrets where names match. */
    snapshot: ConfigSnapshotWireSchema,
  })
  .superRefine((doc, ctx) => {
    // The hash is over the redacted content, so a document can be checked without its secrets.
    const actual = snapshotHash(doc.snapshot as Parameters<typeof snapshotHash>[0]);
    if (actual === doc.snapshot.hash) return;
    // Documents exported before hash scheme 2 carry a scheme-1 hash of the same content.
    if (legacySnapshotHash(doc.snapshot as Parameters<typeof snapshotHash>[0]) === doc.snapshot.hash) return;
    ctx.addIssue({
      code: 'custom',
      path: ['snapshot', 'hash'],
      message: `does not match the document's content (the content hashes to ${actual}): the document was changed after export or is damaged`,
    });
  });
export type ExportDocument = z.infer<typeof ExportDocumentSchema>;

export const EngineNameSchema = z.enum(['kamailio', 'rtpengine']);
export const EngineStatusSchema = z.strictObject({
  name: EngineNameSchema,
  state: z.enum(['running', 'starting', 'stopping', 'stopped', 'failed', 'restarting']),
  pid: z.number().int().positive().nullable(),
  version: z.string().max(128).nullable(),
  /** When the engine entered `state`. */
  since: IsoTimeSchema.nullable(),
  /** Restarts by the supervisor since the agent started. */
  restarts: z.number().int().min(0),
  lastError: z.string().max(2000).nullable(),
});
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

/** `data` of a CONFLICT error from config.apply / config.import: fields changed since baseRevision. */
export const ConflictErrorDataSchema = z.strictObject({
  conflicts: z.array(ConflictSchema),
  currentRevision: RevisionSchema,
  currentHash: HashSchema,
});
export type ConflictErrorData = z.infer<typeof ConflictErrorDataSchema>;

/** `data` of a VALIDATION_FAILED error: every error names its field. */
export const ValidationErrorDataSchema = z.strictObject({
  errors: z.array(FieldErrorSchema),
  warnings: z.array(FieldErrorSchema),
});
export type ValidationErrorData = z.infer<typeof ValidationErrorDataSchema>;

/** `data` of an ENGINE_FAILED error from an apply: what failed and where the agent rolled back to. */
export const EngineFailedErrorDataSchema = z.strictObject({
  action: PlanActionSchema.nullable(),
  message: z.string(),
  rolledBackTo: RevisionSchema.nullable(),
});
export type EngineFailedErrorData = z.infer<typeof EngineFailedErrorDataSchema>;

/** Which database a storage failure concerns, and what went wrong with it. */
export const StorageProblemSchema = z.strictObject({
  /** `agent`: revisions, audit and call records; `engine`: the tables Kamailio reads. */
  store: z.enum(['agent', 'engine']),
  path: z.string().max(4096),
  cause: z.enum(['read-only', 'disk-full', 'io-error', 'locked', 'damaged', 'cannot-open', 'other']),
  /** SQLite's extended result code, e.g. SQLITE_READONLY, SQLITE_FULL, SQLITE_IOERR_WRITE. */
  sqliteCode: z.string().max(64),
  message: z.string().max(2000),
  at: IsoTimeSchema,
});
export type StorageProblem = z.infer<typeof StorageProblemSchema>;

/** `data` of a STORAGE_FAILED error: the store's problem, and the revision still in effect. */
export const StorageFailedErrorDataSchema = z.strictObject({
  problem: StorageProblemSchema,
  rolledBackTo: RevisionSchema.nullable(),
});
export type StorageFailedErrorData = z.infer<typeof StorageFailedErrorDataSchema>;

/**
 * `data` of a BUSY error when it says when to try again: a change refused because the engine is
 * starting or restarting (the states are those engine.status would show). A BUSY for a revision
 * awaiting confirmation carries no data.
 */
export const BusyErrorDataSchema = z.strictObject({
  retryAfterMs: z.number().int().min(0),
  engines: z.array(EngineStatusSchema).optional(),
});
export type BusyErrorData = z.infer<typeof BusyErrorDataSchema>;

const EpochMsSchema = z.number().int().min(0);
const SeriesValuesSchema = z.record(SeriesIdSchema, z.number());

/**
 * One monitor item: the values of the series over [t, t + step seconds). A live second has
 * step 1 and only `values`; a merged item (monitor topic, slow client) carries the average in
 * `values` and the extremes in `min` / `max`.
 */
export const MonitorSampleSchema = z.strictObject({
  t: EpochMsSchema,
  step: z.number().int().min(1),
  values: SeriesValuesSchema,
  min: SeriesValuesSchema.optional(),
  max: SeriesValuesSchema.optional(),
});
export type MonitorSample = z.infer<typeof MonitorSampleSchema>;

/**
 * One history point: [start (ms since the epoch), min, average, max, width (ms)]. The point covers
 * [start, start + width): widths differ within one answer where it joins sources of different
 * resolution (1-s ring, 1-min and 1-h rollups), and a bucket cut by such a seam is narrower.
 */
export const HistoryPointSchema = z.tuple([EpochMsSchema, z.number(), z.number(), z.number(), z.number().int().min(1)]);
export type HistoryPoint = z.infer<typeof HistoryPointSchema>;

export const HistorySeriesSchema = z.strictObject({
  id: SeriesIdSchema,
  /** Width of the widest point in ms (each point carries its own width). */
  stepMs: z.number().int().min(1000),
  points: z.array(HistoryPointSchema),
});
export type HistorySeries = z.infer<typeof HistorySeriesSchema>;

/** 12 series × 1000 points × ~62 bytes stays well inside one 1 MiB frame. */
export const MONITOR_HISTORY_MAX_SERIES = 12;
export const MONITOR_HISTORY_MAX_POINTS = 1000;

/** Schemas of error `data` by code, for codes that carry structured data. */
export const AGENT_ERROR_DATA = {
  CONFLICT: ConflictErrorDataSchema,
  VALIDATION_FAILED: ValidationErrorDataSchema,
  ENGINE_FAILED: EngineFailedErrorDataSchema,
  STORAGE_FAILED: StorageFailedErrorDataSchema,
  BUSY: BusyErrorDataSchema,
} as const satisfies Partial<Record<RpcErrorCode, z.ZodType>>;

export interface AgentMethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  /** Changes server state: refused on the view socket. */
  readonly mutating: boolean;
  /** Error codes the method itself may return (besides connection-level ones). */
  readonly errors: readonly RpcErrorCode[];
  readonly description: string;
}

const NoParams = z.strictObject({});
const ApplyParamsSchema = z.strictObject({
  baseRevision: RevisionSchema,
  ops: ConfigOpListSchema,
  dryRun: z.boolean().optional(),
  confirmWithinSec: ConfirmWithinSecSchema.optional(),
  comment: CommentSchema.optional(),
});

export const AGENT_METHODS = {
  'config.get': {
    params: z.strictObject({ revision: RevisionSchema.optional() }),
    result: z.strictObject({ snapshot: ConfigSnapshotWireSchema, status: RevisionStatusSchema, pendingConfirmUntil: IsoTimeSchema.optional() }),
    mutating: false,
    errors: ['NOT_FOUND'],
    description: 'The configuration at a revision (default: current), secrets redacted.',
  },
  'config.apply': {
    params: ApplyParamsSchema,
    result: ApplyResultSchema,
    mutating: true,
    errors: ['CONFLICT', 'VALIDATION_FAILED', 'ENGINE_FAILED', 'STORAGE_FAILED', 'BUSY', 'NOT_FOUND'],
    description: 'Rebase ops from baseRevision onto the current revision, validate, plan, apply and record a revision. With confirmWithinSec the revision rolls back unless confirmed in time.',
  },
  'config.confirm': {
    params: z.strictObject({ revision: RevisionSchema }),
    result: z.strictObject({ revision: RevisionSchema, status: z.literal('confirmed') }),
    mutating: true,
    errors: ['NO_PENDING_CONFIRMATION', 'STORAGE_FAILED'],
    description: 'Make a provisional revision permanent.',
  },
  'config.rollback': {
    params: z.strictObject({
      toRevision: RevisionSchema,
      comment: CommentSchema.optional(),
      dryRun: z.boolean().optional(),
      confirmWithinSec: ConfirmWithinSecSchema.optional(),
    }),
    result: ApplyResultSchema,
    mutating: true,
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'ENGINE_FAILED', 'STORAGE_FAILED', 'BUSY'],
    description: 'Record a new revision whose content equals an earlier one, and apply it.',
  },
  'config.history': {
    params: z.strictObject({ limit: z.number().int().min(1).max(1000).optional(), before: RevisionSchema.optional() }),
    result: z.strictObject({ revisions: z.array(RevisionEntrySchema), hasMore: z.boolean() }),
    mutating: false,
    errors: [],
    description: 'Revisions newest first (default limit 50), optionally only those older than `before`.',
  },
  'config.diff': {
    params: z.strictObject({ from: RevisionSchema, to: RevisionSchema }),
    result: z.strictObject({ changes: z.array(FieldChangeSchema), ops: ConfigOpWireListSchema }),
    mutating: false,
    errors: ['NOT_FOUND'],
    description: 'Field changes and ops from one revision to another, secrets redacted.',
  },
  'config.export': {
    params: z.strictObject({ revision: RevisionSchema.optional() }),
    result: z.strictObject({ document: ExportDocumentSchema }),
    mutating: false,
    errors: ['NOT_FOUND'],
    description: 'A versioned, portable document of a revision (default: current), secrets redacted.',
  },
  'config.import': {
    params: z.strictObject({
      document: ExportDocumentSchema,
      baseRevision: RevisionSchema,
      dryRun: z.boolean().optional(),
      confirmWithinSec: ConfirmWithinSecSchema.optional(),
      comment: CommentSchema.optional(),
    }),
    result: ApplyResultSchema,
    mutating: true,
    errors: ['CONFLICT', 'VALIDATION_FAILED', 'ENGINE_FAILED', 'STORAGE_FAILED', 'BUSY'],
    description: "Replace the configuration with a document's content (as the ops diffing current to it), recorded as kind 'import'.",
  },
  'catalog.get': {
    params: NoParams,
    result: z.strictObject({ version: z.string().min(1).max(128), paramNames: z.array(z.string()) }),
    mutating: false,
    errors: [],
    description: "The agent's parameter catalog version and the parameters it knows.",
  },
  'engine.status': {
    params: NoParams,
    result: z.strictObject({
      engines: z.array(EngineStatusSchema),
      /** The last failure of each database that has not been written successfully since. */
      storage: z.array(StorageProblemSchema).optional(),
    }),
    mutating: false,
    errors: [],
    description: "State of Kamailio and rtpengine: the supervisor's view, with each running engine asked over its control channel (one that does not answer is failed), and any database the agent cannot write.",
  },
  'engine.restart': {
    params: z.strictObject({ target: z.enum(['kamailio', 'rtpengine', 'all']) }),
    result: z.strictObject({ engines: z.array(EngineStatusSchema) }),
    mutating: true,
    errors: ['ENGINE_FAILED', 'BUSY'],
    description: 'Restart an engine (drops its calls); returns the states after the restart.',
  },
  'monitor.snapshot': {
    params: z.strictObject({ series: z.array(SeriesSelectorSchema).max(500).optional() }),
    result: z.strictObject({
      /** The latest sample, or null before the first one (the agent just started). */
      sample: MonitorSampleSchema.nullable(),
      /** Every series id the agent currently produces (selection applied), sorted. */
      series: z.array(SeriesIdSchema),
    }),
    mutating: false,
    errors: [],
    description: 'The latest one-second sample of the selected series (default: all), and the ids of the series the agent produces.',
  },
  'monitor.history': {
    params: z.strictObject({
      series: z.array(SeriesIdSchema).min(1).max(MONITOR_HISTORY_MAX_SERIES),
      from: EpochMsSchema,
      to: EpochMsSchema,
      maxPoints: z.number().int().min(2).max(MONITOR_HISTORY_MAX_POINTS).default(500),
    }).refine((p) => p.to > p.from, { message: 'must be later than from', path: ['to'] }),
    result: z.strictObject({ series: z.array(HistorySeriesSchema) }),
    mutating: false,
    errors: [],
    description: 'Points of each series between from and to (ms since the epoch), at most maxPoints per series: the 1-s ring where it still covers, else the 1-min, else the 1-h rollups, merged into min/avg/max buckets. An unknown series has no points.',
  },
  'agent.info': {
    params: NoParams,
    result: z.strictObject({
      version: z.string().max(64),
      protocolVersion: z.number().int().positive(),
      hostname: z.string().max(255),
      uptimeSec: z.number().min(0),
      capabilities: z.array(z.string()),
    }),
    mutating: false,
    errors: [],
    description: 'Agent build, protocol version, host name, uptime and capabilities.',
  },
  // Debug trace sessions (./traceApi.ts).
  ...TRACE_METHODS,
  // Alerts (./alertsApi.ts).
  ...ALERT_METHODS,
  // Current calls (./callsApi.ts).
  ...CALLS_METHODS,
  // Call record search (./cdrApi.ts).
  ...CDR_METHODS,
  // Registrations and suspended sources (./registrationsApi.ts).
  ...REGISTRATION_METHODS,
  // Gateway status (./gatewaysApi.ts).
  ...GATEWAY_METHODS,
  // Firewall status and block list (./firewallApi.ts).
  ...FIREWALL_METHODS,
  // Outbound registrations (./outboundRegistrationsApi.ts).
  ...OUTBOUND_REGISTRATION_METHODS,
  // The TLS certificate (./tlsApi.ts).
  ...TLS_METHODS,
} as const satisfies Record<string, AgentMethodSpec>;

export type AgentMethod = keyof typeof AGENT_METHODS;
export const AGENT_METHOD_NAMES = Object.keys(AGENT_METHODS) as AgentMethod[];
export const AgentMethodSchema = z.enum(AGENT_METHOD_NAMES as [AgentMethod, ...AgentMethod[]]);

/** Params after parsing (what a handler receives; also a valid value to send). */
export type AgentParams<M extends AgentMethod> = z.output<(typeof AGENT_METHODS)[M]['params']>;
/** Params as a caller may write them (defaults may be omitted). */
export type AgentParamsInput<M extends AgentMethod> = z.input<(typeof AGENT_METHODS)[M]['params']>;
export type AgentResult<M extends AgentMethod> = z.output<(typeof AGENT_METHODS)[M]['result']>;

export function isAgentMethod(name: string): name is AgentMethod {
  return Object.hasOwn(AGENT_METHODS, name);
}
