import type { ParamDef } from '../types';
import { SIP_PAGE, SYSTEM_PAGE } from './locations';

export const SWITCHING_PARAMS: ParamDef[] = [
  {
    name: 'SS_GATEWAY_SWITCH_LIMIT',
    group: 'system',
    category: 'gateway-switching',
    type: { kind: 'noneOrInteger', min: 1, max: 99, unit: 'times' },
    default: 'none',
    description:
      'Highest number of routing gateways the switch tries for one call before it gives up. None means no limit.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_GATEWAY_SWITCH_UNTIL_CONNECT', 'SS_SIP_STOP_SWITCH_AFTER_SDP', 'SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/gateway-switching.test.ts › SS_GATEWAY_SWITCH_LIMIT caps the gateways tried (None = all); further addresses of one gateway are not a switch',
    },
    sourceNote:
      'Counted per routing gateway: trying the next address of the same gateway is not a switch. The caller gets the reply of the last gateway tried. Default None from the articles (table 4-4); no range given. 1–99 chosen: the articles recommend 3–5 attempts, and route lists longer than 99 gateways are not realistic.',
  },
  {
    name: 'SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START',
    group: 'system',
    category: 'gateway-switching',
    type: { kind: 'onoff' },
    default: true,
    description: 'When On, the switch stops trying other gateways once media (RTP) has started to flow on the current one.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_SIP_STOP_SWITCH_AFTER_SDP', 'SS_GATEWAY_SWITCH_LIMIT'],
    engine: {
      status: 'approximated',
      how:
        'Checked when a gateway fails after sending SDP in an 18x: if rtpengine counted any RTP packet on the call by then (either direction: rtpengine reports one total), switching stops. ' +
        'Media the caller sent early counts too. With SS_SIP_STOP_SWITCH_AFTER_SDP On (the default) switching has already stopped at the SDP, so this only matters when that is Off.',
      test: 'test/integration/agent/gateway-switching.test.ts › SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START stops switching once early media flowed, even with stop-after-SDP Off',
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
      status: 'enforced',
      test: 'test/integration/agent/gateway-switching.test.ts › ends the call on 486 while SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY is On (default), moves on when Off or with SS_GATEWAY_SWITCH_UNTIL_CONNECT',
    },
  },
  {
    name: 'SS_GATEWAY_SWITCH_UNTIL_CONNECT',
    group: 'system',
    category: 'gateway-switching',
    type: { kind: 'onoff' },
    default: false,
    description: 'When On, the switch keeps trying further gateways after any failure until one answers with 200 OK.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_GATEWAY_SWITCH_LIMIT', 'SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/gateway-switching.test.ts › ends the call on 486 while SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY is On (default), moves on when Off or with SS_GATEWAY_SWITCH_UNTIL_CONNECT',
    },
    sourceNote:
      'The articles say only that On keeps switching until a 200 OK. Read here as: the system stop rules (busy, SDP, RTP start, INVITE timeout) are ignored; stop settings made on a routing gateway and SS_GATEWAY_SWITCH_LIMIT still apply, and any 4xx/5xx/6xx moves on either way.',
  },
  {
    name: 'SS_SIP_STOP_SWITCH_AFTER_SDP',
    group: 'sip',
    category: 'gateway-switching',
    type: { kind: 'onoff' },
    default: true,
    description:
      'When On, the switch stays with a gateway once it sends SDP in a provisional reply (for example 183 with early media). Off risks broken audio and double answers.',
    vosLocation: SIP_PAGE,
    related: ['SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START', 'SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT', 'SS_GATEWAY_SWITCH_LIMIT'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/gateway-switching.test.ts › stop-switching after SDP per gateway overrides SS_SIP_STOP_SWITCH_AFTER_SDP; the caller gets the 503 of that gateway',
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
      status: 'enforced',
      test: 'test/integration/agent/gateway-switching.test.ts › the INVITE timeout of a gateway overrides SS_SIP_TIMEOUT_INVITE; stop-switching after INVITE timeout (system and per gateway) answers 408',
    },
    sourceNote:
      'INVITE timeout means no reply at all from the gateway; a gateway given up after 100/180/183 (the phase timers) is not covered. The caller then gets 408.',
  },
];
