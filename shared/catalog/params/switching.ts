import type { ParamDef } from '../types';
import { NOT_BUILT, SIP_PAGE, SYSTEM_PAGE } from './locations';

export const SWITCHING_PARAMS: ParamDef[] = [
  {
    name: 'SS_GATEWAY_SWITCH_LIMIT',
    group: 'system',
    category: 'gateway-switching',
    type: { kind: 'noneOrInteger', min: 1, max: 99, unit: 'times' },
    default: 'none',
    description:
      'Highest number of routing gateways VOS3000 tries for one call before it gives up. None means no limit.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_GATEWAY_SWITCH_UNTIL_CONNECT', 'SS_SIP_STOP_SWITCH_AFTER_SDP', 'SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} attempt counter in failure_route compared with a cfg variable before the next gateway is loaded.`,
    },
    sourceNote:
      'Default None from the articles (table 4-4); no range given. 1–99 chosen: the articles recommend 3–5 attempts, and route lists longer than 99 gateways are not realistic.',
  },
  {
    name: 'SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START',
    group: 'system',
    category: 'gateway-switching',
    type: { kind: 'onoff' },
    default: true,
    description: 'When On, VOS3000 stops trying other gateways once media (RTP) has started to flow on the current one.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_SIP_STOP_SWITCH_AFTER_SDP', 'SS_GATEWAY_SWITCH_LIMIT'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} flag set when rtpengine reports media for the branch; failure_route does not fail over while it is set.`,
    },
  },
  {
    name: 'SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY',
    group: 'system',
    category: 'gateway-switching',
    type: { kind: 'onoff' },
    default: true,
    description: 'When On, a 486 Busy answer ends the call attempt instead of trying the next gateway, because the called person is really busy.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_GATEWAY_SWITCH_UNTIL_CONNECT', 'SS_GATEWAY_SWITCH_LIMIT'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} failure_route checks t_check_status("486") against a cfg variable before failing over.`,
    },
  },
  {
    name: 'SS_GATEWAY_SWITCH_UNTIL_CONNECT',
    group: 'system',
    category: 'gateway-switching',
    type: { kind: 'onoff' },
    default: false,
    description: 'When On, VOS3000 keeps trying further gateways after any failure until one answers with 200 OK.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_GATEWAY_SWITCH_LIMIT', 'SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} failure_route fails over on every final error reply while a cfg variable is set.`,
    },
  },
  {
    name: 'SS_SIP_STOP_SWITCH_AFTER_SDP',
    group: 'sip',
    category: 'gateway-switching',
    type: { kind: 'onoff' },
    default: true,
    description:
      'When On, VOS3000 stays with a gateway once it sends SDP in a provisional reply (for example 183 with early media). Off risks broken audio and double answers.',
    vosLocation: SIP_PAGE,
    related: ['SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START', 'SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT', 'SS_GATEWAY_SWITCH_LIMIT'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/agent-serve.test.ts › SS_SIP_TIMEOUT_INVITE and SS_SIP_STOP_SWITCH_AFTER_SDP take effect at run time through config.apply',
    },
  },
  {
    name: 'SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT',
    group: 'sip',
    category: 'gateway-switching',
    type: { kind: 'onoff' },
    default: false,
    description:
      'When On, a gateway that does not answer the INVITE in time ends the call instead of failing over to the next gateway. Keep Off unless routing rules forbid failover.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_TIMEOUT_INVITE', 'SS_SIP_STOP_SWITCH_AFTER_SDP'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} failure_route checks t_branch_timeout() and a cfg variable before trying the next gateway.`,
    },
  },
];
