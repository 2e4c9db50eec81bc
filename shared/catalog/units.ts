import type { ParamUnit } from './types';

/** Words a user may type after a number, per unit (compared lower-case). */
const UNIT_WORDS: Readonly<Record<ParamUnit, readonly string[]>> = {
  ms: ['ms', 'msec', 'msecs', 'millisecond', 'milliseconds'],
  s: ['s', 'sec', 'secs', 'second', 'seconds'],
  min: ['min', 'mins', 'minute', 'minutes'],
  h: ['h', 'hr', 'hrs', 'hour', 'hours'],
  times: ['time', 'times', 'x'],
  calls: ['call', 'calls'],
  bytes: ['b', 'byte', 'bytes'],
  percent: ['%', 'percent', 'pct'],
  messages: ['msg', 'msgs', 'message', 'messages'],
};

/** Length of each time unit in milliseconds; units not listed convert only to themselves. */
const TIME_MS: Partial<Record<ParamUnit, number>> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 };

/** How a unit is written after a number in messages and formatted values. */
export const UNIT_SYMBOL: Readonly<Record<ParamUnit, string>> = {
  ms: 'ms',
  s: 's',
  min: 'min',
  h: 'h',
  times: 'times',
  calls: 'calls',
  bytes: 'bytes',
  percent: '%',
  messages: 'messages',
};

/** Long unit names for "is not a whole number of seconds" style messages. */
export const UNIT_NAME: Readonly<Record<ParamUnit, string>> = {
  ms: 'milliseconds',
  s: 'seconds',
  min: 'minutes',
  h: 'hours',
  times: 'times',
  calls: 'calls',
  bytes: 'bytes',
  percent: 'percent',
  messages: 'messages',
};

export function unitFromWord(word: string): ParamUnit | undefined {
  const lower = word.toLowerCase();
  for (const [unit, words] of Object.entries(UNIT_WORDS) as [ParamUnit, readonly string[]][]) {
    if (words.includes(lower)) return unit;
  }
  return undefined;
}

/**
 * A decimal kept exact as `digits / 10^scale` so that "1.1 min" → 66 s is decided without
 * floating-point rounding.
 */
export interface Decimal {
  readonly digits: bigint;
  readonly scale: number;
}

export interface NumberWithUnit {
  readonly value: Decimal;
  /** The unit word as typed, or undefined when the user typed a bare number. */
  readonly unitWord: string | undefined;
}

const NUMBER_WITH_UNIT = /^([+-]?)(\d+)(?:\.(\d+))?\s*([a-zA-Z%]+)?$/;

/** Parses "30", " 30s ", "1.5 min", "-2"; returns undefined when the text is not of that shape. */
export function parseNumberWithUnit(text: string): NumberWithUnit | undefined {
  const match = NUMBER_WITH_UNIT.exec(text.trim());
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = '', unitWord] = match;
  // Long digit strings cannot be meaningful settings; refuse them instead of losing precision.
  if (whole.length + fraction.length > 15) return undefined;
  const digits = BigInt(`${sign}${whole}${fraction}`);
  return { value: { digits, scale: fraction.length }, unitWord };
}

export function decimalFromNumber(n: number): Decimal | undefined {
  if (!Number.isFinite(n)) return undefined;
  const parsed = parseNumberWithUnit(String(n));
  return parsed?.value;
}

/**
 * Converts `value` from unit `from` to unit `to` and returns it as a Decimal, or undefined when the
 * units do not convert into each other (e.g. seconds to times).
 */
export function convertDecimal(value: Decimal, from: ParamUnit, to: ParamUnit): Decimal | undefined {
  if (from === to) return value;
  const fromMs = TIME_MS[from];
  const toMs = TIME_MS[to];
  if (fromMs === undefined || toMs === undefined) return undefined;
  // value * fromMs / toMs, kept exact by folding the division into the scale where possible.
  const numerator = value.digits * BigInt(fromMs);
  const denominator = BigInt(toMs) * 10n ** BigInt(value.scale);
  return reduce(numerator, denominator);
}

/** Returns n/d as a Decimal when it has a finite decimal expansion with at most 15 fraction digits. */
function reduce(n: bigint, d: bigint): Decimal | undefined {
  for (let scale = 0; scale <= 15; scale += 1) {
    const scaled = n * 10n ** BigInt(scale);
    if (scaled % d === 0n) return { digits: scaled / d, scale };
  }
  return undefined;
}

export function isWhole(value: Decimal): boolean {
  return value.digits % 10n ** BigInt(value.scale) === 0n;
}

/** True when the value has at most `places` digits after the decimal point. */
export function hasAtMostDecimals(value: Decimal, places: number): boolean {
  if (value.scale <= places) return true;
  return value.digits % 10n ** BigInt(value.scale - places) === 0n;
}

export function decimalToNumber(value: Decimal): number {
  return Number(value.digits) / 10 ** value.scale;
}
