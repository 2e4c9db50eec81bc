import { formatParamValue, getParam, type ParamValue } from '@shared/catalog';
import { isSecret } from '@shared/model/secret';

const MAX = 160;
const PARAM_PATH = /^params\.(SS_[A-Z0-9_]+)$/;

/**
 * Text for the missing side of a change: a parameter missing from a snapshot is at its default, so
 * the default is shown; anything else did not exist.
 */
export function formatAbsent(path: string, absentText: string, defaultText: string): string {
  const m = PARAM_PATH.exec(path);
  const def = m?.[1] ? getParam(m[1]) : undefined;
  return def ? `${formatParamValue(def.name, def.default, { redactSecrets: true })} ${defaultText}` : absentText;
}

/**
 * Text for a value in a diff: parameters in catalog form ("30 s"), secrets as set / not set, lists
 * as their elements separated by commas, objects as "field: value" pairs; cut to one line.
 */
export function formatJsonValue(path: string, value: unknown): string {
  const m = PARAM_PATH.exec(path);
  if (m?.[1] && getParam(m[1]) && !isSecret(value)) return formatParamValue(m[1], value as ParamValue, { redactSecrets: true });
  const text = readable(value, true);
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text;
}

function readable(value: unknown, top: boolean): string {
  if (isSecret(value)) return value.set ? 'set' : 'not set';
  if (value === null) return 'none';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (Array.isArray(value)) return value.length === 0 ? 'empty list' : value.map((v) => readable(v, false)).join(top ? ', ' : ' / ');
  if (typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    const inner = fields.map(([k, v]) => `${k}: ${readable(v, false)}`).join(', ');
    return top ? inner : `(${inner})`;
  }
  return String(value);
}
