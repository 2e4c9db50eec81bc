import type { z } from 'zod';
import type { FieldError } from '@shared/model/fieldPath';
import { RpcError, formatIssuePath, summarizeIssues } from '@shared/rpc/errors';

/** Field errors of a zod failure; `prefix` places them inside a larger document (`servers[2]`). */
export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((i) => ({ path: joinPath(prefix, formatIssuePath(i.path)), message: i.message }));
}

export function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  if (path === '(root)') return prefix;
  return path.startsWith('[') ? prefix + path : `${prefix}.${path}`;
}

/** VALIDATION_FAILED in the agent's shape (ValidationErrorData), so the UI shows both the same way. */
export function validationError(errors: FieldError[]): RpcError {
  return new RpcError('VALIDATION_FAILED', summarizeIssues(errors.map((e) => ({ ...e, code: 'invalid' }))), { errors, warnings: [] });
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(zodFieldErrors(r.error));
  return r.data;
}
