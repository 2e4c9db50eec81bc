import type { ParamDef } from '../types';
import { SIP_PAGE, SYSTEM_PAGE } from './locations';

export const NAT_PARAMS: ParamDef[] = [
  {
    name: 'SS_SIP_NAT_KEEP_ALIVE_MESSAGE',
    group: 'sip',
    category: 'nat',
    type: { kind: 'string', maxLength: 64, pattern: '^[\\x20-\\x7E]*$', patternHint: 'printable ASCII characters' },
    default: 'HELLO',
    description:
      'Text the switch sends as a plain UDP packet to registered devices behind NAT to keep their NAT mapping open; empty turns keep-alive off. ' +
      'Devices on TCP or TLS get TCP keep-alive probes instead of the text.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_NAT_KEEP_ALIVE_PERIOD', 'SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL', 'SS_SIP_NAT_KEEP_ALIVE_SEND_ONE_TIME', 'SS_ENDPOINT_NAT_EXPIRE'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/nat-endpoints.test.ts › sends the keep-alive text from the SIP socket to each of 1000 NAT devices, in rounds, once per period; empty stops it',
    },
    sourceNote: 'Default HELLO from the articles. They give no length limit; 64 printable ASCII characters chosen for a UDP keep-alive payload.',
  },
  {
    name: 'SS_SIP_NAT_KEEP_ALIVE_PERIOD',
    group: 'sip',
    category: 'nat',
    type: { kind: 'integer', min: 10, max: 86400, unit: 's' },
    default: 30,
    description:
      'Length of one keep-alive cycle: each cycle goes through all registered NAT devices; those not reached before the next cycle miss it. ' +
      'For NAT devices on TCP or TLS: the silence before a TCP keep-alive probe.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_NAT_KEEP_ALIVE_MESSAGE', 'SS_ENDPOINT_NAT_EXPIRE', 'SS_ENDPOINT_EXPIRE'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/nat-endpoints.test.ts › sends the keep-alive text from the SIP socket to each of 1000 NAT devices, in rounds, once per period; empty stops it',
    },
    sourceNote: 'Default 30 s and range 10–86400 s from the NAT keep-alive and session timer articles (manual page 212).',
  },
  {
    name: 'SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL',
    group: 'sip',
    category: 'nat',
    type: { kind: 'integer', min: 1, max: 10000, unit: 'ms' },
    default: 500,
    description: 'Pause between two sending rounds inside one keep-alive cycle, so that keep-alives do not leave in one burst.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_NAT_KEEP_ALIVE_SEND_ONE_TIME', 'SS_SIP_NAT_KEEP_ALIVE_PERIOD'],
    engine: {
      status: 'approximated',
      how:
        'The sending process looks every 10 ms whether a round is due: rounds start at whole multiples of this interval from the start of the cycle, ' +
        'to within 10 ms; an interval under 10 ms sends its due rounds back to back, keeping the average rate.',
      test: 'test/integration/agent/nat-endpoints.test.ts › sends the keep-alive text from the SIP socket to each of 1000 NAT devices, in rounds, once per period; empty stops it',
    },
    sourceNote: 'Default 500 ms from the NAT keep-alive article; range 1–10000 ms from the session timer article.',
  },
  {
    name: 'SS_SIP_NAT_KEEP_ALIVE_SEND_ONE_TIME',
    group: 'sip',
    category: 'nat',
    type: { kind: 'integer', min: 1, max: 100000, unit: 'messages' },
    default: 3000,
    description:
      'How many keep-alive messages the switch sends in one sending round before it pauses for SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL', 'SS_SIP_NAT_KEEP_ALIVE_PERIOD'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/nat-endpoints.test.ts › sends the keep-alive text from the SIP socket to each of 1000 NAT devices, in rounds, once per period; empty stops it',
    },
    sourceNote:
      'Default 3000 (unit: messages) from the NAT keep-alive article; no range given, 1–100000 chosen. The article explains it as ' +
      '"messages per device per cycle", but its own sizing example then needs 1,500,000 s for 1000 devices, which cannot be the intent of a default. ' +
      'The name ("send one time") and the pairing with a send interval fit "messages per sending round", which is the meaning used here.',
  },
  {
    name: 'SS_ENDPOINT_NAT_EXPIRE',
    group: 'system',
    category: 'nat',
    type: { kind: 'integer', min: 60, max: 86400, unit: 's' },
    default: 300,
    description:
      'Registration lifetime the switch gives to devices behind NAT. It is shorter than the normal lifetime so that NAT mappings are refreshed often.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_ENDPOINT_EXPIRE', 'SS_SIP_NAT_KEEP_ALIVE_PERIOD'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/nat-endpoints.test.ts › grants SS_ENDPOINT_EXPIRE to devices not behind NAT and the shorter SS_ENDPOINT_NAT_EXPIRE to NATed ones; changes apply without restart',
    },
    sourceNote: 'Default 300 s from the articles; no range given. 60–86400 s chosen, the same as SS_ENDPOINT_EXPIRE.',
  },
];
