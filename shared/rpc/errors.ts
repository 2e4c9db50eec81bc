/**
 * The closed list of RPC error codes (PROTOCOL.md §8) and an error class both ends use.
 * A code is added only together with a protocol capability; a receiver that meets an
 * unknown code treats it as INTERNAL (see `RpcError.fromPayload`).
 */
import { z } from 'zod';

export const RPC_ERROR_CODES = [
  'PARSE_ERROR',
  'INVALID_FRAME',
  'FRAME_TOO_LARGE',
  'UNSUPPORTED_PROTOCOL',
  'HELLO_REQUIRED',
  'METHOD_NOT_FOUND',
  'INVALID_PARAMS',
  'PERMISSION_DENIED',
  'VALIDATION_FAILED',
  'CONFLICT',
  'NOT_FOUND',
  'NO_PENDING_CONFIRMATION',
  'ENGINE_FAILED',
  'BUSY',
  'CANCELLED',
  'TIMEOUT',
  'TOO_MANY_REQUESTS',
  /** Announced with the `storage-errors` capability. */
  'STORAGE_FAILED',
  'INTERNAL',
] as const;

export const RpcErrorCodeSchema = z.enum(RPC_ERROR_CODES);
export type RpcErrorCode = z.infer<typeof RpcErrorCodeSchema>;

/**
 * Where an error is reported and whether the connection survives it.
 * `connection`: sent as an `error` frame (no request id is known or it concerns the link).
 * `request`: sent as the `res` of one request.
 * `fatal`: the agent closes the connection right after sending it.
 */
export const RPC_ERROR_INFO: Readonly<
  Record<RpcErrorCode, { scope: 'connection' | 'request' | 'both'; fatal: boolean; retry: boolean }>
> = {
  PARSE_ERROR: { scope: 'connection', fatal: false, retry: false },
  INVALID_FRAME: { scope: 'both', fatal: false, retry: false },
  FRAME_TOO_LARGE: { scope: 'both', fatal: false, retry: false },
  UNSUPPORTED_PROTOCOL: { scope: 'connection', fatal: true, retry: false },
  HELLO_REQUIRED: { scope: 'connection', fatal: true, retry: false },
  METHOD_NOT_FOUND: { scope: 'request', fatal: false, retry: false },
  INVALID_PARAMS: { scope: 'request', fatal: false, retry: false },
  PERMISSION_DENIED: { scope: 'request', fatal: false, retry: false },
  VALIDATION_FAILED: { scope: 'request', fatal: false, retry: false },
  CONFLICT: { scope: 'request', fatal: false, retry: false },
  NOT_FOUND: { scope: 'request', fatal: false, retry: false },
  NO_PENDING_CONFIRMATION: { scope: 'request', fatal: false, retry: false },
  ENGINE_FAILED: { scope: 'request', fatal: false, retry: true },
  BUSY: { scope: 'request', fatal: false, retry: true },
  CANCELLED: { scope: 'request', fatal: false, retry: false },
  TIMEOUT: { scope: 'request', fatal: false, retry: true },
  TOO_MANY_REQUESTS: { scope: 'request', fatal: false, retry: true },
  STORAGE_FAILED: { scope: 'request', fatal: false, retry: true },
  INTERNAL: { scope: 'both', fatal: false, retry: false },
};

export const RpcErrorSchema = z.object({
  code: RpcErrorCodeSchema,
  message: z.string(),
  data: z.unknown().optional(),
});
export type RpcErrorPayload = z.infer<typeof RpcErrorSchema>;

/** Lenient form for receivers: an unknown code still parses and is mapped to INTERNAL. */
const ReceivedErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  data: z.unknown().optional(),
});

export class RpcError extends Error {
  readonly code: RpcErrorCode;
  readonly data: unknown;

  constructor(code: RpcErrorCode, message: string, data?: unknown) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.data = data;
  }

  toPayload(): RpcErrorPayload {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  toJSON(): RpcErrorPayload {
    return this.toPayload();
  }

  get fatal(): boolean {
    return RPC_ERROR_INFO[this.code].fatal;
  }

  /** Rebuilds an error received on the wire; anything malformed becomes INTERNAL. */
  static fromPayload(value: unknown): RpcError {
    const parsed = ReceivedErrorSchema.safeParse(value);
    if (!parsed.success) return new RpcError('INTERNAL', 'peer sent a malformed error object', value);
    const { code, message, data } = parsed.data;
    const known = RpcErrorCodeSchema.safeParse(code);
    if (known.success) return new RpcError(known.data, message, data);
    return new RpcError('INTERNAL', `unknown error code ${code}: ${message}`, { code, data });
  }

  static is(value: unknown, code?: RpcErrorCode): value is RpcError {
    return value instanceof RpcError && (code === undefined || value.code === code);
  }
}

/** One schema problem, with the field path written the way messages show it. */
export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

/** `['gateways', 2, 'name']` → `gateways[2].name`; the root is `(root)`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

export function toFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((i) => ({ path: formatIssuePath(i.path), message: plainMessage(i.message), code: i.code }));
}

/** zod's "Invalid input: expected object, received null" in words a reader follows: "must be an object, not null". */
function plainMessage(message: string): string {
  const m = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (!m) return message;
  const [, expected = '', received = ''] = m;
  const what = `${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
  return received === 'undefined' ? `is required (${what})` : `must be ${what}, not ${received}`;
}

/**
 * Omitted params (or filters) mean `{}` (PROTOCOL.md §5). Only omission does: `null` is a value,
 * and is refused by the schema like any other value that is not an object.
 */
export function omittedAsEmpty(value: unknown): unknown {
  return value === undefined ? {} : value;
}

/** `name: Too small; port: Invalid input` — capped so a huge payload cannot make a huge message. */
export function summarizeIssues(issues: readonly FieldIssue[], max = 5): string {
  const shown = issues.slice(0, max).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > max ? `; and ${issues.length - max} more` : '';
  return shown.join('; ') + more;
}
