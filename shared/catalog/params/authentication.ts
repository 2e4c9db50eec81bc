import type { ParamDef } from '../types';
import { NOT_BUILT, SIP_PAGE, SYSTEM_PAGE } from './locations';

export const AUTHENTICATION_PARAMS: ParamDef[] = [
  {
    name: 'SS_SIP_AUTHENTICATION_CODE',
    group: 'sip',
    category: 'authentication',
    type: {
      kind: 'enum',
      options: [
        { value: '401', label: '401 Unauthorized', description: 'Challenge with WWW-Authenticate (registrar style).' },
        { value: '407', label: '407 Proxy Authentication Required', description: 'Challenge with Proxy-Authenticate (proxy style).' },
      ],
    },
    default: '401',
    description:
      'Which SIP response VOS3000 uses to ask a device for its password. Change it only when a device expects the other code.',
    vosLocation: SIP_PAGE,
    related: ['SS_REPLY_UNAUTHORIZED', 'SS_SIP_AUTHENTICATION_RETRY'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/agent-serve.test.ts › authenticates a password mapping gateway by digest, refuses a wrong password, and switches 401/407 at run time',
    },
    sourceNote:
      'The articles name only the two codes and give no default. 401 chosen: the troubleshooting table describes the usual fault as ' +
      '"device expects 407 but gets 401", which implies 401 is what VOS3000 sends out of the box, and 401 is the RFC 3261 answer to REGISTER.',
  },
  {
    name: 'SS_SIP_AUTHENTICATION_RETRY',
    group: 'sip',
    category: 'authentication',
    type: { kind: 'integer', min: 1, max: 100, unit: 'times' },
    default: 6,
    description:
      'How many times VOS3000 challenges one REGISTER or INVITE again after wrong credentials before it rejects the request.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_AUTHENTICATION_TIMEOUT', 'SS_AUTHENTICATION_MAX_RETRY', 'SS_AUTHENTICATION_FAILED_SUSPEND'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} htable counter keyed by source and Call-ID, checked before each new challenge.`,
    },
    sourceNote:
      'Default 6 from the articles (manual table 4-3); they give no range. 1–100 chosen: the articles discuss values from 1 up to "10+" ' +
      '(troubleshooting only) and advise never above 10 in production, so values above 10 are allowed but flagged by rules.',
  },
  {
    name: 'SS_SIP_AUTHENTICATION_TIMEOUT',
    group: 'sip',
    category: 'authentication',
    type: { kind: 'integer', min: 1, max: 120, unit: 's' },
    default: 10,
    description:
      'Time a caller has to finish authentication. When it runs out, the call is rejected even if retries are left.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_AUTHENTICATION_RETRY'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} htable entry per challenged transaction with autoexpire equal to this value.`,
    },
    sourceNote:
      'Default 10 s from the articles (manual table 4-3); no range given. 1–120 s chosen: the articles discuss 5 to "30+" seconds and call 30+ unsuitable for production.',
  },
  {
    name: 'SS_AUTHENTICATION_MAX_RETRY',
    group: 'system',
    category: 'authentication',
    type: { kind: 'integer', min: 0, max: 999, unit: 'times' },
    default: 6,
    description:
      'How many failed password attempts a terminal may make in total before it is suspended. This counts across requests, unlike SS_SIP_AUTHENTICATION_RETRY.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_AUTHENTICATION_FAILED_SUSPEND', 'SS_SIP_AUTHENTICATION_RETRY'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} htable failure counter per user/source; reaching it writes a suspension entry (see SS_AUTHENTICATION_FAILED_SUSPEND).`,
    },
    sourceNote: 'Default 6 and range 0–999 from the articles (manual §4.3.5.2). The articles do not say what 0 means.',
  },
  {
    name: 'SS_AUTHENTICATION_FAILED_SUSPEND',
    group: 'system',
    category: 'authentication',
    type: { kind: 'integer', min: 60, max: 3600, unit: 's' },
    default: 180,
    description:
      'How long a terminal stays blocked after it used up SS_AUTHENTICATION_MAX_RETRY password attempts.',
    vosLocation: SYSTEM_PAGE,
    related: ['SS_AUTHENTICATION_MAX_RETRY', 'SS_SIP_AUTHENTICATION_RETRY'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} htable suspension entry per user/source with autoexpire equal to this value; requests are dropped while it exists.`,
    },
  },
];
