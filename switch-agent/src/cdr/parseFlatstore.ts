// Parses one line of the acc CDR files that db_flatstore writes (table `acc_cdrs`). Pure.
//
// Line layout (acc core columns, then cdr_extra in the order renderCfg declares them):
//   start|end|duration|callid|src_ip|src_port|mgw_group|mgw|rgw|rgw_addr|caller|callee|code|tries|ended|t_start|t_answer|t_end|t_ring
// Files written before `tries` existed have 13 fields and are read as having no attempts; before
// `ended` existed, 14, read as not saying who ended the call; before the t_* columns, 15, read
// with whole-second times and no answer time; before t_ring, 18, read with the post-dial delay
// unknown (an empty t_ring in a 19-field line means no 18x came: the delay runs to the answer).
//
// Milliseconds: acc keeps its start and end as dialog variables "start_time"/"end_time" in
// "<sec>.<usec>" form but writes them to the db as DB1_DATETIME, i.e. whole seconds. The cfg
// therefore also writes those variables themselves as cdr_extra (t_start, t_end), and the answer
// time it records on the first 2xx ($dlg_var(answered), cfgGatewaySwitch.ts) as t_answer.
// acc's start is the dialog's creation (the INVITE; cdr_start_on_confirmed is off). It sets the
// end only when a confirmed call ends, so for an unanswered call its end equals its start: the
// end of such a call is taken from the last gateway attempt (the time its final reply came).
//
// db_flatstore 5.6 writing rules (km_flatstore.c flat_db_insert, checked against real output):
//  - start/end are DB1_DATETIME: Unix seconds, "%u" (whole seconds only);
//  - duration is DB1_DOUBLE: "%f", e.g. "0.131000";
//  - strings (DB1_STR) are written raw, except the delimiter '|', written as "%7C"
//    (encode_delimiter, default on). '%' itself is NOT escaped, so a value that really contained
//    the three characters "%7C" reads back as '|'. For SIP user parts that is the same thing
//    (RFC 3261 escaping of '|'), so we accept the ambiguity rather than keep "%7C" for both.
//  - NULL is not written distinctly: an unset $dlg_var comes out as an empty field. Empty
//    therefore maps to null here.
//  - newlines, CR and other control bytes are not escaped. The values come from parsed SIP
//    header fields and agent-written tables, so none should carry one; if one ever does, the
//    line splits and both halves are rejected here with a reason (never dropped silently).

import { CALL_END_CAUSES, CDR_ATTEMPT_PHASES, type CallEndCause, type CdrAttemptPhase } from '@shared/rpc/cdrApi';

export const FLATSTORE_CDR_COLUMNS = [
  'start', 'end', 'duration', 'callid', 'src_ip', 'src_port', 'mgw_group', 'mgw', 'rgw', 'rgw_addr', 'caller', 'callee', 'code', 'tries', 'ended',
  't_start', 't_answer', 't_end', 't_ring',
] as const;

/** Field counts of the layouts written so far (oldest first); see the header. */
const LAYOUT_FIELDS = [13, 14, 15, 18, 19] as const;


/** One routing gateway tried for the call (cfgGatewaySwitch.ts writes them in order). */
export interface CdrAttempt {
  gateway: string;
  /** host:port the INVITE went to. */
  address: string;
  /** Its final reply (408 when our own timer ended it, 487 when the caller cancelled). */
  code: number;
  /** When the INVITE was sent and when the attempt ended, Unix milliseconds. */
  startMs: number;
  endMs: number;
  /** The furthest provisional reply before it ended; absent in lines written before it was kept. */
  lastReply?: CdrAttemptPhase;
  /** When its first 18x came, Unix ms; null when none came; absent in lines written before it was kept. */
  ringMs?: number | null;
}

