import { afterEach, describe, expect, it } from 'vitest';
import { RoutingGatewaySchema } from '@shared/model/routingGateway';
import { MappingGatewaySchema } from '@shared/model/mappingGateway';
import { AlertRuleSchema, DEFAULT_ALERT_RULES } from '@shared/model/alertRule';
import i18next from '../i18n';
import { boundsAt, issueKey, issueText } from './issueText';
import { agentProblemKey } from './agentProblemText';

const bad = {
  name: '-x', priority: 2.5, prefixes: ['0x1'], addresses: [{ host: 'a b', port: 0 }], cpsLimit: 0, inviteTimeout: 'x',
  mediaEncryption: 'rtp', stopSwitchCodes: [200], registration: { enabled: true, username: 'a b', password: { set: true, value: '' }, realm: '!', expirySec: 5 },
};

function texts(schema: typeof RoutingGatewaySchema | typeof MappingGatewaySchema | typeof AlertRuleSchema, input: unknown): Record<string, string> {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected invalid input');
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), issueText(i, schema)]));
}

describe('validation messages in the interface language', () => {
  afterEach(async () => {
    await i18next.changeLanguage('en');
  });

  it('reads the whole allowed range of a number field from the schema', () => {
    expect(boundsAt(RoutingGatewaySchema, ['priority'])).toEqual({ min: 0, max: 1000, whole: true });
    expect(boundsAt(RoutingGatewaySchema, ['registration', 'expirySec'])).toEqual({ min: 60, max: 86400, whole: true });
    expect(boundsAt(RoutingGatewaySchema, ['addresses', 0, 'port'])).toEqual({ min: 1, max: 65535, whole: true });
    expect(boundsAt(RoutingGatewaySchema, ['name'])).toEqual({});
  });

  it('says what is wrong and what is allowed for every field of a routing gateway, in English', () => {
    expect(texts(RoutingGatewaySchema, bad)).toEqual({
      name: 'must be 1–64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit',
      'prefixes.0': 'may contain only digits, "*", "#" and a leading "+"',
      priority: 'must be a whole number from 0 to 1000',
      'addresses.0.host': 'must be an IPv4 address, an IPv6 address (no brackets) or a host name of letters, digits, "-" and "."',
      'addresses.0.port': 'must be a whole number from 1 to 65535',
      cpsLimit: 'must be a whole number from 1 to 100000',
      inviteTimeout: 'must be a number',
      'stopSwitchCodes.0': 'must be a SIP final response code from 300 to 699',
      mediaEncryption: 'must be one of: none, sdes, dtls',
      'registration.username': 'may contain only letters, digits and . _ ~ + -',
      'registration.password.value': 'is required',
      'registration.realm': 'may contain only letters, digits and . : _ -',
      'registration.expirySec': 'must be a whole number from 60 to 86400',
    });
  });

  it('gives every message in Chinese with no English left, for gateways, mapping gateways and alert rules', async () => {
    await i18next.changeLanguage('zh-CN');
    const all = [
      ...Object.values(texts(RoutingGatewaySchema, bad)),
      ...Object.values(texts(MappingGatewaySchema, { name: '', authMode: 'ip', ips: [{ ip: 'host.example' }], allowedRoutingGateways: ['bad name!'] })),
      ...Object.values(texts(AlertRuleSchema, { ...DEFAULT_ALERT_RULES[0], series: 'nope', forSec: -1, threshold: Number.NaN, severity: 'loud' })),
    ];
    expect(all.length).toBeGreaterThan(15);
    for (const t of all) expect(t).not.toMatch(/\b(must|may|is|required|between|allowed|expected|Invalid|Too)\b/);
    expect(texts(RoutingGatewaySchema, bad).priority).toBe('必须是 0 到 1000 之间的整数');
  });

  it('has a key for each check the schema library can report, never its own wording', () => {
    expect(issueKey({ code: 'too_small', origin: 'array', minimum: 2, inclusive: true, path: ['ips'], message: 'Too small: expected array to have >=2 items', input: [] })).toEqual({ key: 'v.minEntries', params: { count: 2 } });
    expect(issueText({ code: 'unrecognized_keys', keys: ['colour'], path: [], message: 'Unrecognized key: "colour"', input: {} })).toBe('has fields this version does not know: colour');
  });

  it('finds the key of the agent’s own checks run before staging, with the catalog range of a per-gateway override', () => {
    expect(agentProblemKey('SS_SIP_TIMEOUT_INVITE: 400 is above the maximum 300; allowed: 1–300 s')).toEqual({ key: 'v.wholeRangeUnit', params: { min: 1, max: 300, unit: 's' } });
    expect(agentProblemKey('there is no routing gateway named ghost')).toEqual({ key: 'v.noRoutingGateway', params: { name: 'ghost' } });
    expect(agentProblemKey('required when registration is enabled')).toEqual({ key: 'v.requiredForRegistration' });
    expect(agentProblemKey('a check written after this version')).toBeUndefined();
  });
});
