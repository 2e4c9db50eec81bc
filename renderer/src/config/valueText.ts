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

/** The words a diff writes for values that are not data (a secret's state, nothing, an empty list, a flag). */
export interface ValueWords {
  set: string;
  notSet: string;
  none: string;
  emptyList: string;
  yes: string;
  no: string;
}

const ENGLISH_WORDS: ValueWords = { set: 'set', notSet: 'not set', none: 'none', emptyList: 'empty list', yes: 'true', no: 'false' };

/**
 * Text for a value in a diff: parameters in catalog form ("30 s"), secrets as set / not set, lists
 * as their elements separated by commas, objects as "field: value" pairs; cut to one line. `words`
 * says the non-data values in the interface language (the field table); by default they are English.
 */
export function formatJsonValue(path: string, value: unknown, words: ValueWords = ENGLISH_WORDS): string {
  const m = PARAM_PATH.exec(path);
  if (m?.[1] && getParam(m[1]) && !isSecret(value)) return formatParamValue(m[1], value as ParamValue, { redactSecrets: true });
  const text = readable(value, true, words);
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text;
}

/** True when the text is one of the words (interface text), not data such as a host or an enum value. */
export function isValueWord(text: string, words: ValueWords): boolean {
  return Object.values(words).includes(text);
}

function readable(value: unknown, top: boolean, words: ValueWords): string {
  if (isSecret(value)) return value.set ? words.set : words.notSet;
  if (value === null) return words.none;
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (Array.isArray(value)) return value.length === 0 ? words.emptyList : value.map((v) => readable(v, false, words)).join(top ? ', ' : ' / ');
  if (typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    const inner = fields.map(([k, v]) => `${k}: ${readable(v, false, words)}`).join(', ');
    return top ? inner : `(${inner})`;
  }
  return String(value);
}
