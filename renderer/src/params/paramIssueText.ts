import type { TFunction } from 'i18next';
import { getParam, type ParamDef, type ParamIssue } from '@shared/catalog';
import type { ParamUnit } from '@shared/catalog/types';
import { LIST_DECIMALS } from '@shared/catalog/describe';

/** The catalog's pattern hints, by the key of their sentence in paramIssue.allowed.hint. */
export const PATTERN_HINT_KEYS: Readonly<Record<string, string>> = {
  'printable ASCII characters': 'ascii',
  'printable ASCII characters without spaces': 'asciiNoSpace',
};

function range(t: TFunction, min: number, max: number, unit: ParamUnit | undefined): string {
  if (unit === undefined) return `${min}–${max}`;
  const word = t(`dense.params.words.unit.${unit}`);
  return unit === 'percent' ? `${min}–${max}${word}` : `${min}–${max} ${word}`;
}

/** What a parameter accepts, in the interface language ("1–300 s", "自动，或 20–7200 s"). */
export function allowedText(def: ParamDef, t: TFunction): string {
  const ty = def.type;
  switch (ty.kind) {
    case 'onoff':
      return t('paramIssue.allowed.onoff');
    case 'integer':
      return range(t, ty.min, ty.max, ty.unit);
    case 'autoOrInteger':
      return t('paramIssue.allowed.autoOr', { range: range(t, ty.min, ty.max, ty.unit) });
    case 'noneOrInteger':
      return t('paramIssue.allowed.noneOr', { range: range(t, ty.min, ty.max, ty.unit) });
    case 'enum':
      // The options are the catalog's value names as they are chosen in the list.
      return ty.options.map((o) => o.label).join(' / ');
    case 'string': {
      const hint = ty.patternHint !== undefined ? PATTERN_HINT_KEYS[ty.patternHint] : undefined;
      return hint ? t('paramIssue.allowed.textHint', { max: ty.maxLength, hint: t(`paramIssue.allowed.hint.${hint}`) }) : t('paramIssue.allowed.text', { max: ty.maxLength });
    }
    case 'numberList': {
      const count = ty.minItems === ty.maxItems ? `${ty.minItems}` : `${ty.minItems}–${ty.maxItems}`;
      const precision = ty.integerItems ? t('paramIssue.allowed.whole') : t('paramIssue.allowed.decimals', { decimals: LIST_DECIMALS });
      return t(ty.ascending ? 'paramIssue.allowed.listAscending' : 'paramIssue.allowed.list', { count, range: range(t, ty.itemMin, ty.itemMax, ty.unit), precision });
    }
  }
}

/**
 * A catalog finding in the interface language, from its reason code and values; the English
 * `message` stays for logs and the agent. A code this table does not know shows that message.
 */
export function paramIssueText(issue: ParamIssue, t: TFunction): string {
  const { code, values } = issue.reason;
  if (code === 'unknown' || code === 'unknownSuggest') return t(`paramIssue.${code}`, values);
  if (code.startsWith('cross.') && t(`paramIssue.${code}`, { defaultValue: '' }) !== '') return t(`paramIssue.${code}`, values);
  const def = getParam(issue.params[0] ?? '');
  const reasonKey = `paramIssue.reason.${code.slice('value.'.length)}`;
  if (!code.startsWith('value.') || !def || t(reasonKey, { defaultValue: '' }) === '') return issue.message;
  const unitWord = (u: string | number | undefined) => (typeof u === 'string' && u in UNIT_KEYS ? t(`paramIssue.unitName.${u}`) : String(u ?? ''));
  const reason = t(reasonKey, { ...values, unit: unitWord(values.unit), target: unitWord(values.target) });
  const value = values.hidden !== undefined ? t('paramIssue.hidden', { length: values.length }) : values.value;
  return t(values.item !== undefined ? 'paramIssue.valueItem' : 'paramIssue.value', { ...values, value, reason, allowed: allowedText(def, t) });
}

const UNIT_KEYS: Readonly<Record<ParamUnit, true>> = { ms: true, s: true, min: true, h: true, times: true, calls: true, bytes: true, percent: true, messages: true };
