import type { ParamDef } from '../types';
import { SYSTEM_PAGE } from './locations';

const FLOOD_NOTE_LOCATION =
  'The registration-flood article says "System Management > System Parameters, search for SS_ENDPOINT"; ' +
  'we use the System parameter page that the other articles name for table 4-4.';

export const REGISTRATION_PARAMS: ParamDef[] = [
  {
    name: 'SS_ENDPOINTREGISTERRETRY',
    group: 'system',
    category: 'registration',
    type: { kind: 'integer', min: 1, max: 999, unit: 'times' },
    default: 6,
    description:
      'How many registrations in a row may fail before the endpoint is suspended. Successful registrations do not count.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_ENDPOINTREGISTERSUSPEND', 'SS_ENDPOINTREGISTERSUSPENDTIME'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/auth-limits.test.ts › SS_ENDPOINTREGISTERRETRY / SUSPEND: a source whose REGISTERs keep failing has its REGISTERs dropped (other requests still answered); registrations that succeed never count, a resent REGISTER counts once',
    },
    sourceNote:
      `Default 6 from the articles (manual §4.3.5.2); no range given. 1–999 chosen to match SS_AUTHENTICATION_MAX_RETRY; 0 is left out because ` +
      `"suspend after 0 failures" has no meaning. ${FLOOD_NOTE_LOCATION} ` +
      'Counted per source IP address. A failed registration is any REGISTER that did not register, including one answered with a challenge, ' +
      'because floods of bare REGISTERs are what the articles defend against; but one challenge is the first step of every registration, so ' +
      'with 6 the 7th challenged or refused REGISTER in a row suspends. A successful registration resets the count. ' +
      'A REGISTER the client resends (the same Call-ID and CSeq, within the 32 s a client resends for) is one attempt and counts once.',
  },
  {
    name: 'SS_ENDPOINTREGISTERSUSPEND',
    group: 'system',
    category: 'registration',
    type: { kind: 'onoff' },
    default: true,
    description:
      'When On, an endpoint that reached SS_ENDPOINTREGISTERRETRY failed registrations is suspended and its REGISTERs are dropped unprocessed.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_ENDPOINTREGISTERRETRY', 'SS_ENDPOINTREGISTERSUSPENDTIME'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/auth-limits.test.ts › SS_ENDPOINTREGISTERRETRY / SUSPEND: a source whose REGISTERs keep failing has its REGISTERs dropped (other requests still answered); registrations that succeed never count, a resent REGISTER counts once',
    },
    sourceNote:
      'The article lists the default as "Enabled" but also says "set to a value that activates suspension", so the exact VOS3000 type is unclear; ' +
      `modelled as On/Off with default On. ${FLOOD_NOTE_LOCATION}`,
  },
  {
    name: 'SS_ENDPOINTREGISTERSUSPENDTIME',
    group: 'system',
    category: 'registration',
    type: { kind: 'integer', min: 30, max: 3600, unit: 's' },
    default: 180,
    description: 'How long a suspended endpoint stays blocked before it may try to register again.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_ENDPOINTREGISTERSUSPEND', 'SS_ENDPOINTREGISTERRETRY'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/auth-limits.test.ts › suspensions end by themselves: SS_AUTHENTICATION_FAILED_SUSPEND and SS_ENDPOINTREGISTERSUSPENDTIME reach Kamailio, and a suspension ends when its time is up (lowered to 12 s and 3 s), then the source is let in',
    },
    sourceNote:
      'Default 180 s from the articles (manual §4.3.5.2); no range given. 30–3600 s chosen: the article discusses 30 s ("too short") and ' +
      `3600 s ("too long") as settable values, and 3600 s is the maximum of the similar SS_AUTHENTICATION_FAILED_SUSPEND. ${FLOOD_NOTE_LOCATION} ` +
      'Only REGISTERs from the suspended address are dropped, as the article says; its calls are handled as before.',
  },
  {
    name: 'SS_ENDPOINT_EXPIRE',
    group: 'system',
    category: 'registration',
    type: { kind: 'integer', min: 60, max: 86400, unit: 's' },
    default: 3600,
    description:
      'Registration lifetime the switch gives to devices that register to it and are not behind NAT. The device must re-register before it ends.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_ENDPOINT_NAT_EXPIRE', 'SS_SIP_NAT_KEEP_ALIVE_PERIOD'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/nat-endpoints.test.ts › grants SS_ENDPOINT_EXPIRE to devices not behind NAT and the shorter SS_ENDPOINT_NAT_EXPIRE to NATed ones; changes apply without restart',
    },
    sourceNote:
      'The articles print the default as "300 / 3600" and once as "300 / 3600 (NAT: 300)" next to SS_ENDPOINT_NAT_EXPIRE = 300. ' +
      'Read as: 300 belongs to the NAT parameter, 3600 to this one; a separate NAT value would be pointless if both defaulted to 300. ' +
      'A vos3000.com article on SS_ENDPOINTTIMETOLIVE also states "SS_ENDPOINT_EXPIRE, default 3600 seconds". ' +
      'No range is given; 60–86400 s chosen (60 s is the usual SIP registrar minimum, one day the largest sensible lifetime).',
  },
];
