import { toNestErrors } from '@hookform/resolvers';
import type { FieldError, FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { issueText } from './issueText';

/** The issues to show for one parse: a union's closest branch stands in for the union (what the user meant). */
function flatIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((i) => {
    if (i.code !== 'invalid_union' || i.errors.length === 0) return [i];
    const closest = i.errors.reduce((a, b) => (b.length < a.length ? b : a));
    return flatIssues(closest.map((e) => ({ ...e, path: [...i.path, ...e.path] })));
  });
}

/**
 * A react-hook-form resolver over a shared model schema whose messages are in the interface
 * language: each issue is turned into a translation key (util/issueText.ts), never the schema's English.
 */
export function plainResolver<I extends FieldValues, O>(schema: z.ZodType<O, I>): Resolver<I, unknown, O> {
  return async (values, _context, options) => {
    const parsed = await schema.safeParseAsync(values);
    if (parsed.success) return { values: parsed.data, errors: {} } as never;
    const errors: Record<string, FieldError> = Object.create(null) as Record<string, FieldError>;
    for (const issue of flatIssues(parsed.error.issues)) {
      const at = issue.path.join('.');
      errors[at] ??= { type: issue.code, message: issueText(issue, schema) };
    }
    return { values: {}, errors: toNestErrors(errors, options) } as never;
  };
}
