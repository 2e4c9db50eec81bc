import { formatParamValue, type EngineSupport, type ParamDef, type ParamValue } from '@shared/catalog';
import { UNIT_SYMBOL } from '@shared/catalog/units';
import type { ShownValue } from './ParamEditor';

/** The range of a parameter in a few characters, its unit left to the Unit column: "1–300", "Auto, 20–7200", "On/Off". */
export function compactRange(def: ParamDef): string {
  const t = def.type;
  switch (t.kind) {
    case 'onoff': return 'On/Off';
    case 'integer': return `${t.min}–${t.max}`;
    case 'autoOrInteger': return `Auto, ${t.min}–${t.max}`;
    case 'noneOrInteger': return `None, ${t.min}–${t.max}`;
    case 'enum': return t.options.map((o) => o.label).join(' / ');
    case 'string': return `≤ ${t.maxLength} chars`;
    case 'numberList': return `${t.minItems === t.maxItems ? t.minItems : `${t.minItems}–${t.maxItems}`} × ${t.itemMin}–${t.itemMax}`;
  }
}

export function compactUnit(def: ParamDef): string {
  const t = def.type;
  return 'unit' in t && t.unit ? UNIT_SYMBOL[t.unit] : '';
}

/** A value as the table shows it: numbers without their unit (it has its own column), secrets never. */
export function compactValue(def: ParamDef, value: ShownValue, hidden: string): string {
  if (typeof value === 'object' && !Array.isArray(value)) return hidden;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(', ');
  return formatParamValue(def.name, value as ParamValue, { redactSecrets: true });
}

/** Engine-status order for sorting: what the switch applies first. */
export const ENGINE_RANK: Readonly<Record<EngineSupport['status'], number>> = { enforced: 0, approximated: 1, stored: 2 };
