// Parses one line of the `acc_refused` flatstore table: INVITEs the switch refused before any
// dialog existed (engine/kamailio/cfgRefusedCalls.ts), into a call record with the reason. Pure.
//
// Line layout (acc request core columns, then db_extra in cfgRefusedCalls' order):
//   method|from_tag|to_tag|callid|sip_code|sip_reason|time|src_ip|src_port|caller|callee|mgw|reason|t
// Same db_flatstore rules as parseFlatstore.ts: Unix seconds, '|' written as "%7C", empty = null.
// `t` is the same instant to the microsecond ($TV(Sn)); lines written before it have 13 fields.
import { decodeFlatstoreString, secUsecToMs, type CdrRecord, type ParsedCdrLine } from './parseFlatstore';

const FIELDS = 14;
const UINT_RE = /^\d{1,11}$/;
const MAX_EPOCH = 253402300799;

const text = (raw: string): string | null => (raw === '' ? null : decodeFlatstoreString(raw));

export function parseRefusedLine(line: string): ParsedCdrLine {
  const f = line.split('|');
  if (f.length !== FIELDS && f.length !== FIELDS - 1) return { ok: false, reason: `expected ${FIELDS} fields separated by '|', got ${f.length}` };
  const [method, , , callid, code, , time, srcIp, srcPort, caller, callee, mgw, reason, t = ''] = f as [string, string, string, string, string, string, string, string, string, string, string, string, string, string?];
  if (method !== 'INVITE') return { ok: false, reason: `method: only INVITEs are recorded as refused calls, got ${JSON.stringify(method.slice(0, 20))}` };
  if (!UINT_RE.test(time) || Number(time) > MAX_EPOCH) return { ok: false, reason: `time: not a Unix time in seconds: ${JSON.stringify(time.slice(0, 40))}` };
  const callId = decodeFlatstoreString(callid);
  if (callId === '') return { ok: false, reason: 'callid: empty' };
  if (code !== '' && !/^[1-6]\d\d$/.test(code)) return { ok: false, reason: `sip_code: not a SIP status code: ${JSON.stringify(code.slice(0, 20))}` };
  if (srcPort !== '' && (!/^\d{1,5}$/.test(srcPort) || Number(srcPort) > 65535)) return { ok: false, reason: `src_port: not a port: ${JSON.stringify(srcPort.slice(0, 20))}` };
  const precise = t === '' ? undefined : secUsecToMs(t);
  if (t !== '' && precise === undefined) return { ok: false, reason: `t: not a Unix time as <seconds>.<microseconds>: ${JSON.stringify(t.slice(0, 40))}` };
  const at = precise ?? Number(time) * 1000;
  const record: CdrRecord = {
    startMs: at,
    answerMs: null,
    ringMs: null,
    pddMs: null,
    endMs: at,
    durationSec: 0,
    callId,
    srcIp: text(srcIp),
    srcPort: srcPort === '' ? null : Number(srcPort),
    mappingGroup: null,
    mappingGateway: text(mgw),
    routingGateway: null,
    routingAddress: null,
    // Refused before any gateway was tried.
    attempts: [],
    endedBy: null,
    caller: text(caller),
    callee: text(callee),
    sipCode: code === '' ? null : Number(code),
    // A refused record always has a reason: it is what marks it refused.
    refusedReason: text(reason) ?? 'refused by the switch',
  };
  return { ok: true, cdr: record };
}