export interface CdrRecord {
  /** Unix milliseconds (whole seconds ×1000 for lines written before the t_* columns). */
  startMs: number;
  /** When the call was answered (first 2xx), Unix milliseconds; null when it was not or not known. */
  answerMs: number | null;
  /** When the caller got its first 18x, Unix milliseconds; null when none came or not known. */
  ringMs: number | null;
  /** Post-dial delay: INVITE to the first 18x, or to the answer when no 18x came; null when neither came or not known. */
  pddMs: number | null;
  endMs: number;
  /** Seconds with millisecond precision as written by acc. */
  durationSec: number;
  callId: string;
  srcIp: string | null;
  srcPort: number | null;
  /** permissions group of the mapping gateway (its numeric id in the engine tables). */
  mappingGroup: number | null;
  mappingGateway: string | null;
  routingGateway: string | null;
  /** host:port of the last routing gateway tried. */
  routingAddress: string | null;
  caller: string | null;
  callee: string | null;
  /** Final SIP status code, null when none was recorded. */
  sipCode: number | null;
  /** Every routing gateway tried, in order. */
  attempts: CdrAttempt[];
  /** Who or what ended the answered call; null when not answered or not recorded. */
  endedBy: CallEndCause | null;
  /** Set only for calls the switch refused before a dialog existed (parseRefused.ts): why, in words. */
  refusedReason?: string | null;
}

export type ParsedCdrLine = { ok: true; cdr: CdrRecord } | { ok: false; reason: string };

const DELIMITER = '|';
// Year 9999-12-31T23:59:59Z: anything beyond cannot be a CDR time.
const MAX_EPOCH = 253402300799;
const UINT_RE = /^\d{1,11}$/;
const DURATION_RE = /^\d{1,10}(\.\d{1,9})?$/;
const SIP_CODE_RE = /^[1-6]\d\d$/;

class FieldError extends Error {}

const ms = (sec: string, usec: string) => Number(sec) * 1000 + Math.round(Number(usec.padEnd(6, '0')) / 1000);

/** Undoes db_flatstore's only escape: the delimiter written as "%7C". */
export function decodeFlatstoreString(raw: string): string {
  return raw.includes('%7C') ? raw.split('%7C').join(DELIMITER) : raw;
}

