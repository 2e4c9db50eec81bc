/**
 * Frame schemas of the switch-agent wire protocol (PROTOCOL.md §3–§7) and a pure parser.
 * Frames are discriminated on `type`. Frames a client sends and frames an agent sends are
 * separate unions because both sides send a `hello` of different shape.
 * Unknown extra fields are ignored (stripped), so later versions may add fields.
 */
import { z } from 'zod';
import { RpcError, formatIssuePath, summarizeIssues, toFieldIssues } from './errors';
import { LIMITS, MIN_MAX_FRAME_BYTES } from './protocol';

export const RequestIdSchema = z.union([
  z.string().min(1).max(LIMITS.maxIdLength),
  z.int().min(0).max(Number.MAX_SAFE_INTEGER),
]);
export type RequestId = z.infer<typeof RequestIdSchema>;

export const SubIdSchema = z.string().min(1).max(LIMITS.maxIdLength);
const NameSchema = z.string().min(1).max(LIMITS.maxNameLength);

/** Errors are parsed leniently (any code string) so a newer agent's code cannot hide a response. */
export const WireErrorSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  data: z.unknown().optional(),
});
export type WireError = z.infer<typeof WireErrorSchema>;

// ---- client → agent -------------------------------------------------------------------

/**
 * True when `text` holds a control character (C0, DEL, C1), a line or paragraph separator, or
 * a text-direction override: characters that could forge or hide lines where the text is shown.
 */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) return true;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
  }
  return false;
}

/** Client-supplied text that reaches the agent's logs and audit entries: printable only. */
const PrintableText = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !hasControlCharacters(s), { message: 'must not contain control characters (line breaks, escapes, direction marks)' });

export const ClientHelloFrameSchema = z.object({
  type: z.literal('hello'),
  protocol: z.int().positive(),
  client: z.object({
    name: PrintableText(1, 128),
    version: PrintableText(0, 64),
    user: PrintableText(0, 128),
  }),
  /** Optional features the client can receive, e.g. `chunked` (PROTOCOL.md §5.2). */
  accepts: z.array(z.string().max(64)).max(32).optional(),
});

/** Trailer of a chunked message (PROTOCOL.md §5.2): how many chunk frames came and their UTF-8 bytes. */
export const ChunkedTrailerSchema = z.object({
  chunks: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  bytes: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
});

/** One slice of the JSON text of a request's params or a response's result (PROTOCOL.md §5.2). */
export const ChunkFrameSchema = z.object({
  type: z.literal('chunk'),
  id: RequestIdSchema,
  seq: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  data: z.string().min(1),
});

export const RequestFrameSchema = z
  .object({
    type: z.literal('req'),
    id: RequestIdSchema,
    method: NameSchema,
    params: z.unknown().optional(),
    chunked: ChunkedTrailerSchema.optional(),
  })
  .refine((f) => !('params' in f && 'chunked' in f), {
    message: "a request carries at most one of 'params' and 'chunked'",
  });

export const CancelFrameSchema = z.object({
  type: z.literal('cancel'),
  id: RequestIdSchema,
});

export const CreditFrameSchema = z.object({
  type: z.literal('credit'),
  subId: SubIdSchema,
  credit: z.int().positive().max(Number.MAX_SAFE_INTEGER),
});

export const ClientFrameSchema = z.discriminatedUnion('type', [
  ClientHelloFrameSchema,
  RequestFrameSchema,
  CancelFrameSchema,
  CreditFrameSchema,
  ChunkFrameSchema,
]);

// ---- agent → client -------------------------------------------------------------------

export const AgentHelloFrameSchema = z.object({
  type: z.literal('hello'),
  protocol: z.int().positive(),
  agent: z.object({ version: z.string().max(64), hostname: z.string().max(255) }),
  role: z.enum(['admin', 'view']),
  capabilities: z.array(z.string()),
  maxFrameBytes: z.int().min(MIN_MAX_FRAME_BYTES),
});

