import type { ParamDef } from '../types';
import { NOT_BUILT, SYSTEM_PAGE } from './locations';

export const MEDIA_PARAMS: ParamDef[] = [
  {
    name: 'SS_MEDIA_PROXY_BEHIND_NAT',
    group: 'system',
    category: 'media',
    type: { kind: 'onoff' },
    default: true,
    description: 'When On, the switch relays the RTP media of terminals behind NAT through itself, so audio reaches them in both directions.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_SIP_NAT_KEEP_ALIVE_MESSAGE', 'SS_ENDPOINT_NAT_EXPIRE'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} rtpengine_offer/rtpengine_answer forced for calls where nat_uac_test() flags an endpoint behind NAT.`,
    },
    sourceNote: 'Default On and the meaning "forward RTP for NAT terminals" come from one table in the NAT keep-alive article; nothing more is given.',
  },
];
