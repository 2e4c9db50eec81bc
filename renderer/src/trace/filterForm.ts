/**
 * The Debug trace form as flat text fields, turned into a `trace.start` request and checked with
 * the shared schema. Lists are typed comma- or space-separated; errors name the form field and
 * are sentences a reader follows, never the schema library's wording.
 */
import i18next from '../i18n';
import { TRACE_LIMITS, TRACE_METHODS, type TraceFilter } from '@shared/rpc/traceApi';
import { issueText as schemaIssueText } from '../util/issueText';
import type { z } from 'zod';

export interface TraceFormValues {
  ips: string;
  srcIp: string;
  dstIp: string;
  ports: string;
  srcPort: string;
  dstPort: string;
  methods: string;
  responseClasses: string;
  callId: string;
  caller: string;
  callee: string;
  gateway: string;
  text: string;
  durationMin: string;
  maxMessages: string;
}
export type TraceFormField = keyof TraceFormValues;

export interface TraceStartRequest {
  filter: TraceFilter;
  durationSec: number;
  maxMessages: number;
}

export type TraceFormResult = { ok: true; request: TraceStartRequest } | { ok: false; errors: Partial<Record<TraceFormField, string>> };

export const MAX_DURATION_MIN = TRACE_LIMITS.maxDurationSec / 60;
export const DEFAULT_DURATION_MIN = TRACE_LIMITS.defaultDurationSec / 60;

/** What other screens may prefill (a gateway row gives its name, a call its Call-ID and numbers). */
export type TracePrefill = Partial<TraceFilter>;

export function emptyTraceForm(): TraceFormValues {
  return {
    ips: '', srcIp: '', dstIp: '', ports: '', srcPort: '', dstPort: '', methods: '', responseClasses: '',
    callId: '', caller: '', callee: '', gateway: '', text: '',
    durationMin: String(DEFAULT_DURATION_MIN), maxMessages: String(TRACE_LIMITS.defaultMaxMessages),
  };
}

export function formFromPrefill(p: TracePrefill): TraceFormValues {
  const list = (v: readonly (string | number)[] | undefined) => (v ?? []).join(', ');
  const one = (v: string | number | undefined) => (v === undefined ? '' : String(v));
  return {
    ...emptyTraceForm(),
    ips: list(p.ips), srcIp: one(p.srcIp), dstIp: one(p.dstIp), ports: list(p.ports), srcPort: one(p.srcPort), dstPort: one(p.dstPort),
    methods: list(p.methods), responseClasses: list(p.responseClasses?.map((c) => `${c}xx`)),
    callId: one(p.callId), caller: one(p.caller), callee: one(p.callee), gateway: one(p.gateway), text: one(p.text),
  };
}

const FIELDS: readonly TraceFormField[] = ['ips', 'srcIp', 'dstIp', 'ports', 'srcPort', 'dstPort', 'methods', 'responseClasses', 'callId', 'caller', 'callee', 'gateway', 'text', 'durationMin', 'maxMessages'];
/** The field's label in the interface language, as the form shows it. */
export function fieldName(f: TraceFormField): string {
  return i18next.t(`trace.form.field.${f}`);
}

const splitList = (s: string) => s.split(/[\s,;]+/).filter((x) => x !== '');
/** A number as typed, or NaN (so the schema reports it), never a silently trimmed "12abc". */
const toNumber = (s: string) => (/^\s*-?\d+(\.\d+)?\s*$/.test(s) ? Number(s) : Number.NaN);
/** "4", "4xx", "4XX" → 4. */
const toClass = (s: string) => {
  const m = /^([0-9])(xx)?$/i.exec(s);
  return m ? Number(m[1]) : Number.NaN;
};

/**
 * The request the form describes, or an error per field. The schema of `trace.start` decides
 * what is valid; this only translates its findings onto the fields a user typed.
 */
