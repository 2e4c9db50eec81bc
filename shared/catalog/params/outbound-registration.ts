import type { ParamDef } from '../types';
import { SIP_PAGE } from './locations';

export const OUTBOUND_REGISTRATION_PARAMS: ParamDef[] = [
  {
    name: 'SS_SIP_USER_AGENT_EXPIRE',
    group: 'sip',
    category: 'outbound-registration',
    type: { kind: 'autoOrInteger', min: 20, max: 7200, unit: 's' },
    default: 'auto',
    description:
      'Registration lifetime the switch asks for when it registers to another server. Auto accepts what the server grants; behind NAT a fixed 120–300 s is safer.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_USER_AGENT_RETRY_DELAY', 'SS_SIP_USER_AGENT_SEND_UNREGISTER', 'SS_SIP_PUBLISH_EXPIRE'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/outbound-registration.test.ts › SS_SIP_USER_AGENT_EXPIRE: Auto asks for 3600 s and refreshes within the granted 12 s; a fixed value is what the REGISTER asks for',
    },
    sourceNote: 'Default Auto Negotiation and range 20–7200 s from the articles (manual table 4-3).',
  },
  {
    name: 'SS_SIP_USER_AGENT_RETRY_DELAY',
    group: 'sip',
    category: 'outbound-registration',
    type: { kind: 'integer', min: 30, max: 600, unit: 's' },
    default: 60,
    description: 'After a failed registration to another server, the switch waits this long and then tries again, always with the same fixed wait.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_USER_AGENT_EXPIRE'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/outbound-registration.test.ts › 403, 503 and silence: shown failed, tried again after the fixed SS_SIP_USER_AGENT_RETRY_DELAY',
    },
    sourceNote: 'Default 60 s and range 30–600 s from the articles (manual table 4-3).',
  },
  {
    name: 'SS_SIP_USER_AGENT_SEND_UNREGISTER',
    group: 'sip',
    category: 'outbound-registration',
    type: { kind: 'onoff' },
    default: true,
    description:
      'When On, the switch cancels its registrations on other servers (REGISTER with Expires: 0) when a registration is removed or the system stops.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_USER_AGENT_EXPIRE'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/outbound-registration.test.ts › SS_SIP_USER_AGENT_SEND_UNREGISTER: Expires: 0 when a registration is removed and when the agent stops, the challenge answered; none when Off',
    },
    sourceNote: 'Default On and the On/Off options from the outbound registration article.',
  },
];
