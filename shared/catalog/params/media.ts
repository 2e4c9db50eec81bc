import type { ParamDef } from '../types';
import { SYSTEM_PAGE } from './locations';

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
      status: 'approximated',
      how:
        'The switch relays the media of every call through rtpengine, behind NAT or not. On: for a caller detected behind NAT (private address ' +
        'in Contact or Via, or a Via that is not its source), rtpengine sends the media to the address its SIP came from and learns the exact port ' +
        'from its first RTP, and in-dialog requests go to that address too. Off: rtpengine sends to the address in its SDP, which a device behind ' +
        'NAT cannot receive.',
      test: 'test/integration/agent/nat-endpoints.test.ts › anchors the media of a call from a NATed endpoint: RTP flows both ways, reaching the device before it sent any (Off: only after)',
    },
    sourceNote: 'Default On and the meaning "forward RTP for NAT terminals" come from one table in the NAT keep-alive article; nothing more is given.',
  },
];
