import type { ParamDef } from '../types';
import { NOT_BUILT, SIP_PAGE } from './locations';

export const PRESENCE_PARAMS: ParamDef[] = [
  {
    name: 'SS_SIP_PUBLISH_EXPIRE',
    group: 'sip',
    category: 'presence',
    type: { kind: 'integer', min: 30, max: 7200, unit: 's' },
    default: 300,
    description:
      'Lifetime of the gateway status (active call count) that the switch publishes with SIP PUBLISH for routing gateways with "Allow Publish". Shorter means fresher data but more messages.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_USER_AGENT_EXPIRE'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} none yet: the agent counts calls per gateway with dialog profiles on one node, so there is no PUBLISH state to expire.`,
    },
    sourceNote: 'Default 300 s and range 30–7200 s from the SIP publish article (manual table 4-3).',
  },
];
