import { describe, expect, it } from 'vitest';
import { expandChanges } from './changeRows';
import { formatJsonValue } from './valueText';

describe('expandChanges', () => {
  it('turns a created gateway into one row per field, nested objects by their path', () => {
    const rows = expandChanges([
      { path: 'routingGateways[carrier-x]', after: { name: 'carrier-x', prefixes: ['00', '44'], registration: { enabled: false, password: { set: false } } } },
    ]);
    expect(rows).toEqual([
      { path: 'routingGateways[carrier-x].name', after: 'carrier-x' },
      { path: 'routingGateways[carrier-x].prefixes', after: ['00', '44'] },
      { path: 'routingGateways[carrier-x].registration.enabled', after: false },
      { path: 'routingGateways[carrier-x].registration.password', after: { set: false } },
    ]);
  });

  it('expands a deleted gateway on the "before" side and leaves field changes and parameters alone', () => {
    const field = { path: 'mappingGateways[c].priority', before: 1, after: 2 };
    const param = { path: 'params.SS_SIP_TIMEOUT_INVITE', after: 25 };
    expect(expandChanges([{ path: 'mappingGateways[c]', before: { name: 'c', cpsLimit: null } }, field, param])).toEqual([
      { path: 'mappingGateways[c].name', before: 'c' },
      { path: 'mappingGateways[c].cpsLimit', before: null },
      field,
      param,
    ]);
  });
});

describe('formatJsonValue', () => {
  it('shows secrets as set / not set and never as JSON', () => {
    expect(formatJsonValue('mappingGateways[c].password', { set: false })).toBe('not set');
    expect(formatJsonValue('routingGateways[x].registration.password', { set: true })).toBe('set');
  });

  it('shows lists and objects readably', () => {
    expect(formatJsonValue('routingGateways[x].prefixes', ['00', '44'])).toBe('00, 44');
    expect(formatJsonValue('routingGateways[x].prefixes', [])).toBe('empty list');
    expect(formatJsonValue('routingGateways[x].addresses', [{ host: '127.0.0.3', port: 5060, transport: 'udp' }])).toBe('(host: 127.0.0.3, port: 5060, transport: udp)');
    expect(formatJsonValue('mappingGateways[c].cpsLimit', null)).toBe('none');
    expect(formatJsonValue('params.SS_SIP_TIMEOUT_INVITE', 25)).toBe('25 s');
  });
});
