// Dial plans and identity settings as the compact text the script reads (cfgDialPlans.ts,
// cfgIdentity.ts). They travel inside the rows Kamailio already loads — a routing gateway's
// drouting attrs, a mapping gateway's permissions/subscriber tag — so they are reloaded in the
// same step as the gateways they belong to, and no user string ever reaches kamailio.cfg.
//
// A dial plan is "<count>|<rule>|<rule>…", each rule "<prefix>.<min>.<max>.<action>":
//   prefix: the match prefix (may be empty); min/max: length bounds, 0 = none;
//   action: "k" keep, "s<N>" strip N characters, "p<P>" prepend P, "r<W>" replace the prefix with W.
// Prefixes and arguments hold only digits, '*', '#' and '+', so '.', '|', ':' and ';' never occur
// inside a field. The semantics are those of applyDialPlan (shared/model/dialPlan.ts): the first
// rule that matches rewrites the number, no further rule runs.
import type { DialRule } from '@shared/model/dialPlan';
import { checkInt } from './validate';

const PREFIX_RE = /^\+?[0-9*#]{0,32}$/;
export const MAX_DIAL_RULES = 100;

function checkPrefix(field: string, v: unknown, nonEmpty = false): string {
  if (typeof v !== 'string' || !PREFIX_RE.test(v) || (nonEmpty && v === '')) {
    throw new Error(`${field}: must be ${nonEmpty ? '1' : '0'}–32 digits, "*" or "#", with an optional leading "+"`);
  }
  return v;
}

function encodeRule(field: string, r: DialRule): string {
  const prefix = checkPrefix(`${field}.match.prefix`, r.match.prefix);
  const min = r.match.minLength === null ? 0 : checkInt(`${field}.match.minLength`, r.match.minLength, 1, 64);
  const max = r.match.maxLength === null ? 0 : checkInt(`${field}.match.maxLength`, r.match.maxLength, 1, 64);
  if (min > 0 && max > 0 && min > max) throw new Error(`${field}.match.minLength: must not exceed maxLength`);
  const a = r.action;
  let action: string;
  switch (a.kind) {
    case 'keep':
      action = 'k';
      break;
    case 'strip':
      action = `s${checkInt(`${field}.action.digits`, a.digits, 1, 32)}`;
      break;
    case 'prepend':
      action = `p${checkPrefix(`${field}.action.prefix`, a.prefix, true)}`;
      break;
    case 'replacePrefix':
      action = `r${checkPrefix(`${field}.action.with`, a.with)}`;
      break;
    default:
      throw new Error(`${field}.action.kind: must be keep, strip, prepend or replacePrefix`);
  }
  return `${prefix}.${min}.${max}.${action}`;
}

/** The script form of a dial plan; '' for an empty plan (the script then leaves the number alone). */
export function encodeDialPlan(field: string, plan: readonly DialRule[] | undefined): string {
  if (!plan || plan.length === 0) return '';
  if (plan.length > MAX_DIAL_RULES) throw new Error(`${field}: at most ${MAX_DIAL_RULES} rules`);
  return [String(plan.length), ...plan.map((r, i) => encodeRule(`${field}[${i}]`, r))].join('|');
}

export type GatewayPrivacy = 'none' | 'passthrough' | 'id';
export type IdentityHeaderMode = 'none' | 'passthrough' | 'caller';

/** A routing gateway's number rewriting and identity headers (see cfgIdentity.ts). */
export interface GatewayIdentityInput {
  privacy?: GatewayPrivacy;
  pAssertedIdentity?: IdentityHeaderMode;
  pPreferredIdentity?: IdentityHeaderMode;
  callerDialPlan?: readonly DialRule[];
  calleeDialPlan?: readonly DialRule[];
}

const PRIVACY_CODES: Record<GatewayPrivacy, string> = { none: '', passthrough: 'p', id: 'i' };
const HEADER_CODES: Record<IdentityHeaderMode, string> = { none: '', passthrough: 'p', caller: 'c' };

function code<K extends string>(field: string, table: Record<K, string>, v: K | undefined): string {
  if (v === undefined) return '';
  if (!Object.prototype.hasOwnProperty.call(table, v)) throw new Error(`${field}: must be one of ${Object.keys(table).join(', ')}`);
  return table[v];
}

/**
 * The attrs parameters of a routing gateway's identity settings, each with its leading ';'
 * (appended to gatewayAttrs): prv (p|i), pai / ppi (p|c), dpr (caller plan), dpe (callee plan).
 * Defaults are left out: "none" and an empty plan.
 */
export function identityAttrs(field: string, s: GatewayIdentityInput = {}): string {
  const parts: string[] = [];
  const prv = code(`${field}.privacy`, PRIVACY_CODES, s.privacy);
  const pai = code(`${field}.pAssertedIdentity`, HEADER_CODES, s.pAssertedIdentity);
  const ppi = code(`${field}.pPreferredIdentity`, HEADER_CODES, s.pPreferredIdentity);
  if (prv) parts.push(`prv=${prv}`);
  if (pai) parts.push(`pai=${pai}`);
  if (ppi) parts.push(`ppi=${ppi}`);
  const dpr = encodeDialPlan(`${field}.callerDialPlan`, s.callerDialPlan);
  const dpe = encodeDialPlan(`${field}.calleeDialPlan`, s.calleeDialPlan);
  if (dpr) parts.push(`dpr=${dpr}`);
  if (dpe) parts.push(`dpe=${dpe}`);
  return parts.map((p) => `;${p}`).join('');
}

/** A mapping gateway's privacy trust and dial plans (see cfgIdentity.ts). */
export interface MappingIdentityInput {
  supportPrivacy?: boolean;
  callerDialPlan?: readonly DialRule[];
  calleeDialPlan?: readonly DialRule[];
}

/**
 * Fields 3–5 of a mapping gateway's tag "<group>:<name>:<max duration>:<flags>:<caller plan>:<callee plan>",
 * each with its leading ':'; '' when all are defaults (the tag then keeps its short form).
 * Flags: "p" = Support Privacy (the gateway is inside the trust domain: its Privacy,
 * P-Asserted-Identity and P-Preferred-Identity headers are kept for Passthrough).
 */
export function mappingTagFields(field: string, s: MappingIdentityInput = {}): string {
  const flags = s.supportPrivacy === true ? 'p' : '';
  const dpr = encodeDialPlan(`${field}.callerDialPlan`, s.callerDialPlan);
  const dpe = encodeDialPlan(`${field}.calleeDialPlan`, s.calleeDialPlan);
  if (!flags && !dpr && !dpe) return '';
  return `:${flags}:${dpr}:${dpe}`;
}
