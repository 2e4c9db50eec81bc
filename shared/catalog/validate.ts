import { PARAM_NAMES, getParam } from './catalog';
import { LIST_DECIMALS, describeAllowed } from './describe';
import { showValue } from './show';
import { suggestName } from './suggest';
import type { ParamDef, ParamIssue, ParamType } from './types';
import { decimalFromNumber, hasAtMostDecimals } from './units';

type RangeType = { min: number; max: number };
type ListType = Extract<ParamType, { kind: 'numberList' }>;

/** Every code a value reason can carry (`value.<code>` in ParamReason); each interface language has a sentence for each. */
export const VALUE_REASON_CODES = [
  'notNumber', 'notWhole', 'notWholeOfUnit', 'belowMin', 'aboveMax', 'notAutoOrNumber', 'notAutoOrWhole', 'notNoneOrNumber', 'notNoneOrWhole',
  'notOnOff', 'notText', 'notOption', 'tooLong', 'badCharacters', 'unknownUnit', 'unitNotAllowed', 'unitNotConvertible',
  'notList', 'tooFewItems', 'tooManyItems', 'tooManyDecimals', 'outside', 'smallerThanBefore',
] as const;
export type ValueReasonCode = (typeof VALUE_REASON_CODES)[number];

/**
 * What is wrong with a value: the English phrase that follows the quoted value ("is above the maximum
 * 300") and the same as a code with its numbers (`aboveMax`, `{ max: 300 }`) for other languages.
 */
export interface Why {
  readonly code: ValueReasonCode;
  readonly values?: Readonly<Record<string, string | number>>;
  readonly text: string;
}

export const why = (code: ValueReasonCode, text: string, values?: Readonly<Record<string, string | number>>): Why => ({ code, text, ...(values ? { values } : {}) });

/** The same reason, about one item of a list ("has item 2 ("x") that is not a number"). */
export function itemWhy(index: number, shownItem: string, inner: Why, join = 'that '): Why {
  return { code: inner.code, text: `has item ${index + 1} (${shownItem}) ${join}${inner.text}`, values: { ...inner.values, item: index + 1, itemValue: shownItem } };
}

/** Builds the standard message: `NAME: <value> <reason>; allowed: <allowed>`. */
export function valueIssue(def: ParamDef, shownInput: unknown, reason: Why): ParamIssue {
  const secret = def.type.kind === 'string' && def.type.secret === true;
  const shown: Record<string, string | number> = secret ? { hidden: 1, length: typeof shownInput === 'string' ? shownInput.length : 0 } : { value: showValue(def, shownInput) };
  return {
    severity: 'error',
    params: [def.name],
    message: `${def.name}: ${showValue(def, shownInput)} ${reason.text}; allowed: ${describeAllowed(def)}`,
    reason: { code: `value.${reason.code}`, values: { name: def.name, ...shown, ...reason.values } },
  };
}

export function unknownParamIssue(name: string): ParamIssue {
  const hint = suggestName(name, PARAM_NAMES);
  const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  return {
    severity: 'error',
    params: [name],
    message: `Unknown parameter ${shown}${hint ? `; did you mean ${hint}?` : ''}`,
    reason: { code: hint ? 'unknownSuggest' : 'unknown', values: { name: shown, ...(hint ? { hint } : {}) } },
  };
}

function checkWholeInRange(t: RangeType, value: unknown): Why | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return why('notNumber', 'is not a number');
  if (!Number.isInteger(value)) return why('notWhole', 'is not a whole number');
  if (value < t.min) return why('belowMin', `is below the minimum ${t.min}`, { min: t.min });
  if (value > t.max) return why('aboveMax', `is above the maximum ${t.max}`, { max: t.max });
  return null;
}

function checkList(t: ListType, value: unknown): Why | null {
  if (!Array.isArray(value)) return why('notList', 'is not a list of numbers');
  if (value.length < t.minItems) return why('tooFewItems', `has ${value.length} numbers, fewer than ${t.minItems}`, { count: value.length, min: t.minItems });
  if (value.length > t.maxItems) return why('tooManyItems', `has ${value.length} numbers, more than ${t.maxItems}`, { count: value.length, max: t.maxItems });
  for (const [index, item] of value.entries()) {
    const shown = showValue(undefined, item);
    if (typeof item !== 'number' || !Number.isFinite(item)) return itemWhy(index, shown, why('notNumber', 'is not a number'));
    if (t.integerItems && !Number.isInteger(item)) return itemWhy(index, shown, why('notWhole', 'is not a whole number'));
    const decimal = decimalFromNumber(item);
    if (!t.integerItems && (decimal === undefined || !hasAtMostDecimals(decimal, LIST_DECIMALS))) {
      return itemWhy(index, shown, why('tooManyDecimals', `with more than ${LIST_DECIMALS} decimals`, { decimals: LIST_DECIMALS }), '');
    }
    if (item < t.itemMin || item > t.itemMax) return itemWhy(index, shown, why('outside', `outside ${t.itemMin}–${t.itemMax}`, { min: t.itemMin, max: t.itemMax }), '');
    const before: unknown = value[index - 1];
    if (t.ascending && typeof before === 'number' && item < before) return itemWhy(index, shown, why('smallerThanBefore', 'smaller than the item before it'), '');
  }
  return null;
}

/**
 * Checks a canonical value (see types.ts) against its definition. Returns the reason it is wrong,
 * phrased to follow the quoted value ("is above the maximum 300"), or null when it is valid.
 */
export function checkCanonical(def: ParamDef, value: unknown): Why | null {
  const t = def.type;
  switch (t.kind) {
    case 'onoff':
      return typeof value === 'boolean' ? null : why('notOnOff', 'is not a boolean (On/Off)');
    case 'integer':
      return checkWholeInRange(t, value);
    case 'autoOrInteger':
      if (value === 'auto') return null;
      if (typeof value === 'string') return why('notAutoOrNumber', 'is neither "auto" nor a number');
      return checkWholeInRange(t, value);
    case 'noneOrInteger':
      if (value === 'none') return null;
      if (typeof value === 'string') return why('notNoneOrNumber', 'is neither "none" nor a number');
      return checkWholeInRange(t, value);
    case 'enum':
      if (typeof value !== 'string') return why('notText', 'is not text');
      return t.options.some((o) => o.value === value) ? null : why('notOption', 'is not one of the options');
    case 'string':
      if (typeof value !== 'string') return why('notText', 'is not text');
      if (value.length > t.maxLength) return why('tooLong', `is ${value.length} characters long`, { length: value.length, max: t.maxLength });
      if (t.pattern !== undefined && !new RegExp(t.pattern).test(value)) return why('badCharacters', 'contains characters that are not allowed');
      return null;
    case 'numberList':
      return checkList(t, value);
  }
}

/**
 * Strict check of a canonical value, as used at RPC boundaries: no string coercion, so "30" is not
 * accepted where 30 is expected. Returns null when the value is valid.
 */
export function validateParamValue(name: string, value: unknown): ParamIssue | null {
  const def = getParam(name);
  if (!def) return unknownParamIssue(name);
  const reason = checkCanonical(def, value);
  return reason === null ? null : valueIssue(def, value, reason);
}
