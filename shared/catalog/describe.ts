import type { ParamDef, ParamType, ParamUnit } from './types';
import { UNIT_SYMBOL } from './units';

/** Fraction digits allowed in non-integer number lists (millisecond resolution for second-based lists). */
export const LIST_DECIMALS = 3;

export function withUnit(n: number, unit: ParamUnit | undefined): string {
  if (unit === undefined) return String(n);
  if (unit === 'percent') return `${n}%`;
  return `${n} ${UNIT_SYMBOL[unit]}`;
}

function range(min: number, max: number, unit: ParamUnit | undefined): string {
  const suffix = unit === undefined ? '' : unit === 'percent' ? '%' : ` ${UNIT_SYMBOL[unit]}`;
  return `${min}–${max}${suffix}`;
}

export function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

type EnumOption = Extract<ParamType, { kind: 'enum' }>['options'][number];

function optionText(option: EnumOption): string {
  // Numeric codes (RTP modes) are shown with their meaning; labels that already start with the code are not repeated.
  const label = option.label;
  if (label.toLowerCase() === option.value.toLowerCase() || label.startsWith(option.value)) return label;
  return `${option.value} = ${label}`;
}

/** Human text of what a parameter accepts, e.g. "1–300 s", "Auto, or 20–7200 s", "Ignore, Id or None". */
export function describeAllowed(def: ParamDef): string {
  const t = def.type;
  switch (t.kind) {
    case 'onoff':
      return 'On or Off';
    case 'integer':
      return range(t.min, t.max, t.unit);
    case 'autoOrInteger':
      return `Auto, or ${range(t.min, t.max, t.unit)}`;
    case 'noneOrInteger':
      return `None, or ${range(t.min, t.max, t.unit)}`;
    case 'enum':
      return joinOr(t.options.map(optionText));
    case 'string': {
      const hint = t.patternHint ? `, ${t.patternHint}` : '';
      return `text of at most ${t.maxLength} characters${hint}`;
    }
    case 'numberList': {
      const count = t.minItems === t.maxItems ? `${t.minItems}` : `${t.minItems}–${t.maxItems}`;
      const precision = t.integerItems ? 'whole numbers' : `at most ${LIST_DECIMALS} decimals`;
      const order = t.ascending ? ', each not smaller than the one before' : '';
      return `${count} comma-separated numbers, each ${range(t.itemMin, t.itemMax, t.unit)} (${precision})${order}`;
    }
  }
}
