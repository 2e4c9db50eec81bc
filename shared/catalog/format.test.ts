import { describe, expect, it } from 'vitest';
import { formatParamValue, paramValueEquals, validateParamValue } from './index';

describe('formatParamValue', () => {
  it.each([
    ['SS_REPLY_UNAUTHORIZED', true, 'On'],
    ['SS_REPLY_UNAUTHORIZED', false, 'Off'],
    ['SS_SIP_USER_AGENT_EXPIRE', 'auto', 'Auto'],
    ['SS_SIP_USER_AGENT_EXPIRE', 300, '300 s'],
    ['SS_GATEWAY_SWITCH_LIMIT', 'none', 'None'],
    ['SS_GATEWAY_SWITCH_LIMIT', 4, '4 times'],
    ['SS_SIP_TIMEOUT_INVITE', 30, '30 s'],
    ['SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL', 500, '500 ms'],
    ['SS_SIP_SESSION_UPDATE_SEGMENT', 2, '2'],
    ['SS_SIP_RESEND_INTERVAL', [0.5, 1, 2, 4], '0.5, 1, 2, 4'],
    ['SS_RTPENCRYPTIONMODE', '3', 'AES128'],
    ['SS_SIP_USER_AGENT_PRIVACY', 'id', 'Id'],
    ['SS_SIP_NAT_KEEP_ALIVE_MESSAGE', 'HELLO', 'HELLO'],
    ['SS_RTPENCRYPTIONKEY', 'k3y', 'k3y'],
  ] as const)('%s %j → %s', (name, value, text) => {
    expect(formatParamValue(name, value)).toBe(text);
  });

  it('masks secrets only when asked', () => {
    expect(formatParamValue('SS_RTPENCRYPTIONKEY', '0123456789abcdef', { redactSecrets: true })).toBe('••••••••');
    expect(formatParamValue('SS_RTPENCRYPTIONKEY', '', { redactSecrets: true })).toBe('');
    expect(formatParamValue('SS_SIP_NAT_KEEP_ALIVE_MESSAGE', 'HELLO', { redactSecrets: true })).toBe('HELLO');
  });

  it('shows values that do not fit (older stored data, unknown names) plainly instead of throwing', () => {
    expect(formatParamValue('SS_SIP_TIMEOUT_INVITE', 'auto')).toBe('auto');
    expect(formatParamValue('SS_RTPENCRYPTIONMODE', '9')).toBe('9');
    expect(formatParamValue('SS_UNKNOWN', [1, 2])).toBe('1, 2');
    expect(formatParamValue('SS_UNKNOWN', true)).toBe('On');
  });
});

describe('paramValueEquals', () => {
  it('compares lists item by item and scalars by identity', () => {
    expect(paramValueEquals([0.5, 1], [0.5, 1])).toBe(true);
    expect(paramValueEquals([0.5, 1], [0.5, 1, 2])).toBe(false);
    expect(paramValueEquals([0.5, 1], [1, 0.5])).toBe(false);
    expect(paramValueEquals([1], 1)).toBe(false);
    expect(paramValueEquals('auto', 'auto')).toBe(true);
    expect(paramValueEquals(30, 30)).toBe(true);
    expect(paramValueEquals(30, '30')).toBe(false);
    expect(paramValueEquals(true, 1)).toBe(false);
  });
});

describe('validateParamValue (strict, for RPC boundaries)', () => {
  it.each([
    ['SS_SIP_TIMEOUT_INVITE', 30],
    ['SS_REPLY_UNAUTHORIZED', false],
    ['SS_SIP_USER_AGENT_EXPIRE', 'auto'],
    ['SS_GATEWAY_SWITCH_LIMIT', 'none'],
    ['SS_RTPENCRYPTIONMODE', '3'],
    ['SS_SIP_RESEND_INTERVAL', [0.5, 1]],
    ['SS_RTPENCRYPTIONKEY', ''],
  ] as const)('accepts canonical %s = %j', (name, value) => {
    expect(validateParamValue(name, value)).toBeNull();
  });

  it.each([
    ['SS_SIP_TIMEOUT_INVITE', '30', 'is not a number'],
    ['SS_SIP_TIMEOUT_INVITE', 30.5, 'is not a whole number'],
    ['SS_SIP_TIMEOUT_INVITE', 0, 'is below the minimum 1'],
    ['SS_REPLY_UNAUTHORIZED', 'On', 'is not a boolean (On/Off)'],
    ['SS_SIP_USER_AGENT_EXPIRE', 'Auto', 'is neither "auto" nor a number'],
    ['SS_GATEWAY_SWITCH_LIMIT', 'None', 'is neither "none" nor a number'],
    ['SS_RTPENCRYPTIONMODE', 'AES128', 'is not one of the options'],
    ['SS_RTPENCRYPTIONMODE', 3, 'is not text'],
    ['SS_SIP_RESEND_INTERVAL', '0.5,1', 'is not a list of numbers'],
    ['SS_SIP_RESEND_INTERVAL', [0.5, Number.POSITIVE_INFINITY], 'has item 2 (Infinity) that is not a number'],
    ['SS_SIP_NAT_KEEP_ALIVE_MESSAGE', null, 'is not text'],
  ] as const)('rejects %s = %j: %s', (name, value, reason) => {
    const issue = validateParamValue(name, value);
    expect(issue?.severity).toBe('error');
    expect(issue?.params).toEqual([name]);
    expect(issue?.message).toContain(`${name}: `);
    expect(issue?.message).toContain(reason);
  });

  it('rejects unknown names with a suggestion', () => {
    expect(validateParamValue('SS_SIP_SESSION_TLL', 600)?.message).toBe('Unknown parameter "SS_SIP_SESSION_TLL"; did you mean SS_SIP_SESSION_TTL?');
  });
});
