import { describe, expect, it } from 'vitest';
import i18next from '../i18n';
import { RoutingGatewaySchema, MappingGatewaySchema } from '@shared/model';
import { changeSentences, type Translate } from './changeSentences';

const t: Translate = (key, options) => i18next.t(key, options);
const texts = (changes: Parameters<typeof changeSentences>[0]) => changeSentences(changes, t).map((s) => s.text);

describe('change sentences', () => {
  it('describes a new routing gateway by what differs from the defaults, addresses first', () => {
    const gw = RoutingGatewaySchema.parse({ name: 'carrier-A', addresses: [{ host: '192.0.2.10' }], prefixes: ['0086', '001'], maxConcurrentCalls: 120 });
    expect(texts([{ path: 'routingGateways[carrier-A]', after: gw }])).toEqual(['Add routing gateway carrier-A: 192.0.2.10:5060 UDP, prefixes 0086/001, capacity 120']);
  });

  it('names non-default nested fields and per-gateway overrides in their unit', () => {
    const gw = RoutingGatewaySchema.parse({
      name: 'gw', enabled: false, addresses: [{ host: 'sip.example.net', port: 5070, transport: 'tcp' }], inviteTimeout: 20,
      registration: { enabled: true, username: 'acct', password: { set: true } },
    });
    expect(texts([{ path: 'routingGateways[gw]', after: gw }])).toEqual([
      'Add routing gateway gw: sip.example.net:5070 TCP, state disabled, INVITE timeout 20 s, registration on, registration user acct, registration password set',
    ]);
  });

  it('describes a new mapping gateway with only its identity when everything else is default', () => {
    const gw = MappingGatewaySchema.parse({ name: 'cust-1', authMode: 'ip', ips: [{ ip: '198.51.100.7' }] });
    expect(texts([{ path: 'mappingGateways[cust-1]', after: gw }])).toEqual(['Add mapping gateway cust-1: 198.51.100.7, recognised by IP']);
  });

  it('gathers the field changes of one gateway into one sentence, before → after', () => {
    expect(texts([
      { path: 'routingGateways[gw-a].maxConcurrentCalls', before: 120, after: 200 },
      { path: 'params.SS_SIP_TIMEOUT_INVITE', before: 10, after: 20 },
      { path: 'routingGateways[gw-a].cpsLimit', before: 5, after: null },
      { path: 'routingGateways[gw-a].inviteTimeout', before: null, after: 30 },
    ])).toEqual([
      'Change routing gateway gw-a: capacity 120 → 200, CPS 5 → no limit, INVITE timeout system value → 30 s',
      'SS_SIP_TIMEOUT_INVITE 10 s → 20 s',
    ]);
  });

  it('shows a parameter set from or reset to its default with the default value', () => {
    expect(texts([
      { path: 'params.SS_SIP_TIMEOUT_INVITE', after: 20 },
      { path: 'params.SS_SIP_TIMEOUT_TRYING', before: 30 },
    ])).toEqual(['SS_SIP_TIMEOUT_INVITE 10 s (default) → 20 s', 'SS_SIP_TIMEOUT_TRYING 30 s → 20 s (default)']);
  });

  it('says a deletion in one sentence and keeps secrets as set / not set', () => {
    expect(texts([
      { path: 'mappingGateways[old]', before: { name: 'old', password: { set: true } } },
      { path: 'mappingGateways[c].password', before: { set: false }, after: { set: true } },
      { path: 'mappingGateways[c].allowedRoutingGateways', before: 'all', after: ['gw-a', 'gw-b'] },
    ])).toEqual(['Delete mapping gateway old', 'Change mapping gateway c: password not set → set, may use all routing gateways → gw-a, gw-b']);
  });

  it('falls back to the field path for a field it has no words for', () => {
    expect(texts([{ path: 'alertRules[r].threshold', before: 1, after: 2 }])).toEqual(['Change alert rule r: threshold 1 → 2']);
    expect(texts([{ path: 'somethingElse', before: 1, after: 2 }])).toEqual(['somethingElse: 1 → 2']);
  });
});
