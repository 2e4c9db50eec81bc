import type { ParamDef } from '../types';
import { SIP_PAGE, SYSTEM_PAGE } from './locations';

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
      'Which SIP response the switch uses to ask a device for its password. Change it only when a device expects the other code.',
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
      'How many times the switch challenges one REGISTER or INVITE again after wrong credentials before it rejects the request.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_AUTHENTICATION_TIMEOUT', 'SS_AUTHENTICATION_MAX_RETRY', 'SS_AUTHENTICATION_FAILED_SUSPEND'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/auth-limits.test.ts › SS_SIP_AUTHENTICATION_RETRY: wrong credentials are challenged again 6 times by default, 2 times when set to 2, then 403 (REGISTER and INVITE)',
    },
    sourceNote:
      'Default 6 from the articles (manual table 4-3); they give no range. 1–100 chosen: the articles discuss values from 1 up to "10+" ' +
      '(troubleshooting only) and advise never above 10 in production, so values above 10 are allowed but flagged by rules. ' +
      'One exchange is one source address and one Call-ID (a REGISTER or INVITE and its answers to challenges). With 6, the 1st to 6th ' +
      'wrong answers are challenged again and the 7th gets 403, following the catalog wording "challenges again … before it rejects". ' +
      'An unknown user is treated exactly like a wrong password, so the replies never reveal which accounts exist.'
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
      status: 'approximated',
      how:
        'Judged when the next request of the exchange arrives, in whole seconds of Kamailio\'s clock: a request arriving this many seconds or more ' +
        'after the first challenge gets 403, even with the right password, and one arriving up to a second earlier may already be refused. ' +
        'A device that simply stops answering gets nothing more, which ends the exchange the same way.',
      test: 'test/integration/agent/auth-limits.test.ts › SS_SIP_AUTHENTICATION_TIMEOUT: an answer 10 s (default) or 2 s (set) after the first challenge is refused with 403, even with the right password',
    },
    sourceNote:
      'Default 10 s from the articles (manual table 4-3); no range given. 1–120 s chosen: the articles discuss 5 to "30+" seconds and call 30+ unsuitable for production. ' +
      'The articles say "whichever limit is reached first terminates the authentication session": this and SS_SIP_AUTHENTICATION_RETRY are checked on every request of the exchange.',
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
      status: 'enforced',
      test: 'test/integration/agent/auth-limits.test.ts › SS_AUTHENTICATION_MAX_RETRY: the 6th wrong password (default) or the 2nd (set) suspends the source, which then gets silence; right logins never count',
    },
    sourceNote:
      'Default 6 and range 0–999 from the articles (manual §4.3.5.2). The articles do not say what 0 means: here 0 turns the suspension off. ' +
      'The articles speak of a "terminal"; the engine counts per source IP address, because a guesser tries many accounts from one address and an ' +
      'unknown account has no terminal to count against (devices behind one NAT address share the count). Wrong answers count while they come less ' +
      'than an hour apart; a correct login neither counts nor clears earlier failures. While a source is suspended every request from it is dropped unanswered.',
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
      status: 'enforced',
      test: 'test/integration/agent/auth-limits.test.ts › suspensions end by themselves: SS_AUTHENTICATION_FAILED_SUSPEND and SS_ENDPOINTREGISTERSUSPENDTIME reach Kamailio, and a suspension ends when its time is up (lowered to 12 s and 3 s), then the source is let in',
    },
    sourceNote:
      'Default 180 s and range 60–3600 s from the articles. The suspension is kept in Kamailio\'s memory: it survives parameter changes and table ' +
      'reloads, not a restart of Kamailio. It holds until it ends even when the last password account is removed meanwhile ' +
      '(auth-limits.test.ts › a suspension in force outlives the last password account).',
  },
];
