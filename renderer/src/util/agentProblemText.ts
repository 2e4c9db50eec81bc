import i18next from '../i18n';
import { getParam } from '@shared/catalog';
import type { IssueKey } from './issueText';

/**
 * The agent's checks beyond the schema (shared/config/validateGateways.ts) speak English; the forms
 * run the same checks before staging and show them through these keys. A message not listed here
 * is shown as the agent wrote it (it is still plain English naming the field).
 */
const FIXED: Readonly<Record<string, string>> = {
  'required when registration is enabled': 'v.requiredForRegistration',
  'required for password authentication': 'v.requiredForPassword',
  'required for IP + port authentication': 'v.requiredForIpPort',
  'at least one IP address is required for IP authentication': 'v.ipRequired',
  'the same address, port and transport is listed twice': 'v.addressTwice',
  'required: an endpoint registers with its account and password': 'v.requiredForEndpoint',
};

export function agentProblemKey(message: string): IssueKey | undefined {
  const fixed = FIXED[message];
  if (fixed) return { key: fixed };
  let m = /^there is no routing gateway named (.+)$/.exec(message);
  if (m?.[1]) return { key: 'v.noRoutingGateway', params: { name: m[1] } };
  m = /^user name (\S+) is also used by mapping gateway (\S+)$/.exec(message);
  if (m?.[1] && m[2]) return { key: 'v.userTaken', params: { user: m[1], other: m[2] } };
  m = /^account (\S+) is also the user name of mapping gateway (\S+)$/.exec(message);
  if (m?.[1] && m[2]) return { key: 'v.accountTaken', params: { account: m[1], other: m[2] } };
  m = /^(.+) is listed twice$/.exec(message);
  if (m?.[1]) return { key: 'v.listedTwice', params: { value: m[1] } };
  // A per-gateway override out of its system parameter's range: "SS_NAME: <value> <reason>; allowed: …".
  m = /^(SS_[A-Z0-9_]+): /.exec(message);
  const type = m?.[1] ? getParam(m[1])?.type : undefined;
  if (type?.kind === 'integer') {
    if (!type.unit) return { key: 'v.wholeRange', params: { min: type.min, max: type.max } };
    return { key: 'v.wholeRangeUnit', params: { min: type.min, max: type.max, unit: i18next.t(`dense.params.words.unit.${type.unit}`) } };
  }
  return undefined;
}
