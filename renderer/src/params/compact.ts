import { formatParamValue, type ParamDef, type ParamEngineSupport, type ParamValue } from '@shared/catalog';
import { UNIT_SYMBOL } from '@shared/catalog/units';
import type { ShownValue } from './ParamEditor';
import type { ParamUnit } from '@shared/catalog/types';

/**
 * The few value words the table shows in the interface language. Enum labels (Ignore, E164, SIP
 * reason phrases) are the catalog's own value names, typed as they are; they stay and are marked English.
 */
export interface ParamWords {
  on: string;
  off: string;
  auto: string;
  none: string;
  chars: (max: number) => string;
  unit: (unit: ParamUnit) => string;
}

/** Plain English words, for callers without a translation table (tests, exports). */
export const ENGLISH_WORDS: ParamWords = { on: 'On', off: 'Off', auto: 'Auto', none: 'None', chars: (n) => `≤ ${n} chars`, unit: (u) => UNIT_SYMBOL[u] };

/** The range of a parameter in a few characters, its unit left to the Unit column: "1–300", "Auto, 20–7200", "On/Off". */
export function compactRange(def: ParamDef, w: ParamWords = ENGLISH_WORDS): string {
  const t = def.type;
  switch (t.kind) {
    case 'onoff': return `${w.on}/${w.off}`;
    case 'integer': return `${t.min}–${t.max}`;
    case 'autoOrInteger': return `${w.auto}, ${t.min}–${t.max}`;
    case 'noneOrInteger': return `${w.none}, ${t.min}–${t.max}`;
    case 'enum': return t.options.map((o) => o.label).join(' / ');
    case 'string': return w.chars(t.maxLength);
    case 'numberList': return `${t.minItems === t.maxItems ? t.minItems : `${t.minItems}–${t.maxItems}`} × ${t.itemMin}–${t.itemMax}`;
  }
}

export function compactUnit(def: ParamDef, w: ParamWords = ENGLISH_WORDS): string {
  const t = def.type;
  return 'unit' in t && t.unit ? w.unit(t.unit) : '';
}

/** A value as the table shows it: numbers without their unit (it has its own column), secrets never. */
export function compactValue(def: ParamDef, value: ShownValue, hidden: string, w: ParamWords = ENGLISH_WORDS): string {
  if (typeof value === 'object' && !Array.isArray(value)) return hidden;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? w.on : w.off;
  if (value === 'auto' && def.type.kind === 'autoOrInteger') return w.auto;
  if (value === 'none' && def.type.kind === 'noneOrInteger') return w.none;
  return formatParamValue(def.name, value as ParamValue, { redactSecrets: true });
}

/**
 * How a value cell is marked for language: enum labels are the catalog's English value names; a text
 * parameter's value is whatever the operator typed (a banner, a user agent), not interface text.
 */
export function valueMarks(def: ParamDef): { lang?: string; translate?: 'no' } {
  if (def.type.kind === 'enum') return { lang: 'en' };
  if (def.type.kind === 'string') return { translate: 'no' };
  return {};
}

/** Engine-status order for sorting: what the switch applies first. */
export const ENGINE_RANK: Readonly<Record<ParamEngineSupport['status'], number>> = { enforced: 0, approximated: 1, stored: 2 };
