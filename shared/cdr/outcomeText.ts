// A call record's outcome in plain words, shown beside its SIP code (CDR page, CSV): who hung
// up, what the switch refused and why, which timer ended an attempt, how gateway switching went.
// Built only from the stored facts of the record. Pure.
import type { CallEndCause, CdrAttemptPhase, CdrAttemptWire, CdrRecordWire } from '../rpc/cdrApi';

export type CdrOutcomeFacts = Pick<CdrRecordWire, 'result' | 'sipCode' | 'reason' | 'endedBy' | 'routingGateway' | 'attempts'>;

const ENDED: Record<CallEndCause, string> = {
  caller: 'the caller hung up',
  callee: 'the called party hung up',
  'duration-limit': 'the switch ended it at the call duration limit',
  'session-timer': 'the switch ended it because the session refreshes stopped (session timer)',
  'no-ack': 'the caller never confirmed the answer (no ACK), so the switch ended it',
  admin: 'an administrator hung it up',
};

// Which of the switch's timers ends an attempt, by the furthest provisional reply it had
// (cfgGatewaySwitch.ts: no reply at all waits for the INVITE timeout, then each phase has its own).
const TIMER: Record<CdrAttemptPhase, string> = {
  none: 'no reply within the INVITE timeout',
  trying: 'no ringing within the trying timeout',
  ringing: 'no answer within the ringing timeout',
  progress: 'no answer within the session progress timeout',
};

const CODE_WORDS: Readonly<Record<number, string>> = {
  400: 'bad request', 403: 'forbidden', 404: 'number not found', 408: 'timed out', 480: 'temporarily unavailable',
  484: 'incomplete number', 486: 'busy', 487: 'cancelled', 488: 'media not acceptable', 500: 'gateway error',
  502: 'bad gateway', 503: 'service unavailable', 504: 'gateway timeout', 600: 'busy everywhere', 603: 'declined',
};

/** "486 busy", "599" for a code without common words. */
export function sipCodeWords(code: number): string {
  const w = CODE_WORDS[code];
  return w ? `${code} ${w}` : String(code);
}

function attemptText(a: CdrAttemptWire): string {
  if (a.code === 487) return 'cancelled by the caller';
  if (a.code === 408 && a.lastReply) return `408 ${TIMER[a.lastReply]}`;
  return sipCodeWords(a.code);
}

const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;

export function cdrOutcomeText(r: CdrOutcomeFacts): string {
  if (r.result === 'refused') {
    return sentence(`refused by the switch: ${r.reason ?? 'no reason recorded'}`);
  }
  const tried = r.attempts;
  if (r.result === 'answered') {
    const by = tried.at(-1)?.gateway ?? r.routingGateway;
    const failedBefore = tried.slice(0, -1).map((a) => `${a.gateway} (${attemptText(a)})`);
    const parts = [`answered${by ? ` by ${by}` : ''}${failedBefore.length ? ` after ${failedBefore.join(', ')}` : ''}`];
    if (r.endedBy) parts.push(ENDED[r.endedBy]);
    return sentence(parts.join('; '));
  }
  const last = tried.at(-1);
  if (!last) {
    return sentence(r.sipCode === null ? 'failed without a final reply' : `failed with ${sipCodeWords(r.sipCode)} before any gateway was tried`);
  }
  if (last.code === 487) {
    const before = tried.slice(0, -1).map((a) => `${a.gateway} (${attemptText(a)})`);
    return sentence(`the caller cancelled before an answer${before.length ? `, after ${before.join(', ')}` : ''}`);
  }
  if (tried.length === 1) return sentence(`failed at ${last.gateway}: ${attemptText(last)}`);
  return sentence(`failed on all ${tried.length} gateways tried: ${tried.map((a) => `${a.gateway} (${attemptText(a)})`).join(', ')}`);
}
