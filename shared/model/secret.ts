import { z } from 'zod';

/**
 * Secrets (gateway passwords, registration passwords) are write-only over the API.
 *
 * Three shapes exist, and each schema below says which ones it accepts:
 * - `{ set: false }`               no secret is configured.
 * - `{ set: true }`                a secret is configured but its value is withheld. This is the ONLY
 *                                  "set" shape the agent ever sends to a client (the wire/read form).
 *                                  In a write it means "keep whatever value is stored now".
 * - `{ set: true, value: '…' }`    a concrete value. Clients send it to change a secret (the input/write
 *                                  form); the agent's own store holds this shape.
 *
 * Consequences the rest of the code relies on:
 * - Reads (`config.get`, history, diffs, exports) go through `redactSecret`, so values never leave the agent.
 * - Content hashes are computed over the redacted form (see shared/config/hash.ts): a hash never
 *   encodes a password, so it cannot be brute-forced offline; a password-only change produces a new
 *   revision whose hash equals the previous one.
 * - Comparisons (`secretEquals`) treat a withheld value as matching any stored value with `set: true`,
 *   because a client holding the wire form cannot know more.
 */
export const SECRET_MAX_LENGTH = 128;

/** Read form: what the agent returns. Never carries a value. */
export const SecretWireSchema = z.strictObject({ set: z.boolean() });
export type SecretWire = z.infer<typeof SecretWireSchema>;

const SecretValueTextSchema = z
  .string({ error: 'must be text' })
  .min(1, 'must not be empty; use { set: false } to remove the secret')
  .max(SECRET_MAX_LENGTH, `must be at most ${SECRET_MAX_LENGTH} characters`)
  .regex(/^[\x20-\x7e]*$/, 'must contain printable ASCII characters only');

const SHAPES = 'must be { set: false }, { set: true } (keep the stored value) or { set: true, value: "…" }';

/**
 * One object schema rather than a union of the three shapes: a union can only say "Invalid input",
 * while this one names the broken rule and the field (`password.value`, `password.set`).
 */
const SecretObjectSchema = z
  .strictObject(
    { set: z.boolean({ error: 'must be true or false' }), value: SecretValueTextSchema.optional() },
    { error: (iss) => (iss.code === 'invalid_type' ? SHAPES : undefined) },
  )
  .superRefine((s, ctx) => {
    if (!s.set && s.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a value can only be given with set: true' });
  });

/** Input/stored form: the wire form, or a concrete new value. */
export type Secret = { set: true; value: string } | SecretWire;
export const SecretSchema = SecretObjectSchema as unknown as z.ZodType<Secret, Secret>;

export const NO_SECRET: SecretWire = { set: false };

/** Structural test used by generic diff/merge code to treat a secret as one indivisible field. */
export function isSecret(v: unknown): v is Secret {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const o = v as Record<string, unknown>;
  if (typeof o.set !== 'boolean') return false;
  if (keys.length === 1) return true;
  return keys.length === 2 && o.set === true && typeof o.value === 'string';
}

export function redactSecret(s: Secret): SecretWire {
  return { set: s.set };
}

/** Equal when both agree on `set` and, where both carry a value, on the value. */
export function secretEquals(a: Secret, b: Secret): boolean {
  if (a.set !== b.set) return false;
  const av = 'value' in a ? a.value : undefined;
  const bv = 'value' in b ? b.value : undefined;
  return av === undefined || bv === undefined || av === bv;
}

/**
 * Resolve a written secret against the currently stored one: `{ set: true }` without a value keeps
 * the stored secret. Returns null when there is nothing to keep (the caller reports the field).
 */
export function resolveSecretWrite(written: Secret, current: Secret | undefined): Secret | null {
  if (!written.set || 'value' in written) return written;
  if (current && current.set) return current;
  return null;
}
