import type { ParamDef } from '../types';
import { NOT_BUILT, SIP_PAGE, SYSTEM_PAGE } from './locations';

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
      status: 'stored',
      why: `${NOT_BUILT} sst module (sst_interval / Session-Expires) with dialog keep-alive and BYE to both legs on refresh failure.`,
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
      status: 'stored',
      why: `${NOT_BUILT} the agent computes TTL / segment and sets the sst refresh interval from it.`,
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
      status: 'stored',
      why: `${NOT_BUILT} offset applied to the dialog timeout that the sst refresh arms; exact VOS3000 semantics must be confirmed first.`,
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
      status: 'approximated',
      how:
        'Each call gets, when it is set up, a dialog timeout of the shortest limit that applies (SS_MAX_CALL_DURATION, this one for calls whose INVITE has no Session-Expires, the mapping gateway limit); ' +
        'calls end at the limit within 1 s (call records, 220 calls). The BYEs come from Kamailio 5.6\'s dialog module, which skips the second leg when the reply to the first BYE arrives before it is sent ' +
        '(upstream kamailio#4169): measured on loopback, 2, 4 and 11 of 220 gateway legs were not told in three runs (the caller leg, sent first, always was). A Session-Expires that only the answer adds is not seen.',
      test: 'test/integration/agent/call-duration.test.ts › ends each call at the shortest limit: no-timer 60 s, SS_MAX_CALL_DURATION 75 s, mapping gateway 30 s; session-timer calls skip the no-timer limit',
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
      status: 'approximated',
      how:
        'Each call gets, when it is set up, a dialog timeout of the shortest limit that applies (SS_MAX_CALL_DURATION, this one for calls whose INVITE has no Session-Expires, the mapping gateway limit); ' +
        'calls end at the limit within 1 s (call records, 220 calls). The BYEs come from Kamailio 5.6\'s dialog module, which skips the second leg when the reply to the first BYE arrives before it is sent ' +
        '(upstream kamailio#4169): measured on loopback, 2, 4 and 11 of 220 gateway legs were not told in three runs (the caller leg, sent first, always was). A Session-Expires that only the answer adds is not seen.',
      test: 'test/integration/agent/call-duration.test.ts › ends each call at the shortest limit: no-timer 60 s, SS_MAX_CALL_DURATION 75 s, mapping gateway 30 s; session-timer calls skip the no-timer limit',
    },
    sourceNote:
      'Default None from the no-timer article; no unit or range given. Seconds assumed like every other VOS3000 duration; 60–86400 s chosen, ' +
      'the same bounds as SS_SIP_NO_TIMER_REINVITE_INTERVAL.',
  },
];
