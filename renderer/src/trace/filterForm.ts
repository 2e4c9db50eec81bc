/**
 * The Debug trace form as flat text fields, turned into a `trace.start` request and checked with
 * the shared schema. Lists are typed comma- or space-separated; errors name the form field and
 * are sentences a reader follows, never the schema library's wording.
 */
import { TRACE_LIMITS, TRACE_METHODS, type TraceFilter } from '@shared/rpc/traceApi';

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

const FIELD_NAMES: Record<TraceFormField, string> = {
  ips: 'IP addresses', srcIp: 'Source IP', dstIp: 'Destination IP', ports: 'Ports', srcPort: 'Source port', dstPort: 'Destination port',
  methods: 'Methods', responseClasses: 'Response classes', callId: 'Call-ID', caller: 'Caller number', callee: 'Callee number',
  gateway: 'Gateway', text: 'Text', durationMin: 'Duration', maxMessages: 'Message cap',
};
export function fieldName(f: TraceFormField): string {
  return FIELD_NAMES[f];
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
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_DURATION_MIN) errors.durationMin = `Duration must be a whole number of minutes from 1 to ${MAX_DURATION_MIN}.`;
  const cap = toNumber(v.maxMessages);
  if (!Number.isInteger(cap) || cap < 1 || cap > TRACE_LIMITS.maxMessages) errors.maxMessages = `Message cap must be a whole number from 1 to ${TRACE_LIMITS.maxMessages.toLocaleString('en')}.`;

  const typed = { ips: splitList(v.ips), ports: splitList(v.ports), methods: splitList(v.methods), responseClasses: splitList(v.responseClasses) };
  const parsed = TRACE_METHODS['trace.start'].params.safeParse({ filter, durationSec: errors.durationMin ? 60 : minutes * 60, maxMessages: errors.maxMessages ? 1 : cap });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [top, key, index] = issue.path;
      if (top !== 'filter' || typeof key !== 'string' || !(key in FIELD_NAMES)) continue;
      const field = key as TraceFormField;
      if (errors[field]) continue;
      const entry = typeof index === 'number' ? (typed as Record<string, string[]>)[field]?.[index] : undefined;
      errors[field] = entry !== undefined ? `${FIELD_NAMES[field]}: "${entry}" ${issueText(field, issue.message)}.` : `${FIELD_NAMES[field]} ${issueText(field, issue.message)}.`;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors: Object.keys(errors).length ? errors : { text: 'The filter is not valid.' } };
  return { ok: true, request: parsed.data as TraceStartRequest };
}

/** The schema's sentence, with the few places where a typed value reads better said another way. */
function issueText(field: TraceFormField, message: string): string {
  if (field === 'responseClasses' && /1–6|whole number/.test(message)) return 'must be a class from 1xx to 6xx, written 4 or 4xx';
  if ((field === 'ports' || field === 'srcPort' || field === 'dstPort') && /expected number|whole number|1–65535/i.test(message)) return 'must be a port number from 1 to 65535';
  if (/expected number, received NaN/i.test(message)) return 'must be a number';
  return message;
}

/** True when the filter lets everything through: on a busy switch that is a lot, so the form says so. */
export function filterIsEmpty(f: TraceFilter): boolean {
  return Object.values(f).every((x) => x === undefined || (Array.isArray(x) && x.length === 0));
}

/** One line naming what a session captures: "IPs 127.0.0.2 · INVITE · gateway carrier-a", or "everything". */
export function describeFilter(f: TraceFilter): string {
  const parts: string[] = [];
  if (f.ips?.length) parts.push(`IP ${f.ips.join(', ')}`);
  if (f.srcIp) parts.push(`from ${f.srcIp}`);
  if (f.dstIp) parts.push(`to ${f.dstIp}`);
  if (f.ports?.length) parts.push(`port ${f.ports.join(', ')}`);
  if (f.srcPort) parts.push(`from port ${f.srcPort}`);
  if (f.dstPort) parts.push(`to port ${f.dstPort}`);
  if (f.methods?.length) parts.push(f.methods.join(', '));
  if (f.responseClasses?.length) parts.push(f.responseClasses.map((c) => `${c}xx`).join(', '));
  if (f.callId) parts.push(`Call-ID ${f.callId}`);
  if (f.caller) parts.push(`caller ${f.caller}`);
  if (f.callee) parts.push(`callee ${f.callee}`);
  if (f.gateway) parts.push(`gateway ${f.gateway}`);
  if (f.text) parts.push(`text "${f.text}"`);
  return parts.length ? parts.join(' · ') : 'everything';
}
