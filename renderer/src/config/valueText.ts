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
 * Text for a value in a diff: parameters in catalog form ("30 s"), secrets as set / not set,
 * anything else as compact JSON cut to one line.
 */
export function formatJsonValue(path: string, value: unknown): string {
  if (isSecret(value)) return value.set ? '(secret set)' : '(no secret)';
  const m = PARAM_PATH.exec(path);
  if (m?.[1] && getParam(m[1])) return formatParamValue(m[1], value as ParamValue, { redactSecrets: true });
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text;
}
