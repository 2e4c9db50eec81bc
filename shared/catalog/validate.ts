import { PARAM_NAMES, getParam } from './catalog';
import { LIST_DECIMALS, describeAllowed } from './describe';
import { showValue } from './show';
import { suggestName } from './suggest';
import type { ParamDef, ParamIssue, ParamType } from './types';
import { decimalFromNumber, hasAtMostDecimals } from './units';

type RangeType = { min: number; max: number };
type ListType = Extract<ParamType, { kind: 'numberList' }>;

/** Builds the standard message: `NAME: <value> <reason>; allowed: <allowed>`. */
export function valueIssue(def: ParamDef, shownInput: unknown, reason: string): ParamIssue {
  return {
    severity: 'error',
    params: [def.name],
    message: `${def.name}: ${showValue(def, shownInput)} ${reason}; allowed: ${describeAllowed(def)}`,
  };
}

export function unknownParamIssue(name: string): ParamIssue {
  const hint = suggestName(name, PARAM_NAMES);
  const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  return {
    severity: 'error',
    params: [name],
    message: `Unknown parameter ${shown}${hint ? `; did you mean ${hint}?` : ''}`,
  };
}

function checkWholeInRange(t: RangeType, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a number';
  if (!Number.isInteger(value)) return 'is not a whole number';
  if (value < t.min) return `is below the minimum ${t.min}`;
  if (value > t.max) return `is above the maximum ${t.max}`;
  return null;
}

function checkList(t: ListType, value: unknown): string | null {
  if (!Array.isArray(value)) return 'is not a list of numbers';
  if (value.length < t.minItems) return `has ${value.length} numbers, fewer than ${t.minItems}`;
  if (value.length > t.maxItems) return `has ${value.length} numbers, more than ${t.maxItems}`;
  for (const [index, item] of value.entries()) {
    const at = `item ${index + 1} (${showValue(undefined, item)})`;
    if (typeof item !== 'number' || !Number.isFinite(item)) return `has ${at} that is not a number`;
    if (t.integerItems && !Number.isInteger(item)) return `has ${at} that is not a whole number`;
    const decimal = decimalFromNumber(item);
    if (!t.integerItems && (decimal === undefined || !hasAtMostDecimals(decimal, LIST_DECIMALS))) {
      return `has ${at} with more than ${LIST_DECIMALS} decimals`;
    }
    if (item < t.itemMin || item > t.itemMax) return `has ${at} outside ${t.itemMin}–${t.itemMax}`;
    const before: unknown = value[index - 1];
    if (t.ascending && typeof before === 'number' && item < before) return `has ${at} smaller than the item before it`;
  }
  return null;
}

/**
 * Checks a canonical value (see types.ts) against its definition. Returns the reason it is wrong,
 * phrased to follow the quoted value ("is above the maximum 300"), or null when it is valid.
 */
export function checkCanonical(def: ParamDef, value: unknown): string | null {
  const t = def.type;
  switch (t.kind) {
    case 'onoff':
      return typeof value === 'boolean' ? null : 'is not a boolean (On/Off)';
    case 'integer':
      return checkWholeInRange(t, value);
    case 'autoOrInteger':
      if (value === 'auto') return null;
      if (typeof value === 'string') return 'is neither "auto" nor a number';
      return checkWholeInRange(t, value);
    case 'noneOrInteger':
      if (value === 'none') return null;
      if (typeof value === 'string') return 'is neither "none" nor a number';
      return checkWholeInRange(t, value);
    case 'enum':
      if (typeof value !== 'string') return 'is not text';
      return t.options.some((o) => o.value === value) ? null : 'is not one of the options';
    case 'string':
      if (typeof value !== 'string') return 'is not text';
      if (value.length > t.maxLength) return `is ${value.length} characters long`;
      if (t.pattern !== undefined && !new RegExp(t.pattern).test(value)) return 'contains characters that are not allowed';
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
