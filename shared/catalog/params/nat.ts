import type { ParamDef } from '../types';
import { NOT_BUILT, SIP_PAGE, SYSTEM_PAGE } from './locations';

const NATHELPER_GAP =
  'nathelper pings NAT contacts with a fixed 4-byte UDP packet or an OPTIONS request, so a free-text payload and VOS3000 batching have no exact equivalent.';

export const NAT_PARAMS: ParamDef[] = [
  {
    name: 'SS_SIP_NAT_KEEP_ALIVE_MESSAGE',
    group: 'sip',
    category: 'nat',
    type: { kind: 'string', maxLength: 64, pattern: '^[\\x20-\\x7E]*$', patternHint: 'printable ASCII characters' },
    default: 'HELLO',
    description:
      'Text that the switch sends as a plain UDP packet to registered devices behind NAT to keep their NAT mapping open. Empty turns the keep-alive off.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_NAT_KEEP_ALIVE_PERIOD', 'SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL', 'SS_SIP_NAT_KEEP_ALIVE_SEND_ONE_TIME', 'SS_ENDPOINT_NAT_EXPIRE'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} nathelper natping for contacts flagged as NAT (empty value = pinging off). ${NATHELPER_GAP}`,
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
      'Length of one keep-alive cycle: in each cycle the switch goes through all registered NAT devices. Devices not reached before the next cycle starts miss their keep-alive.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_NAT_KEEP_ALIVE_MESSAGE', 'SS_ENDPOINT_NAT_EXPIRE', 'SS_ENDPOINT_EXPIRE'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} nathelper natping_interval (a module parameter, so a change needs a restart unless it is moved to a timer route).`,
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
      status: 'stored',
      why: `${NOT_BUILT} spreading pings over the interval with nathelper natping_processes. ${NATHELPER_GAP}`,
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
      status: 'stored',
      why: `${NOT_BUILT} no direct nathelper knob; batching would need a timer route walking the location table. ${NATHELPER_GAP}`,
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
      status: 'stored',
      why: `${NOT_BUILT} registrar expires override for contacts that nat_uac_test() flags as behind NAT.`,
    },
    sourceNote: 'Default 300 s from the articles; no range given. 60–86400 s chosen, the same as SS_ENDPOINT_EXPIRE.',
  },
];