function show(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

function epochMs(field: string, raw: string): number {
  if (!UINT_RE.test(raw) || Number(raw) > MAX_EPOCH) throw new FieldError(`${field}: not a Unix time in seconds: ${show(raw)}`);
  return Number(raw) * 1000;
}

const PRECISE_RE = /^(\d{1,11})\.(\d{1,6})$/;

/** "<sec>.<usec>" (acc's and $TV(Sn)'s form) as Unix milliseconds; undefined when it is not one. */
export function secUsecToMs(raw: string): number | undefined {
  const m = PRECISE_RE.exec(raw);
  return m && Number(m[1]) <= MAX_EPOCH ? ms(m[1]!, m[2]!) : undefined;
}

function preciseMs(field: string, raw: string): number | null {
  if (raw === '') return null;
  const v = secUsecToMs(raw);
  if (v === undefined) throw new FieldError(`${field}: not a Unix time as <seconds>.<microseconds>: ${show(raw)}`);
  return v;
}

function optionalInt(field: string, raw: string, min: number, max: number): number | null {
  if (raw === '') return null;
  if (!UINT_RE.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new FieldError(`${field}: not an integer in ${min}..${max}: ${show(raw)}`);
  }
  return Number(raw);
}

function optionalText(raw: string): string | null {
  return raw === '' ? null : decodeFlatstoreString(raw);
}

const ATTEMPT_RE = /^(\S+) (\S+) ([1-6]\d\d) (\d{1,11})\.(\d{1,6}) (\d{1,11})\.(\d{1,6})(?: ([0-3]))?(?: (0|\d{1,11}\.\d{1,6}))?$/;

/** "<gateway> <host:port> <code> <sec.usec> <sec.usec> [<phase> [<first 18x sec.usec, or 0>]]" entries joined by ';'. */
export function parseAttempts(raw: string): CdrAttempt[] {
  if (raw === '') return [];
  return raw.split(';').map((entry, i) => {
    const m = ATTEMPT_RE.exec(entry);
    if (!m) throw new FieldError(`tries[${i}]: not "<gateway> <address> <code> <sent> <ended> [<phase> [<first 18x>]]": ${show(entry)}`);
    const a: CdrAttempt = { gateway: m[1]!, address: m[2]!, code: Number(m[3]), startMs: ms(m[4]!, m[5]!), endMs: ms(m[6]!, m[7]!) };
    if (m[8] !== undefined) a.lastReply = CDR_ATTEMPT_PHASES[Number(m[8])]!;
    if (m[9] !== undefined) a.ringMs = m[9] === '0' ? null : secUsecToMs(m[9])!;
    return a;
  });
}

function endCause(raw: string): CallEndCause | null {
  if (raw === '') return null;
  const cause = CALL_END_CAUSES.find((c) => c === raw);
  if (!cause) throw new FieldError(`ended: not one of ${CALL_END_CAUSES.join(', ')}: ${show(raw)}`);
  return cause;
}

export function parseFlatstoreLine(line: string): ParsedCdrLine {
  if (line.length === 0) return { ok: false, reason: 'empty line' };
  const f = line.split(DELIMITER);
  if (!(LAYOUT_FIELDS as readonly number[]).includes(f.length)) {
    return { ok: false, reason: `expected ${FLATSTORE_CDR_COLUMNS.length} fields separated by '|', got ${f.length}` };
  }
  const [start, end, duration, callid, srcIp, srcPort, mgwGroup, mgw, rgw, rgwAddr, caller, callee, code, tries = '', ended = '', tStart = '', tAnswer = '', tEnd = '', tRing] = f as [
    string, string, string, string, string, string, string, string, string, string, string, string, string, string?, string?, string?, string?, string?, string?,
  ];
  try {
    const startMs = preciseMs('t_start', tStart) ?? epochMs('start', start);
    const accEndMs = preciseMs('t_end', tEnd) ?? epochMs('end', end);
    // A call answered before the cfg wrote times there holds "1": known to be answered, not when.
    const answerMs = tAnswer === '1' ? null : preciseMs('t_answer', tAnswer);
    const ringMs = tRing === undefined ? null : preciseMs('t_ring', tRing);
    const pddEnd = tRing === undefined ? null : (ringMs ?? answerMs);
    const attempts = parseAttempts(decodeFlatstoreString(tries));
    if (!DURATION_RE.test(duration)) throw new FieldError(`duration: not a number of seconds: ${show(duration)}`);
    const callId = decodeFlatstoreString(callid);
    if (callId === '') throw new FieldError('callid: empty');
    const lastAttemptEnd = attempts.length > 0 ? attempts[attempts.length - 1]!.endMs : 0;
    const endedBy = endCause(ended);
    // acc counts from the ACK, so a call whose ACK never came has 0 there; the called side was up
    // (and its carrier counts) from the answer to the switch's BYE.
    const accDurationSec = Number(duration);
    const durationSec = endedBy === 'no-ack' && answerMs !== null ? Math.max(0, accEndMs - answerMs) / 1000 : accDurationSec;
    const cdr: CdrRecord = {
      startMs,
      answerMs,
      ringMs,
      pddMs: pddEnd === null ? null : Math.max(0, pddEnd - startMs),
      endMs: answerMs === null ? Math.max(accEndMs, lastAttemptEnd) : accEndMs,
      durationSec: Math.round(durationSec * 1000) / 1000,
      callId,
      srcIp: optionalText(srcIp),
      srcPort: optionalInt('src_port', srcPort, 0, 65535),
      mappingGroup: optionalInt('mgw_group', mgwGroup, 0, 2 ** 31 - 1),
      mappingGateway: optionalText(mgw),
      routingGateway: optionalText(rgw),
      routingAddress: optionalText(rgwAddr),
      caller: optionalText(caller),
      callee: optionalText(callee),
      sipCode: null,
      attempts,
      endedBy,
    };
    if (code !== '') {
      if (!SIP_CODE_RE.test(code)) throw new FieldError(`code: not a SIP status code: ${show(code)}`);
      cdr.sipCode = Number(code);
    }
    return { ok: true, cdr };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, reason: e.message };
    throw e;
  }
}
