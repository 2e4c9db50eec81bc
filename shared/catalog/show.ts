import type { ParamDef } from './types';

const MAX_SHOWN = 40;

/** How a user-supplied value is quoted in an error message; secret values are never echoed. */
export function showValue(def: ParamDef | undefined, value: unknown): string {
  if (def?.type.kind === 'string' && def.type.secret === true) {
    return typeof value === 'string' ? `(hidden value, ${value.length} characters)` : '(hidden value)';
  }
  return showPlain(value);
}

function showPlain(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return JSON.stringify(cut);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) {
    const shown = value.slice(0, 12).map(showPlain).join(', ');
    return `[${shown}${value.length > 12 ? ', …' : ''}]`;
  }
  return 'an object';
}
