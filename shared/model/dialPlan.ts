import { z } from 'zod';
import { NumberPrefixSchema, NUMBER_PREFIX_MAX } from './names';

/**
 * A dial plan is an ordered list of declarative number rewrites. No user-written regular expression
 * exists anywhere in it: the engine receives prefixes, lengths and digit counts only.
 *
 * Semantics (shared by the agent's table renderer and the UI preview through `applyDialPlan`):
 * rules are tested in order; the FIRST rule whose match holds rewrites the number, and no further
 * rule runs. A number no rule matches passes unchanged.
 */
const MAX_NUMBER_LENGTH = 64;
const LengthBound = z.number().int('must be a whole number').min(1).max(MAX_NUMBER_LENGTH).nullable();

export const DialMatchSchema = z
  .strictObject({
    /** Empty prefix matches every number. */
    prefix: NumberPrefixSchema.default(''),
    minLength: LengthBound.default(null),
    maxLength: LengthBound.default(null),
  })
  .refine((m) => m.minLength === null || m.maxLength === null || m.minLength <= m.maxLength, {
    message: 'minLength must not exceed maxLength',
    path: ['minLength'],
  });

export const DialActionSchema = z.discriminatedUnion('kind', [
  /** Leave the number as it is (an exception placed before broader rules). */
  z.strictObject({ kind: z.literal('keep') }),
  /** Remove the first N characters. */
  z.strictObject({ kind: z.literal('strip'), digits: z.number().int().min(1).max(NUMBER_PREFIX_MAX) }),
  /** Put characters in front. */
  z.strictObject({ kind: z.literal('prepend'), prefix: NumberPrefixSchema.min(1, 'must not be empty') }),
  /** Replace the matched prefix with another (possibly empty) prefix. */
  z.strictObject({ kind: z.literal('replacePrefix'), with: NumberPrefixSchema }),
]);

export const DialRuleSchema = z.strictObject({
  match: DialMatchSchema,
  action: DialActionSchema,
});

export const DialPlanSchema = z.array(DialRuleSchema).max(100, 'at most 100 rules');

export type DialMatch = z.infer<typeof DialMatchSchema>;
export type DialAction = z.infer<typeof DialActionSchema>;
export type DialRule = z.infer<typeof DialRuleSchema>;
export type DialPlan = z.infer<typeof DialPlanSchema>;

export function dialRuleMatches(rule: DialRule, number: string): boolean {
  const { prefix, minLength, maxLength } = rule.match;
  if (!number.startsWith(prefix)) return false;
  if (minLength !== null && number.length < minLength) return false;
  if (maxLength !== null && number.length > maxLength) return false;
  return true;
}

/** Applies the first matching rule; returns the rewritten number and the index of that rule (-1: none). */
export function applyDialPlan(plan: readonly DialRule[], number: string): { number: string; rule: number } {
  for (let i = 0; i < plan.length; i++) {
    const rule = plan[i];
    if (!rule || !dialRuleMatches(rule, number)) continue;
    const a = rule.action;
    switch (a.kind) {
      case 'keep':
        return { number, rule: i };
      case 'strip':
        return { number: number.slice(a.digits), rule: i };
      case 'prepend':
        return { number: a.prefix + number, rule: i };
      case 'replacePrefix':
        return { number: a.with + number.slice(rule.match.prefix.length), rule: i };
    }
  }
  return { number, rule: -1 };
}