export const ResponseFrameSchema = z
  .object({
    type: z.literal('res'),
    id: RequestIdSchema,
    result: z.unknown().optional(),
    error: WireErrorSchema.optional(),
    chunked: ChunkedTrailerSchema.optional(),
  })
  .refine((f) => Number('result' in f) + Number('error' in f) + Number('chunked' in f) === 1, {
    message: "a response carries exactly one of 'result', 'error' and 'chunked'",
  });

export const EventFrameSchema = z.object({
  type: z.literal('event'),
  name: NameSchema,
  data: z.unknown(),
});

/** `seq` numbers items per subscription from 0, dropped ones included (PROTOCOL.md §6). */
export const DataFrameSchema = z
  .object({
    type: z.literal('data'),
    subId: SubIdSchema,
    seq: z.int().min(0),
    items: z.array(z.unknown()).min(1).optional(),
    dropped: z.int().positive().optional(),
  })
  .refine((f) => (f.items === undefined) !== (f.dropped === undefined), {
    message: "a data frame carries exactly one of 'items' and 'dropped'",
  });

/** The producer finished (or failed); `seq` is the number of items numbered in total. */
export const EndFrameSchema = z.object({
  type: z.literal('end'),
  subId: SubIdSchema,
  seq: z.int().min(0),
  error: WireErrorSchema.optional(),
});

/** An error not answering a request; `fatal` means the agent closes the connection next. */
export const ErrorFrameSchema = z.object({
  type: z.literal('error'),
  error: WireErrorSchema,
  fatal: z.boolean(),
});

export const AgentFrameSchema = z.discriminatedUnion('type', [
  AgentHelloFrameSchema,
  ResponseFrameSchema,
  EventFrameSchema,
  DataFrameSchema,
  EndFrameSchema,
  ErrorFrameSchema,
  ChunkFrameSchema,
]);

export type ClientHelloFrame = z.infer<typeof ClientHelloFrameSchema>;
export type RequestFrame = z.infer<typeof RequestFrameSchema>;
export type CancelFrame = z.infer<typeof CancelFrameSchema>;
export type CreditFrame = z.infer<typeof CreditFrameSchema>;
export type ChunkFrame = z.infer<typeof ChunkFrameSchema>;
export type ClientFrame = z.infer<typeof ClientFrameSchema>;
export type AgentHelloFrame = z.infer<typeof AgentHelloFrameSchema>;
export type ResponseFrame = z.infer<typeof ResponseFrameSchema>;
export type EventFrame = z.infer<typeof EventFrameSchema>;
export type DataFrame = z.infer<typeof DataFrameSchema>;
export type EndFrame = z.infer<typeof EndFrameSchema>;
export type ErrorFrame = z.infer<typeof ErrorFrameSchema>;
export type AgentFrame = z.infer<typeof AgentFrameSchema>;

// ---- parsing --------------------------------------------------------------------------

/** Who sent the line: the agent parses frames `from: 'client'`, a client parses `from: 'agent'`. */
export type FrameOrigin = 'client' | 'agent';

export type ParseResult<F> =
  | { ok: true; frame: F }
  /** `id` is set when the line was recognisably a request, so the error can answer it. */
  | { ok: false; error: RpcError; id?: RequestId };

const CLIENT_TYPES = new Set(['hello', 'req', 'cancel', 'credit', 'chunk']);
const AGENT_TYPES = new Set(['hello', 'res', 'event', 'data', 'end', 'error', 'chunk']);

