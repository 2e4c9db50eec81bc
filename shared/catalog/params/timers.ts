import type { ParamDef } from '../types';
import { NOT_BUILT, SIP_PAGE } from './locations';

export const TIMER_PARAMS: ParamDef[] = [
  {
    name: 'SS_SIP_TIMEOUT_INVITE',
    group: 'sip',
    category: 'timers',
    type: { kind: 'integer', min: 1, max: 300, unit: 's' },
    default: 10,
    description:
      'How long VOS3000 waits for any reply to an INVITE before it treats the gateway as failed. Each routing gateway can override it.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_RESEND_INTERVAL', 'SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT', 'SS_SIP_TIMEOUT_TRYING'],
    engine: {
      status: 'approximated',
      how:
        'The system value is enforced at run time (tm fr_timer per branch): a gateway that sends no reply at all in time is given up and the next one tried; ' +
        'any provisional reply, 100 Trying included, stops this timer. Per-routing-gateway overrides (inviteTimeout) are stored but not applied yet.',
      test: 'test/integration/agent/agent-serve.test.ts › SS_SIP_TIMEOUT_INVITE and SS_SIP_STOP_SWITCH_AFTER_SDP take effect at run time through config.apply',
    },
    sourceNote: 'Default 10 s (manual table 4-3) and range 1–300 s from the related-parameter table in the SIP publish article.',
  },
  {
    name: 'SS_SIP_TIMEOUT_TRYING',
    group: 'sip',
    category: 'timers',
    type: { kind: 'integer', min: 1, max: 300, unit: 's' },
    default: 20,
    description: 'How long VOS3000 waits for progress after the gateway answered 100 Trying.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_TIMEOUT_INVITE', 'SS_SIP_TIMEOUT_RINGING', 'SS_SIP_TIMEOUT_SESSION_PROGRESS'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} onreply_route restarts the branch timer with t_set_fr() when 100 Trying arrives.`,
    },
    sourceNote: 'Default 20 s from the INVITE timeout article; no range given. 1–300 s chosen, the same as SS_SIP_TIMEOUT_INVITE.',
  },
  {
    name: 'SS_SIP_TIMEOUT_RINGING',
    group: 'sip',
    category: 'timers',
    type: { kind: 'integer', min: 1, max: 600, unit: 's' },
    default: 120,
    description: 'How long VOS3000 lets a call ring (after 180 Ringing) while waiting for an answer.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_TIMEOUT_SESSION_PROGRESS', 'SS_SIP_TIMEOUT_TRYING'],
    engine: {
      status: 'approximated',
      how:
        'tm fr_inv_timer from a run-time variable: the gateway is cancelled and the next one tried when no final answer follows a provisional reply in time. ' +
        'It starts at the first provisional reply of any kind (100 Trying and 183 too: SS_SIP_TIMEOUT_TRYING and SS_SIP_TIMEOUT_SESSION_PROGRESS have no timer of their own yet) ' +
        'and restarts on each later provisional reply (tm restart_fr_on_each_reply), so a gateway that repeats 180 can ring longer.',
      test: 'test/integration/engine/call-flow.test.ts › cancels a gateway that rings past sip_timeout_ringing and fails over, changed at run time',
    },
    sourceNote: 'Default 120 s and range 1–600 s from the related-parameter table in the SIP publish article.',
  },
  {
    name: 'SS_SIP_TIMEOUT_SESSION_PROGRESS',
    group: 'sip',
    category: 'timers',
    type: { kind: 'integer', min: 1, max: 600, unit: 's' },
    default: 20,
    description: 'How long VOS3000 waits for an answer after the gateway sent 183 Session Progress.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_TIMEOUT_RINGING', 'SS_SIP_TIMEOUT_TRYING'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} onreply_route restarts the branch timer with t_set_fr() when 183 arrives.`,
    },
    sourceNote: 'Default 20 s from the INVITE timeout article; no range given. 1–600 s chosen, the same as SS_SIP_TIMEOUT_RINGING (183 often replaces 180).',
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
      status: 'stored',
      why: `${NOT_BUILT} tm retr_timer1/retr_timer2 (T1 and T2). They only express "start at T1, double up to T2", so a free list can at best be approximated.`,
    },
    sourceNote:
      'Default list from the articles (manual table 4-3); no limits given. Items 0.1–60 s with millisecond precision, 1–20 items chosen; ' +
      'no ordering is required because the articles do not require one.',
  },
];
