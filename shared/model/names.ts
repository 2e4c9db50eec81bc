import { z } from 'zod';

/**
 * Gateway names are the identity of a gateway in ops, paths and engine tables, so they use a
 * conservative charset: they appear inside field paths ("routingGateways[gw-a].port") and as
 * Kamailio table keys, never as config-file text.
 */
export const GATEWAY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const GatewayNameSchema = z
  .string()
  .regex(GATEWAY_NAME_PATTERN, 'must be 1–64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit');

export const PARAM_NAME_PATTERN = /^SS_[A-Z0-9_]+$/;
export const ParamNameSchema = z.string().regex(PARAM_NAME_PATTERN, 'must look like SS_NAME');

/** A telephone-number prefix: optional leading "+", then digits, "*" or "#". */
export const NUMBER_PREFIX_PATTERN = /^\+?[0-9*#]*$/;
export const NUMBER_PREFIX_MAX = 32;

export const NumberPrefixSchema = z
  .string()
  .max(NUMBER_PREFIX_MAX, `must be at most ${NUMBER_PREFIX_MAX} characters`)
  .regex(NUMBER_PREFIX_PATTERN, 'may contain only digits, "*", "#" and a leading "+"');

/** SIP user part for credentials: RFC 3261 unreserved characters plus a few common ones, no quoting needed. */
export const SipUserSchema = z
  .string()
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._~+-]*$/, 'may contain only letters, digits and . _ ~ + -');

export const NotesSchema = z.string().max(1000, 'must be at most 1000 characters');

/** Optional limit: null means "no limit configured". */
export function optionalLimit(min: number, max: number) {
  return z.number().int('must be a whole number').min(min).max(max).nullable();
}