export function parseTraceForm(v: TraceFormValues): TraceFormResult {
  const errors: Partial<Record<TraceFormField, string>> = {};
  const filter: Record<string, unknown> = {};
  const text = (f: 'srcIp' | 'dstIp' | 'callId' | 'caller' | 'callee' | 'gateway' | 'text') => {
    const s = v[f].trim();
    if (s !== '') filter[f] = s;
  };
  const port = (f: 'srcPort' | 'dstPort') => {
    if (v[f].trim() !== '') filter[f] = toNumber(v[f]);
  };
  if (splitList(v.ips).length) filter.ips = splitList(v.ips);
  if (splitList(v.ports).length) filter.ports = splitList(v.ports).map(toNumber);
  if (splitList(v.methods).length) filter.methods = splitList(v.methods).map((m) => m.toUpperCase());
  if (splitList(v.responseClasses).length) filter.responseClasses = splitList(v.responseClasses).map(toClass);
  text('srcIp'); text('dstIp'); text('callId'); text('caller'); text('callee'); text('gateway'); text('text');
  port('srcPort'); port('dstPort');

  const minutes = toNumber(v.durationMin);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_DURATION_MIN) errors.durationMin = i18next.t('trace.form.error.durationMin', { max: MAX_DURATION_MIN });
  const cap = toNumber(v.maxMessages);
  if (!Number.isInteger(cap) || cap < 1 || cap > TRACE_LIMITS.maxMessages) errors.maxMessages = i18next.t('trace.form.error.maxMessages', { max: TRACE_LIMITS.maxMessages.toLocaleString('en') });

  const typed = { ips: splitList(v.ips), ports: splitList(v.ports), methods: splitList(v.methods), responseClasses: splitList(v.responseClasses) };
  const parsed = TRACE_METHODS['trace.start'].params.safeParse({ filter, durationSec: errors.durationMin ? 60 : minutes * 60, maxMessages: errors.maxMessages ? 1 : cap });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [top, key, index] = issue.path;
      if (top !== 'filter' || typeof key !== 'string' || !FIELDS.includes(key as TraceFormField)) continue;
      const field = key as TraceFormField;
      if (errors[field]) continue;
      const entry = typeof index === 'number' ? (typed as Record<string, string[]>)[field]?.[index] : undefined;
      const reason = issueText(field, issue);
      errors[field] = entry !== undefined ? i18next.t('trace.form.error.entry', { field: fieldName(field), entry, reason }) : i18next.t('trace.form.error.field', { field: fieldName(field), reason });
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors: Object.keys(errors).length ? errors : { text: i18next.t('trace.form.error.invalid') } };
  return { ok: true, request: parsed.data as TraceStartRequest };
}

/**
 * What is wrong with one typed value, in the interface language: the few fields whose values read
 * better said their own way, else the shared validation sentences (never the schema's English).
 */
function issueText(field: TraceFormField, issue: z.core.$ZodIssue): string {
  const list = issue.code === 'too_big' && issue.origin === 'array';
  if (!list && field === 'responseClasses') return i18next.t('trace.form.error.responseClass');
  if (!list && (field === 'ports' || field === 'srcPort' || field === 'dstPort')) return i18next.t('trace.form.error.port');
  if (!list && field === 'methods') return i18next.t('trace.form.error.method');
  if (!list && (field === 'ips' || field === 'srcIp' || field === 'dstIp')) return i18next.t('v.format.ip');
  if (!list && field === 'gateway' && issue.code !== 'too_big') return i18next.t('v.format.name');
  return schemaIssueText(issue, TRACE_METHODS['trace.start'].params);
}

/** True when the filter lets everything through: on a busy switch that is a lot, so the form says so. */
export function filterIsEmpty(f: TraceFilter): boolean {
  return Object.values(f).every((x) => x === undefined || (Array.isArray(x) && x.length === 0));
}

/** One line naming what a session captures: "IP 127.0.0.2 · INVITE · gateway carrier-a", or "everything", in the interface language. */
export function describeFilter(f: TraceFilter): string {
  const parts: string[] = [];
  const say = (key: keyof TraceFilter, v: string | number | undefined) => {
    if (v !== undefined && v !== '') parts.push(i18next.t(`trace.filterText.${key}`, { v }));
  };
  if (f.ips?.length) say('ips', f.ips.join(', '));
  say('srcIp', f.srcIp);
  say('dstIp', f.dstIp);
  if (f.ports?.length) say('ports', f.ports.join(', '));
  if (f.srcPort) say('srcPort', f.srcPort);
  if (f.dstPort) say('dstPort', f.dstPort);
  if (f.methods?.length) parts.push(f.methods.join(', '));
  if (f.responseClasses?.length) parts.push(f.responseClasses.map((c) => `${c}xx`).join(', '));
  say('callId', f.callId);
  say('caller', f.caller);
  say('callee', f.callee);
  say('gateway', f.gateway);
  say('text', f.text);
  return parts.length ? parts.join(' · ') : i18next.t('trace.filterText.everything');
}
