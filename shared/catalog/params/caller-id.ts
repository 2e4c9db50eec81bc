import type { ParamDef } from '../types';
import { NOT_BUILT, SIP_PAGE } from './locations';

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
      'Default Privacy header for requests the switch sends as a registered user agent. Per-gateway Privacy settings take precedence.',
    vosLocation: SIP_PAGE,
    related: ['SS_SIP_E164_DISPLAY_FROM', 'SS_SIP_USER_AGENT_EXPIRE'],
    engine: {
      status: 'stored',
      why: `${NOT_BUILT} append_hf("Privacy: ...") in branch_route for requests sent on behalf of uacreg registrations.`,
    },
    sourceNote: 'Default Ignore and options Ignore / Id / None from the privacy and outbound registration articles (manual table 4-3).',
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
      status: 'stored',
      why: `${NOT_BUILT} uac_replace_from() display rewrite in branch_route.`,
    },
    sourceNote:
      'The seed articles give no default and describe three behaviours: E.164 format, original format, or ignored. Default Ignore taken from ' +
      'the vos3000.com "SIP Display From" article, which quotes table 4-3 as "Default: Ignore, options: Ignore / other display modes"; Ignore is ' +
      'also the default of the sibling SS_SIP_USER_AGENT_PRIVACY. The labels E164 and Original are our names; the exact VOS3000 labels are not in any source.',
  },
];
