import i18next from '../i18n';
import type { z } from 'zod';

/** A validation message as a translation key and its values, so every form speaks the user's language. */
export interface IssueKey {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** What the schema allows for a number field, read from the schema itself (both ends of a range). */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
  readonly whole?: boolean;
}

/** Fields whose pattern or custom check has one plain sentence saying what is allowed (v.format.*). */
const FORMAT_OF: Readonly<Record<string, string>> = {
  name: 'name',
  prefixes: 'prefix',
  allowedCallerNumbers: 'prefix',
  prefix: 'prefix',
  with: 'prefix',
  host: 'host',
  ip: 'ip',
  ips: 'ip',
  allowedRoutingGateways: 'name',
  username: 'sipUser',
  realm: 'realm',
  password: 'secret',
  value: 'secret',
  series: 'series',
  severity: 'severity',
  op: 'op',
};

/** The field an issue is about: the last named step of its path (`addresses.0.host` → host, `prefixes.2` → prefixes). */
export function issueField(path: readonly PropertyKey[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
}

function numberRange(b: Bounds, min: number | undefined, max: number | undefined): IssueKey | undefined {
  const lo = min ?? b.min;
  const hi = max ?? b.max;
  if (lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi)) return undefined;
  return { key: b.whole ? 'v.wholeRange' : 'v.range', params: { min: lo, max: hi } };
}

/** Fields with a fixed sentence whatever bound they broke. */
function fixedNumber(field: string | undefined): IssueKey | undefined {
  if (field === 'stopSwitchCodes') return { key: 'v.sipCode' };
  if (field === 'port') return { key: 'v.port' };
  return undefined;
}

/**
 * The translation key of one schema issue: the check that failed, the field it is about and, for
 * numbers, the whole allowed range from the schema. Never the schema's own English wording.
 */
export function issueKey(issue: z.core.$ZodIssue, bounds: Bounds = {}): IssueKey {
  const field = issueField(issue.path);
  const format = field !== undefined ? FORMAT_OF[field] : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int' || issue.expected === 'number') {
        return fixedNumber(field) ?? numberRange({ ...bounds, whole: bounds.whole || issue.expected === 'int' }, undefined, undefined) ?? { key: issue.expected === 'int' ? 'v.whole' : 'v.number' };
      }
      if (issue.expected === 'string') return { key: 'v.required' };
      if (issue.expected === 'array') return { key: 'v.list' };
      if (issue.expected === 'boolean') return { key: 'v.yesNo' };
      return { key: 'v.wrongKind' };
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? { key: 'v.required' } : { key: 'v.minChars', params: { min } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'v.minEntries', params: { count: min } };
      return fixedNumber(field) ?? numberRange(bounds, min, undefined) ?? { key: issue.inclusive === false ? 'v.moreThan' : 'v.atLeast', params: { min } };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { key: 'v.maxChars', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'v.maxEntries', params: { count: max } };
      return fixedNumber(field) ?? numberRange(bounds, undefined, max) ?? { key: issue.inclusive === false ? 'v.lessThan' : 'v.atMost', params: { max } };
    }
    case 'invalid_value':
      if (format === 'severity' || format === 'op') return { key: `v.format.${format}` };
      return { key: 'v.oneOf', params: { values: issue.values.map(String).join(', ') } };
    case 'invalid_format':
      return format ? { key: `v.format.${format}` } : { key: 'v.notAllowedForm' };
    case 'custom':
      if (field === 'minCalls') return { key: 'v.minCallsGatewayOnly' };
      if (field === 'minLength') return { key: 'v.minOverMax' };
      return format ? { key: `v.format.${format}` } : { key: 'v.notAllowedForm' };
    case 'not_multiple_of':
      return { key: 'v.multipleOf', params: { divisor: String(issue.divisor) } };
    case 'unrecognized_keys':
      return { key: 'v.unknownFields', params: { keys: issue.keys.join(', ') } };
    default:
      return { key: 'v.wrongKind' };
  }
}

type Def = { type?: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown>; element?: unknown };
const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } } | undefined)?._zod?.def;
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function unwrap(s: unknown): unknown {
  for (let d = defOf(s); d; d = defOf(s)) {
    if (d.type && WRAPPERS.has(d.type)) s = d.innerType;
    else if (d.type === 'pipe') s = d.in;
    else break;
  }
  return s;
}

/** The number bounds the schema sets at a field path (objects and arrays are followed; unions are not). */
export function boundsAt(schema: unknown, path: readonly PropertyKey[]): Bounds {
  let s = unwrap(schema);
  for (const step of path) {
    const d = defOf(s);
    if (d?.type === 'object' && typeof step === 'string') s = unwrap(d.shape?.[step]);
    else if (d?.type === 'array' && typeof step === 'number') s = unwrap(d.element);
    else return {};
  }
  const n = s as { minValue?: number | null; maxValue?: number | null; isInt?: boolean } | undefined;
  if (defOf(s)?.type !== 'number' || !n) return {};
  const finite = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) && Math.abs(x) < Number.MAX_SAFE_INTEGER ? x : undefined);
  return { min: finite(n.minValue), max: finite(n.maxValue), whole: n.isInt === true };
}

/** One schema issue in the interface language. */
export function issueText(issue: z.core.$ZodIssue, schema?: unknown): string {
  const { key, params } = issueKey(issue, schema ? boundsAt(schema, issue.path) : {});
  return i18next.t(key, params);
}
