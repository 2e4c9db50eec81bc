import { getParam } from './catalog';
import { withUnit } from './describe';
import type { ParamValue } from './types';

export interface FormatOptions {
  /** Replace secret strings (e.g. SS_RTPENCRYPTIONKEY) with a mask; the default keeps the real text so it parses back. */
  readonly redactSecrets?: boolean;
}

export const REDACTED = '••••••••';

/**
 * Text for a canonical value that parseParamInput reads back to the same value, e.g. "On", "Auto",
 * "30 s", "0.5, 1, 2, 4". Values that do not fit the definition are shown plainly rather than throwing,
 * because stored configurations may be older than the catalog.
 */
export function formatParamValue(name: string, value: ParamValue, options: FormatOptions = {}): string {
  const def = getParam(name);
  const t = def?.type;
  if (t !== undefined) {
    switch (t.kind) {
      case 'onoff':
        if (typeof value === 'boolean') return value ? 'On' : 'Off';
        break;
      case 'integer':
        if (typeof value === 'number') return withUnit(value, t.unit);
        break;
      case 'autoOrInteger':
        if (value === 'auto') return 'Auto';
        if (typeof value === 'number') return withUnit(value, t.unit);
        break;
      case 'noneOrInteger':
        if (value === 'none') return 'None';
        if (typeof value === 'number') return withUnit(value, t.unit);
        break;
      case 'enum': {
        const option = t.options.find((o) => o.value === value);
        if (option) return option.label;
        break;
      }
      case 'string':
        if (typeof value === 'string') return t.secret && options.redactSecrets && value !== '' ? REDACTED : value;
        break;
      case 'numberList':
        break;
    }
  }
  return plain(value);
}

function plain(value: ParamValue): string {
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}

/** Value equality for canonical values (number lists compare item by item). */
export function paramValueEquals(a: ParamValue, b: ParamValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => item === b[i]);
  }
  return a === b;
}