/** UTF-8 length of a JS string, without TextEncoder (shared code has no DOM or node types). */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export function parseFrame(line: string, maxBytes: number, from: 'client'): ParseResult<ClientFrame>;
export function parseFrame(line: string, maxBytes: number, from: 'agent'): ParseResult<AgentFrame>;
export function parseFrame(line: string, maxBytes: number): ParseResult<ClientFrame>;
export function parseFrame(
  line: string,
  maxBytes: number,
  from: FrameOrigin = 'client',
): ParseResult<ClientFrame> | ParseResult<AgentFrame> {
  // Cheap upper bound first: a UTF-8 string is at most 3 bytes per UTF-16 unit.
  if (line.length * 3 > maxBytes) {
    const bytes = utf8ByteLength(line);
    if (bytes > maxBytes) {
      return fail(
        new RpcError('FRAME_TOO_LARGE', `frame of ${bytes} bytes exceeds the limit of ${maxBytes} bytes`, {
          bytes,
          maxFrameBytes: maxBytes,
        }),
      );
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return fail(new RpcError('PARSE_ERROR', `frame is not valid JSON: ${why}`));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(new RpcError('INVALID_FRAME', 'a frame must be a JSON object'));
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return fail(new RpcError('INVALID_FRAME', "frame has no string field 'type'"));
  }
  const known = from === 'client' ? CLIENT_TYPES : AGENT_TYPES;
  if (!known.has(type)) {
    return fail(
      new RpcError('INVALID_FRAME', `unknown frame type '${type.slice(0, 40)}'`, {
        type: type.slice(0, 40),
        expected: [...known],
      }),
    );
  }
  const readableId = () => (type === 'req' ? RequestIdSchema.safeParse((value as { id?: unknown }).id) : undefined);
  // Only an escape can carry a lone surrogate (the line itself was decoded from UTF-8): walk only then.
  const lone = SURROGATE_ESCAPE.test(line) ? findUnpairedSurrogate(value, []) : undefined;
  if (lone) {
    const path = formatIssuePath(lone.path);
    const unit = `\\u${lone.unit.toString(16).padStart(4, '0')}`;
    const error = new RpcError('INVALID_FRAME', `invalid '${type}' frame: ${path}: text contains an unpaired surrogate escape (${unit}); only valid Unicode is allowed`, {
      type,
      path,
    });
    const id = readableId();
    return id?.success ? { ok: false, error, id: id.data } : { ok: false, error };
  }
  const schema = from === 'client' ? ClientFrameSchema : AgentFrameSchema;
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, frame: parsed.data } as ParseResult<ClientFrame>;
  const issues = toFieldIssues(parsed.error.issues);
  const error = new RpcError('INVALID_FRAME', `invalid '${type}' frame: ${summarizeIssues(issues, 3)}`, {
    type,
    issues,
  });
  const id = readableId();
  return id?.success ? { ok: false, error, id: id.data } : { ok: false, error };
}

/**
 * JSON may escape half of a surrogate pair (`"\\ud800"`): valid JSON syntax, but not Unicode text,
 * and not encodable as UTF-8 on the way out. Such a frame is refused like invalid UTF-8 bytes.
 */
function findUnpairedSurrogate(value: unknown, path: PropertyKey[]): { path: PropertyKey[]; unit: number } | undefined {
  if (typeof value === 'string') {
    const unit = unpairedSurrogate(value);
    return unit === undefined ? undefined : { path, unit };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnpairedSurrogate(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      const inKey = unpairedSurrogate(key);
      if (inKey !== undefined) return { path: [...path, key.replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)], unit: inKey };
      const found = findUnpairedSurrogate(v, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const UNPAIRED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function unpairedSurrogate(s: string): number | undefined {
  const m = UNPAIRED.exec(s);
  return m ? m[0].charCodeAt(0) : undefined;
}

function fail(error: RpcError): { ok: false; error: RpcError } {
  return { ok: false, error };
}

// ---- parameters of the methods the connection itself implements (PROTOCOL.md §6) ------

export const SubscribeParamsSchema = z.object({
  topic: NameSchema,
  /** Validated by the topic's own filter schema; omitted means `{}`. */
  filter: z.unknown().optional(),
  /** Items the agent may send before the client grants more; 0 is allowed. */
  credit: z.int().min(0).max(LIMITS.maxCredit),
});
export const SubscribeResultSchema = z.object({ subId: SubIdSchema });

export const UnsubscribeParamsSchema = z.object({ subId: SubIdSchema });
export const UnsubscribeResultSchema = z.object({
  subId: SubIdSchema,
  /** Items delivered and items dropped over the subscription's life. */
  delivered: z.int().min(0),
  dropped: z.int().min(0),
});

export type SubscribeParams = z.infer<typeof SubscribeParamsSchema>;
export type SubscribeResult = z.infer<typeof SubscribeResultSchema>;
export type UnsubscribeParams = z.infer<typeof UnsubscribeParamsSchema>;
export type UnsubscribeResult = z.infer<typeof UnsubscribeResultSchema>;
