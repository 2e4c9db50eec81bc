/**
 * The alert rule editor's form, pure: text fields to a rule checked by the shared schema, with the
 * messages in the interface language (util/issueText.ts) attached to the field they are about.
 */
import i18next from '../i18n';
import { AlertRuleSchema, type AlertRule } from '@shared/model/alertRule';
import { issueText } from '../util/issueText';

export interface RuleForm {
  name: string;
  enabled: boolean;
  severity: AlertRule['severity'];
  series: string;
  op: AlertRule['op'];
  threshold: string;
  forSec: string;
  hysteresis: string;
  clearForSec: string;
  minCalls: string;
  description: string;
}

export type RuleField = keyof RuleForm;

export function formOf(r: AlertRule): RuleForm {
  return {
    name: r.name, enabled: r.enabled, severity: r.severity, series: r.series, op: r.op,
    threshold: String(r.threshold), forSec: String(r.forSec), hysteresis: String(r.hysteresis),
    clearForSec: String(r.clearForSec), minCalls: String(r.minCalls), description: r.description,
  };
}

export const EMPTY_RULE_FORM: RuleForm = {
  name: '', enabled: true, severity: 'warning', series: '', op: 'above', threshold: '', forSec: '60', hysteresis: '0', clearForSec: '0', minCalls: '0', description: '',
};

/** "" and words are not numbers: they reach the schema as NaN so it says "must be a number". */
function num(text: string): number {
  const t = text.trim();
  return t === '' ? Number.NaN : Number(t);
}

export type RuleCheck = { ok: true; rule: AlertRule } | { ok: false; errors: Partial<Record<RuleField, string>> };

export function checkRuleForm(f: RuleForm, takenNames: ReadonlySet<string>): RuleCheck {
  const parsed = AlertRuleSchema.safeParse({
    name: f.name.trim(), enabled: f.enabled, severity: f.severity, series: f.series.trim(), op: f.op,
    threshold: num(f.threshold), forSec: num(f.forSec), hysteresis: num(f.hysteresis),
    clearForSec: num(f.clearForSec), minCalls: num(f.minCalls), description: f.description.trim(),
  });
  const errors: Partial<Record<RuleField, string>> = {};
  if (takenNames.has(f.name.trim())) errors.name = i18next.t('alerts.nameTaken');
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as RuleField | undefined;
      if (field && !errors[field]) errors[field] = issueText(issue, AlertRuleSchema);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, rule: parsed.data };
}
