import { z } from 'zod';

/**
 * Field paths name what an error, change or conflict is about, in one text form used by the agent,
 * the UI and conflict choices: `params.SS_SIP_TIMEOUT_INVITE`, `routingGateways[gw-a]` (the whole
 * gateway), `routingGateways[gw-a].addresses[0].port`. Collection items are addressed by name in
 * brackets (names cannot contain brackets), array elements by index.
 */
export type PathSegment = string | number | { readonly key: string };

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string') out += out === '' ? s : `.${s}`;
    else out += `[${s.key}]`;
  }
  return out;
}

/**
 * Why a check refused or warned, as a code and the values its sentence needs, so a client can say it
 * in its own language; `message` stays the English sentence for logs and the command line.
 * `catalog.<code>` wraps a parameter finding of the catalog (its ParamReason), `params` naming them.
 */
export const FieldReasonSchema = z.strictObject({
  code: z.string(),
  values: z.record(z.string(), z.union([z.string(), z.number()])),
  params: z.array(z.string()).optional(),
});
export type FieldReason = z.infer<typeof FieldReasonSchema>;

export const FieldErrorSchema = z.strictObject({
  path: z.string(),
  message: z.string(),
  reason: FieldReasonSchema.optional(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/**
 * One changed field. `before`/`after` are JSON values; `undefined` (absent in JSON) means the field
 * did not exist on that side (a created or deleted gateway, a parameter at its default).
 * Secrets appear only in their redacted `{ set }` form.
 */
export const FieldChangeSchema = z.strictObject({
  path: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type FieldChange = z.infer<typeof FieldChangeSchema>;

/** A field both sides changed differently since the common base. Absent side value = deleted / default. */
export const ConflictSchema = z.strictObject({
  path: z.string(),
  base: z.unknown().optional(),
  mine: z.unknown().optional(),
  theirs: z.unknown().optional(),
});
export type Conflict = z.infer<typeof ConflictSchema>;
