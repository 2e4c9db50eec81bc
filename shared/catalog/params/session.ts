import type { ParamDef } from '../types';
import { SIP_PAGE, SYSTEM_PAGE } from './locations';

export const SESSION_PARAMS: ParamDef[] = [
  {
    name: 'SS_SIP_SESSION_TTL',
    group: 'sip',
    category: 'session',
    type: { kind: 'integer', min: 90, max: 86400, unit: 's' },
    default: 600,
    description:
      'Session-Expires value for calls whose endpoints support SIP session timers (RFC 4028). If a refresh gets no 200 OK, the switch ends the call.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_SESSION_UPDATE_SEGMENT', 'SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP', 'SS_SIP_NO_TIMER_REINVITE_INTERVAL'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/session-timers.test.ts › SS_SIP_SESSION_TTL 600 then 90 and SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP 0 then 4: intervals capped on the wire, refreshed calls kept, dead sessions ended with BYE to both legs',
    },
    sourceNote:
      'Default 600 s agrees everywhere. Ranges disagree: the SIP publish article (citing table 4-3) gives 90–7200 s, the session timer ' +
      'article gives 60–86400 s. Minimum 90 s kept because RFC 4028 forbids a Min-SE below 90 s and the article\'s own trace shows Min-SE: 90, ' +
      'so 60 s would be refused by compliant peers (422). Maximum 86400 s taken from the wider range so that configurations exported from ' +
      'systems that accept it are not rejected; a longer TTL breaks nothing in the protocol.',
  },
  {
    name: 'SS_SIP_SESSION_UPDATE_SEGMENT',
    group: 'sip',
    category: 'session',
    type: { kind: 'integer', min: 2, max: 10 },
    default: 2,
    description:
      'Divisor for the refresh interval: the switch refreshes a session-timer call every SS_SIP_SESSION_TTL divided by this number (600 / 2 = every 300 s).',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_SESSION_TTL'],
    engine: {
      status: 'approximated',
      how:
        'The switch is a proxy: RFC 4028 lets only the endpoints send session refreshes, and the refreshing endpoint sends them at half the ' +
        'interval, which is what the default divisor 2 means. Any refresh answered 2xx keeps the call; a session whose refreshes stop is ended ' +
        '(SS_SIP_SESSION_TTL). VOS3000 refreshes every TTL / segment itself as a back-to-back agent; a proxy may not send re-INVITE or UPDATE ' +
        'inside a call, so other divisors change nothing.',
      test: 'test/integration/agent/session-timers.test.ts › SS_SIP_SESSION_TTL 600 then 90 and SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP 0 then 4: intervals capped on the wire, refreshed calls kept, dead sessions ended with BYE to both legs',
    },
    sourceNote: 'Default 2 and range 2–10 from the session timer article (manual page 230).',
  },
  {
    name: 'SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP',
    group: 'sip',
    category: 'session',
    type: { kind: 'integer', min: 0, max: 3600, unit: 's' },
    default: 0,
    description:
      'Grace period, in seconds, used when a call with session timers misses its refresh. 0 means no grace period; calls without session timers are not affected.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_SESSION_TTL', 'SS_SIP_SESSION_UPDATE_SEGMENT'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/session-timers.test.ts › SS_SIP_SESSION_TTL 600 then 90 and SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP 0 then 4: intervals capped on the wire, refreshed calls kept, dead sessions ended with BYE to both legs',
    },
    sourceNote:
      'The articles only list it in a table: default 0, unit seconds, "grace period, applies only to timer calls". No range given; ' +
      '0–3600 s chosen as a generous bound for a grace period.',
  },
  {
    name: 'SS_SIP_NO_TIMER_REINVITE_INTERVAL',
    group: 'sip',
    category: 'session',
    type: { kind: 'integer', min: 60, max: 86400, unit: 's' },
    default: 7200,
    description:
      'Longest allowed conversation for callers without session-timer support. The switch cannot check these calls, so it sends BYE when the time is up.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_SESSION_TTL', 'SS_MAX_CALL_DURATION'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/call-duration.test.ts › ends 220 calls at the 6 s limit of their mapping gateway with a BYE on both legs of every call; no-timer 60 s and SS_MAX_CALL_DURATION 60 s set during calls apply to new calls only',
    },
    sourceNote:
      'Default 7200 s from the articles (manual table 4-3); no range given. 60–86400 s chosen: the articles discuss 900–14400 s and discourage ' +
      '"unlimited"; one day is the upper bound used for the other call timers.',
  },
  {
    name: 'SS_MAX_CALL_DURATION',
    group: 'system',
    category: 'call-limits',
    type: { kind: 'noneOrInteger', min: 60, max: 86400, unit: 's' },
    default: 'none',
    description:
      'Hard limit on the length of every call, with or without session timers. None means no system-wide limit; when several limits apply, the shortest wins.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_SIP_NO_TIMER_REINVITE_INTERVAL', 'SS_SIP_SESSION_TTL'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/call-duration.test.ts › ends 220 calls at the 6 s limit of their mapping gateway with a BYE on both legs of every call; no-timer 60 s and SS_MAX_CALL_DURATION 60 s set during calls apply to new calls only',
    },
    sourceNote:
      'Default None from the no-timer article; no unit or range given. Seconds assumed like every other VOS3000 duration; 60–86400 s chosen, ' +
      'the same bounds as SS_SIP_NO_TIMER_REINVITE_INTERVAL.',
  },
];
