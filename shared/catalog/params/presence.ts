import type { ParamDef } from '../types';
import { SIP_PAGE } from './locations';

export const PRESENCE_PARAMS: ParamDef[] = [
  {
    name: 'SS_SIP_PUBLISH_EXPIRE',
    group: 'sip',
    category: 'presence',
    type: { kind: 'integer', min: 30, max: 7200, unit: 's' },
    default: 300,
    description:
      'Longest lifetime of the status (full or taking calls) that a routing gateway with "Allow Publish" reports by SIP PUBLISH, and its lifetime when none is asked. An unrefreshed status is forgotten.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_USER_AGENT_EXPIRE'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/gateway-selection.test.ts › SS_SIP_PUBLISH_EXPIRE caps the lifetime a PUBLISH is granted (default 300) and is the lifetime when none is asked',
    },
    sourceNote:
      'Default 300 s and range 30–7200 s from the SIP publish article (manual table 4-3). The manual calls it the "routing gateway public update timeout default ' +
      'duration", and the article says an unrefreshed status "is removed" so the switch "no longer has authoritative concurrency information for that ' +
      'gateway": the gateway publishes, the switch keeps the status. So the switch is the RFC 3903 state holder: a routing gateway with Allow Publish ' +
      'sends PUBLISH (Event: presence, PIDF basic closed = full, open = taking calls); the switch grants the Expires asked for, capped at this value (this ' +
      'value when none is asked), says so in the 200 OK with a SIP-ETag, and while a "closed" status is in force skips that gateway like one at its ' +
      'concurrent-call limit (all full: 503). PUBLISH is never relayed: nothing in the articles has the switch pass a caller\'s PUBLISH to a carrier. ' +
      'The status is kept per source IP (any port), in whole seconds; gateways given by host name cannot publish. A body carrying a call count is not read.',
  },
];
