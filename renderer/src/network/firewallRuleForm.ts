/**
 * The firewall rule forms, pure: text fields to rules checked by the shared schema, each
 * plain-English message attached to the field it is about. An allow-list takes its sources one per
 * line or separated by commas or spaces.
 */
import { FirewallRuleSchema, type FirewallPolicy, type FirewallRule } from '@shared/model/firewall';

export interface AllowForm {
  name: string;
  kind: 'allow-sip' | 'allow-management';
  sources: string;
}
export type AllowField = 'name' | 'sources';
export const EMPTY_ALLOW_FORM: AllowForm = { name: '', kind: 'allow-sip', sources: '' };

export interface PolicyForm {
  closeSipToOthers: boolean;
  sipRatePerSec: string;
  sipBurst: string;
  sshPort: string;
  /** Empty: no media limit. */
  rtpRatePerSec: string;
  /** Empty: the agent's default burst. */
  rtpBurst: string;
}
export type PolicyField = 'sipRatePerSec' | 'sipBurst' | 'sshPort' | 'rtpRatePerSec' | 'rtpBurst';

export type FormCheck<R, F extends string> = { ok: true; rule: R } | { ok: false; errors: Partial<Record<F, string>> };

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s.trim()));

function fieldErrors<F extends string>(issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[], fields: readonly F[]): Partial<Record<F, string>> {
  const errors: Partial<Record<F, string>> = {};
  for (const issue of issues) {
    const field = issue.path[0] as F | undefined;
    if (field === undefined || !fields.includes(field) || errors[field]) continue;
    const at = typeof issue.path[1] === 'number' ? ` (entry ${issue.path[1] + 1})` : '';
    errors[field] = issue.code === 'invalid_type' ? 'must be a whole number' : `${issue.message}${at}`;
  }
  return errors;
}

export function checkAllowForm(f: AllowForm, takenNames: ReadonlySet<string>): FormCheck<FirewallRule, AllowField> {
  const sources = f.sources.split(/[\s,]+/).filter((s) => s !== '');
  const parsed = FirewallRuleSchema.safeParse({ name: f.name.trim(), kind: f.kind, sources });
  const errors = parsed.success ? {} : fieldErrors<AllowField>(parsed.error.issues, ['name', 'sources']);
  if (takenNames.has(f.name.trim())) errors.name = 'another firewall rule already has this name';
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, rule: parsed.data };
}

export function policyToForm(p: FirewallPolicy | undefined): PolicyForm {
  return { closeSipToOthers: p?.closeSipToOthers ?? false, sipRatePerSec: String(p?.sipRatePerSec ?? 0), sipBurst: String(p?.sipBurst ?? 50), sshPort: String(p?.sshPort ?? 22), rtpRatePerSec: p?.rtpRatePerSec === undefined ? '' : String(p.rtpRatePerSec), rtpBurst: p?.rtpBurst === undefined ? '' : String(p.rtpBurst) };
}

export function checkPolicyForm(f: PolicyForm, name: string): FormCheck<FirewallRule, PolicyField> {
  const optional = (s: string) => (s.trim() === '' ? undefined : num(s));
  const parsed = FirewallRuleSchema.safeParse({
    name, kind: 'policy', closeSipToOthers: f.closeSipToOthers, sipRatePerSec: num(f.sipRatePerSec), sipBurst: num(f.sipBurst), sshPort: num(f.sshPort),
    rtpRatePerSec: optional(f.rtpRatePerSec), rtpBurst: optional(f.rtpBurst),
  });
  if (!parsed.success) return { ok: false, errors: fieldErrors<PolicyField>(parsed.error.issues, ['sipRatePerSec', 'sipBurst', 'sshPort', 'rtpRatePerSec', 'rtpBurst']) };
  return { ok: true, rule: parsed.data };
}
