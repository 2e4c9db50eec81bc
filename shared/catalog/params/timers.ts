import type { ParamDef } from '../types';
import { SIP_PAGE } from './locations';

export const TIMER_PARAMS: ParamDef[] = [
  {
    name: 'SS_SIP_TIMEOUT_INVITE',
    group: 'sip',
    category: 'timers',
    type: { kind: 'integer', min: 1, max: 300, unit: 's' },
    default: 10,
    description:
      'How long the switch waits for any reply to an INVITE before it treats the gateway as failed. Each routing gateway can override it.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_RESEND_INTERVAL', 'SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT', 'SS_SIP_TIMEOUT_TRYING'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/sip-timers.test.ts › defaults: INVITE 10 s, TRYING 20 s, SESSION_PROGRESS 20 s, RINGING 120 s',
    },
    sourceNote: 'Applied to the INVITE sent to each routing gateway and to each registered endpoint only (per call, t_set_fr), so BYE, CANCEL and re-INVITEs keep their own timers; the INVITE timeout set on a routing gateway replaces it (endpoints have none of their own: the articles name no endpoint-specific timers). Calls to endpoints: sip-timers.test.ts › calls to a registered endpoint have the same timers. Measured on the wire within -150/+600 ms. Default 10 s (manual table 4-3) and range 1–300 s from the related-parameter table in the SIP publish article.',
  },
  {
    name: 'SS_SIP_TIMEOUT_TRYING',
    group: 'sip',
    category: 'timers',
    type: { kind: 'integer', min: 1, max: 300, unit: 's' },
    default: 20,
    description: 'How long the switch waits for progress after the gateway answered 100 Trying.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_TIMEOUT_INVITE', 'SS_SIP_TIMEOUT_RINGING', 'SS_SIP_TIMEOUT_SESSION_PROGRESS'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/sip-timers.test.ts › each phase has its own window from the reply that opened it: TRYING after 100, RINGING after 180, SESSION_PROGRESS after 183',
    },
    sourceNote: 'Default 20 s from the INVITE timeout article; no range given. 1–300 s chosen, the same as SS_SIP_TIMEOUT_INVITE. Also applied to calls to registered endpoints (sip-timers.test.ts › calls to a registered endpoint have the same timers).',
  },
  {
    name: 'SS_SIP_TIMEOUT_RINGING',
    group: 'sip',
    category: 'timers',
    type: { kind: 'integer', min: 1, max: 600, unit: 's' },
    default: 120,
    description: 'How long the switch lets a call ring (after 180 Ringing) while waiting for an answer.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_TIMEOUT_SESSION_PROGRESS', 'SS_SIP_TIMEOUT_TRYING'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/sip-timers.test.ts › each phase has its own window from the reply that opened it: TRYING after 100, RINGING after 180, SESSION_PROGRESS after 183',
    },
    sourceNote: 'Starts at the first 180 (or 181/182), not at 100 or 183; a repeated 180 does not restart it. A registered endpoint that rings longer is CANCELled the same way (the caller gets 408; sip-timers.test.ts › calls to a registered endpoint have the same timers). Default 120 s and range 1–600 s from the related-parameter table in the SIP publish article.',
  },
  {
    name: 'SS_SIP_TIMEOUT_SESSION_PROGRESS',
    group: 'sip',
    category: 'timers',
    type: { kind: 'integer', min: 1, max: 600, unit: 's' },
    default: 20,
    description: 'How long the switch waits for an answer after the gateway sent 183 Session Progress.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_TIMEOUT_RINGING', 'SS_SIP_TIMEOUT_TRYING'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/sip-timers.test.ts › each phase has its own window from the reply that opened it: TRYING after 100, RINGING after 180, SESSION_PROGRESS after 183',
    },
    sourceNote: 'Default 20 s from the INVITE timeout article; no range given. 1–600 s chosen, the same as SS_SIP_TIMEOUT_RINGING (183 often replaces 180). Also applied to calls to registered endpoints (sip-timers.test.ts › calls to a registered endpoint have the same timers).',
  },
  {
    name: 'SS_SIP_RESEND_INTERVAL',
    group: 'sip',
    category: 'timers',
    type: { kind: 'numberList', itemMin: 0.1, itemMax: 60, integerItems: false, minItems: 1, maxItems: 20, unit: 's' },
    default: [0.5, 1, 2, 4, 4, 4, 4, 4, 4, 4],
    description:
      'Waiting times, in seconds, between resends of an unanswered SIP request. The first number is the wait before the first resend, and so on.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_TIMEOUT_INVITE'],
    engine: {
      status: 'approximated',
      how:
        'Applied to the INVITE sent to each routing gateway and to each registered endpoint: the first value is the first wait (tm T1), doubled on each resend up to the largest value (T2). ' +
        'A list of that shape, the default included, is followed as written (within 150 ms on the wire); any other list is followed as T1 doubling to T2. ' +
        'Resends go on until the INVITE timeout rather than stopping after the last value. Other requests keep tm\'s own 0.5 s / 4 s, which equal the default list.',
      test: 'test/integration/agent/sip-timers.test.ts › SS_SIP_RESEND_INTERVAL: the INVITE is resent on the schedule of the list (default and changed)',
    },
    sourceNote:
      'Default list from the articles (manual table 4-3); no limits given. Items 0.1–60 s with millisecond precision, 1–20 items chosen; ' +
      'no ordering is required because the articles do not require one.',
  },
];
