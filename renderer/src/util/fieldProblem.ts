import type { TFunction } from 'i18next';
import type { FieldError, FieldReason } from '@shared/model/fieldPath';
import { paramIssueText } from '../params/paramIssueText';
import { agentProblemKey } from './agentProblemText';

/** A configuration finding as the operator reads it; `details` (the check's English) only when no sentence fits. */
export interface ProblemText {
  text: string;
  details?: string;
}

/** Findings that already have a form sentence (v.*): the same words in the form, the apply dialog and the drafts. */
const FORM_SENTENCE: Readonly<Record<string, string>> = {
  'registration.required': 'v.requiredForRegistration',
  'auth.passwordRequired': 'v.requiredForPassword',
  'auth.portRequired': 'v.requiredForIpPort',
  'auth.ipRequired': 'v.ipRequired',
  'address.twice': 'v.addressTwice',
  'routing.unknown': 'v.noRoutingGateway',
  'auth.userTaken': 'v.userTaken',
  'endpoint.passwordRequired': 'v.requiredForEndpoint',
  'endpoint.accountTaken': 'v.accountTaken',
};

/** The sentence of a reason code, or undefined when this version has none for it. */
export function reasonText(t: TFunction, reason: FieldReason, message: string): string | undefined {
  const { code, values } = reason;
  if (code.startsWith('catalog.')) {
    const issue = { severity: 'error' as const, params: reason.params ?? [], message, reason: { code: code.slice('catalog.'.length), values } };
    const text = paramIssueText(issue, t);
    return text === message ? undefined : text;
  }
  const form = FORM_SENTENCE[code];
  if (form) return t(form, values);
  if (code === 'source.claimed') {
    const where = values.port === undefined ? String(values.ip) : t('problem.field.source.ipPort', values);
    return values.other === undefined ? t('problem.field.source.self', { where }) : t('problem.field.source.other', { where, other: values.other });
  }
  const key = `problem.field.${code}`;
  if (t(key, { defaultValue: '' }) === '') return undefined;
  const collection = typeof values.collection === 'string' ? values.collection : 'item';
  const what = t(`problem.field.collection.${collection}`, { defaultValue: t('problem.field.collection.item') });
  return t(key, { ...values, what });
}

/**
 * One finding of the configuration checks (local or the agent's) in the interface language: by its
 * reason code, else by the sentences known for older agents' wording, else a plain sentence saying the
 * server refused (or warns about) the value, with the server's own words for the details view.
 */
export function fieldProblem(t: TFunction, e: FieldError, severity: 'error' | 'warning' = 'error'): ProblemText {
  // A gateway's own timeout out of its system parameter's range reads as the form's range sentence.
  const override = e.reason?.code.startsWith('catalog.') === true && !e.path.startsWith('params.') ? agentProblemKey(e.message) : undefined;
  if (override) return { text: t(override.key, override.params) };
  const byReason = e.reason ? reasonText(t, e.reason, e.message) : undefined;
  if (byReason !== undefined) return { text: byReason };
  const known = agentProblemKey(e.message);
  if (known) return { text: t(known.key, known.params) };
  return { text: t(severity === 'error' ? 'problem.field.refused' : 'problem.field.warned'), details: e.message };
}

/**
 * A form's check before staging: the shared checks' findings (with a reason) in the interface
 * language, and the form's own findings, already written in it, as they are.
 */
export function formProblemText(t: TFunction, e: FieldError): string {
  const p = fieldProblem(t, e);
  return p.details === undefined ? p.text : e.message;
}
