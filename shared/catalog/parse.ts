import { getParam } from './catalog';
import type { ParamType, ParamUnit, ParamValue, ParseResult } from './types';
import { UNIT_NAME, convertDecimal, decimalFromNumber, decimalToNumber, isWhole, parseNumberWithUnit, unitFromWord } from './units';
import type { Decimal } from './units';
import { checkCanonical, itemWhy, unknownParamIssue, valueIssue, why, type Why } from './validate';

export { validateParamValue } from './validate';
export { formatParamValue, paramValueEquals } from './format';

const ON_WORDS = ['on', 'true', 'yes', '1', 'enabled', 'enable'];
const OFF_WORDS = ['off', 'false', 'no', '0', 'disabled', 'disable'];
const AUTO_WORDS = ['auto', 'auto negotiation', 'auto-negotiation', 'autonegotiation'];
const NONE_WORDS = ['none'];

/** Either a coerced (not yet range-checked) value or the reason the input could not be read. */
type Coerced = { ok: true; value: unknown } | { ok: false; reason: Why };

const fail = (reason: Why): Coerced => ({ ok: false, reason });
const NOT_NUMBER = why('notNumber', 'is not a number');
const pass = (value: unknown): Coerced => ({ ok: true, value });

/**
 * Reads user input (text from a form or CLI, or a JSON value) for parameter `name` and returns the
 * canonical value, or an error naming the parameter, the bad input and what is allowed.
 */
export function parseParamInput(name: string, input: unknown): ParseResult {
  const def = getParam(name);
  if (!def) return { ok: false, error: unknownParamIssue(name) };
  const coerced = coerce(def.type, input);
  if (!coerced.ok) return { ok: false, error: valueIssue(def, input, coerced.reason) };
  const reason = checkCanonical(def, coerced.value);
  if (reason !== null) return { ok: false, error: valueIssue(def, input, reason) };
  return { ok: true, value: coerced.value as ParamValue };
}

function coerce(t: ParamType, input: unknown): Coerced {
  switch (t.kind) {
    case 'onoff':
      return coerceOnOff(input);
    case 'integer':
      return coerceWhole(input, t.unit);
    case 'autoOrInteger':
      return isWord(input, AUTO_WORDS) ? pass('auto') : coerceWhole(input, t.unit, 'auto');
    case 'noneOrInteger':
      return isWord(input, NONE_WORDS) ? pass('none') : coerceWhole(input, t.unit, 'none');
    case 'enum':
      return coerceEnum(t.options, input);
    case 'string':
      return typeof input === 'string' ? pass(input) : fail(why('notText', 'is not text'));
    case 'numberList':
      return coerceList(input, t.unit, t.integerItems);
  }
}

function isWord(input: unknown, words: readonly string[]): boolean {
  return typeof input === 'string' && words.includes(input.trim().toLowerCase().replace(/\s+/g, ' '));
}

function coerceOnOff(input: unknown): Coerced {
  if (typeof input === 'boolean') return pass(input);
  if (input === 1 || input === 0) return pass(input === 1);
  if (typeof input === 'string') {
    const word = input.trim().toLowerCase();
    if (ON_WORDS.includes(word)) return pass(true);
    if (OFF_WORDS.includes(word)) return pass(false);
  }
  return fail(why('notOnOff', 'is not On or Off (yes/no, true/false and 1/0 are also accepted)'));
}

function coerceEnum(options: Extract<ParamType, { kind: 'enum' }>['options'], input: unknown): Coerced {
  const text = typeof input === 'number' && Number.isFinite(input) ? String(input) : input;
  if (typeof text !== 'string') return fail(why('notOption', 'is not one of the options'));
  const wanted = text.trim().toLowerCase();
  const match =
    options.find((o) => o.value.toLowerCase() === wanted) ?? options.find((o) => o.label.toLowerCase() === wanted);
  return match ? pass(match.value) : fail(why('notOption', 'is not one of the options'));
}

/**
 * Reads one number with an optional unit word and converts it into `unit`. Returns the exact
 * decimal, or the reason it cannot be read.
 */
function readQuantity(input: unknown, unit: ParamUnit | undefined): { ok: true; value: Decimal } | { ok: false; reason: Why } {
  if (typeof input === 'number') {
    const decimal = decimalFromNumber(input);
    return decimal ? { ok: true, value: decimal } : { ok: false, reason: NOT_NUMBER };
  }
  if (typeof input !== 'string') return { ok: false, reason: NOT_NUMBER };
  const parsed = parseNumberWithUnit(input);
  if (!parsed) return { ok: false, reason: NOT_NUMBER };
  if (parsed.unitWord === undefined) return { ok: true, value: parsed.value };
  const typed = unitFromWord(parsed.unitWord);
  if (typed === undefined) return { ok: false, reason: why('unknownUnit', `has an unknown unit "${parsed.unitWord}"`, { unit: parsed.unitWord }) };
  if (unit === undefined) return { ok: false, reason: why('unitNotAllowed', `has a unit (${UNIT_NAME[typed]}), but this parameter takes a plain number`, { unit: typed }) };
  const converted = convertDecimal(parsed.value, typed, unit);
  if (!converted) return { ok: false, reason: why('unitNotConvertible', `is in ${UNIT_NAME[typed]}, which cannot be converted to ${UNIT_NAME[unit]}`, { unit: typed, target: unit }) };
  return { ok: true, value: converted };
}

function coerceWhole(input: unknown, unit: ParamUnit | undefined, word?: 'auto' | 'none'): Coerced {
  const quantity = readQuantity(input, unit);
  if (!quantity.ok) {
    // "abc" for a plain integer reads best as "is not a whole number"; keep unit problems specific.
    if (quantity.reason !== NOT_NUMBER) return fail(quantity.reason);
    if (word === 'auto') return fail(why('notAutoOrWhole', 'is not "Auto" or a whole number'));
    if (word === 'none') return fail(why('notNoneOrWhole', 'is not "None" or a whole number'));
    return fail(why('notWhole', 'is not a whole number'));
  }
  if (!isWhole(quantity.value)) {
    const hasUnitWord = typeof input === 'string' && /[a-zA-Z%]\s*$/.test(input.trim());
    return fail(unit !== undefined && hasUnitWord ? why('notWholeOfUnit', `is not a whole number of ${UNIT_NAME[unit]}`, { unit }) : why('notWhole', 'is not a whole number'));
  }
  return pass(decimalToNumber(quantity.value));
}

function coerceList(input: unknown, unit: ParamUnit | undefined, integerItems: boolean): Coerced {
  let items: readonly unknown[];
  if (Array.isArray(input)) items = input;
  else if (typeof input === 'string') items = input.trim() === '' ? [] : input.split(',');
  else return fail(why('notList', 'is not a list of numbers'));
  const values: number[] = [];
  for (const [index, item] of items.entries()) {
    const quantity = readQuantity(typeof item === 'string' ? item.trim() : item, unit);
    const shown = JSON.stringify(typeof item === 'string' ? item.trim() : item) ?? String(item);
    if (!quantity.ok) return fail(itemWhy(index, shown, quantity.reason));
    if (integerItems && !isWhole(quantity.value)) return fail(itemWhy(index, shown, why('notWhole', 'is not a whole number')));
    values.push(decimalToNumber(quantity.value));
  }
  return pass(values);
}

