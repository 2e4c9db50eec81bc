import type { ParamDef } from '../types';
import { SIP_PAGE } from './locations';

export const CALLER_ID_PARAMS: ParamDef[] = [
  {
    name: 'SS_SIP_USER_AGENT_PRIVACY',
    group: 'sip',
    category: 'caller-id',
    type: {
      kind: 'enum',
      options: [
        { value: 'ignore', label: 'Ignore', description: 'No Privacy header is added.' },
        { value: 'id', label: 'Id', description: 'Adds "Privacy: id": hide the caller identity from the called party.' },
        { value: 'none', label: 'None', description: 'Adds "Privacy: none": the caller asks for no privacy.' },
      ],
    },
    default: 'ignore',
    description:
      'Privacy header added to calls sent to a routing gateway whose own Privacy setting is None. A gateway set to Id or Passthrough decides for itself.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_E164_DISPLAY_FROM', 'SS_SIP_USER_AGENT_EXPIRE'],
    engine: {
      status: 'enforced',
      test: 'test/integration/agent/identity-dialplans.test.ts › SS_SIP_USER_AGENT_PRIVACY applies where the gateway Privacy is None; Passthrough and Id take precedence',
    },
    sourceNote:
      'Default Ignore and options Ignore / Id / None from the privacy and outbound registration articles (manual table 4-3). ' +
      'The articles disagree on how it meets the routing gateway Privacy setting: the FAQ says per-gateway settings take precedence and recommends Ignore as a ' +
      'baseline, while a troubleshooting entry says a gateway set to None overrides it. A routing gateway\'s Privacy is always one of None / Passthrough / Id ' +
      '(None is its default; there is no "inherit" choice), so with that reading this parameter could never affect a call. Chosen: the gateway\'s Id or ' +
      'Passthrough decides; where the gateway is None, this parameter decides (Ignore adds nothing, Id adds "Privacy: id", None adds "Privacy: none"). ' +
      'It applies to every routing gateway, not only to gateways the switch registers to.',
  },
  {
    name: 'SS_SIP_E164_DISPLAY_FROM',
    group: 'sip',
    category: 'caller-id',
    type: {
      kind: 'enum',
      options: [
        { value: 'ignore', label: 'Ignore', description: 'The switch does not set the display part of the From header.' },
        { value: 'e164', label: 'E164', description: 'The display part shows the caller number in E.164 form.' },
        { value: 'original', label: 'Original', description: 'The display part keeps the caller information in its original form.' },
      ],
    },
    default: 'ignore',
    description: 'How the switch fills the display name in the From header of outgoing SIP requests.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_USER_AGENT_PRIVACY'],
    engine: {
      status: 'enforced',
      test: "test/integration/agent/identity-dialplans.test.ts › SS_SIP_E164_DISPLAY_FROM: Ignore keeps the display name the caller sent, E164 shows the number sent in E.164 form, Original the number as the caller sent it",
    },
    sourceNote:
      'What each option writes is our reading, the articles give no example: Ignore leaves the display name the caller sent; E164 shows the caller number ' +
      'sent to the gateway (after the dial plans) in E.164 form — a leading "+" is kept, a leading "00" becomes "+", otherwise "+" is put in front (the switch ' +
      'knows no country code, so a national number is not completed); Original shows the caller number as the caller sent it, before any dial plan. ' +
      'The seed articles give no default and describe three behaviours: E.164 format, original format, or ignored. Default Ignore taken from ' +
      'the vos3000.com "SIP Display From" article, which quotes table 4-3 as "Default: Ignore, options: Ignore / other display modes"; Ignore is ' +
      'also the default of the sibling SS_SIP_USER_AGENT_PRIVACY. The labels E164 and Original are our names; the exact VOS3000 labels are not in any source.',
  },
];
