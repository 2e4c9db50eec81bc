import { describe, expect, it } from 'vitest';
import { parseParamInput } from './index';
import type { ParamValue } from './index';

function ok(name: string, input: unknown): ParamValue {
  const result = parseParamInput(name, input);
  if (!result.ok) throw new Error(`expected ${name} to accept ${JSON.stringify(input)}: ${result.error.message}`);
  return result.value;
}

function err(name: string, input: unknown): string {
  const result = parseParamInput(name, input);
  if (result.ok) throw new Error(`expected ${name} to reject ${JSON.stringify(input)}, got ${JSON.stringify(result.value)}`);
  expect(result.error.severity).toBe('error');
  expect(result.error.params[0]).toBe(name);
  return result.error.message;
}

describe('onoff', () => {
  const name = 'SS_REPLY_UNAUTHORIZED';
  it.each([
    ['On', true], ['off', false], ['ON', true], [true, true], [false, false], ['yes', true], ['no', false],
    ['1', true], ['0', false], ['true', true], ['false', false], [' On ', true], ['Enabled', true], [1, true], [0, false],
  ] as const)('reads %j as %s', (input, expected) => {
    expect(ok(name, input)).toBe(expected);
  });

  it.each(['maybe', '', 2, null, undefined, [true]])('rejects %j naming the parameter and value', (input) => {
    const message = err(name, input);
    expect(message).toMatch(/^SS_REPLY_UNAUTHORIZED: .* is not On or Off/);
    expect(message).toContain('allowed: On or Off');
  });

  it('quotes a rejected text value', () => {
    expect(err(name, 'maybe')).toContain('"maybe"');
  });
});

describe('integer', () => {
  const name = 'SS_SIP_TIMEOUT_INVITE';
  it.each([
    ['30', 30], [30, 30], ['30s', 30], [' 30 s ', 30], ['30 sec', 30], ['30 seconds', 30], ['1 min', 60], ['1.5 min', 90],
    ['2000 ms', 2], ['10.0', 10], ['+12', 12], ['300', 300], ['1', 1],
  ] as const)('reads %j as %d', (input, expected) => {
    expect(ok(name, input)).toBe(expected);
  });

  it('gives the exact message for text that is not a number', () => {
    expect(err(name, 'abc')).toBe('SS_SIP_TIMEOUT_INVITE: "abc" is not a whole number; allowed: 1–300 s');
  });

  it.each([
    ['0', 'is below the minimum 1'],
    ['301', 'is above the maximum 300'],
    [-5, 'is below the minimum 1'],
    ['10.5', 'is not a whole number'],
    [10.5, 'is not a whole number'],
    ['500 ms', 'is not a whole number of seconds'],
    ['1500 ms', 'is not a whole number of seconds'],
    ['10 kb', 'has an unknown unit "kb"'],
    ['10 times', 'is in times, which cannot be converted to seconds'],
    ['1e3', 'is not a whole number'],
    ['', 'is not a whole number'],
    [Number.NaN, 'is not a whole number'],
    [true, 'is not a whole number'],
    ['6 h', 'is above the maximum 300'],
  ] as const)('rejects %j: %s', (input, reason) => {
    const message = err(name, input);
    expect(message).toContain(reason);
    expect(message.startsWith(`${name}: `)).toBe(true);
    expect(message).toContain('allowed: 1–300 s');
  });

  it('converts into milliseconds for a millisecond parameter', () => {
    expect(ok('SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL', '1 s')).toBe(1000);
    expect(ok('SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL', '0.25s')).toBe(250);
    expect(ok('SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL', '500ms')).toBe(500);
    expect(err('SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL', '0.0005 s')).toContain('is not a whole number of milliseconds');
  });

  it('accepts count units only when they match', () => {
    expect(ok('SS_SIP_AUTHENTICATION_RETRY', '6 times')).toBe(6);
    expect(ok('SS_SIP_NAT_KEEP_ALIVE_SEND_ONE_TIME', '3000 messages')).toBe(3000);
    expect(err('SS_SIP_AUTHENTICATION_RETRY', '6 s')).toContain('is in seconds, which cannot be converted to times');
  });

  it('refuses a unit for a plain number', () => {
    expect(err('SS_SIP_SESSION_UPDATE_SEGMENT', '3 s')).toContain('has a unit (seconds), but this parameter takes a plain number');
    expect(ok('SS_SIP_SESSION_UPDATE_SEGMENT', ' 3 ')).toBe(3);
  });
});

describe('autoOrInteger', () => {
  const name = 'SS_SIP_USER_AGENT_EXPIRE';
  it.each(['Auto', 'auto', 'AUTO', ' auto ', 'Auto Negotiation', 'auto-negotiation'])('reads %j as auto', (input) => {
    expect(ok(name, input)).toBe('auto');
  });
  it('reads numbers with units', () => {
    expect(ok(name, '300')).toBe(300);
    expect(ok(name, '5 min')).toBe(300);
    expect(ok(name, 7200)).toBe(7200);
  });
  it('rejects other text and out-of-range numbers', () => {
    expect(err(name, 'automatic')).toBe('SS_SIP_USER_AGENT_EXPIRE: "automatic" is not "Auto" or a whole number; allowed: Auto, or 20–7200 s');
    expect(err(name, '10')).toContain('is below the minimum 20');
    expect(err(name, 'none')).toContain('"none"');
  });
});

describe('noneOrInteger', () => {
  it('reads None in any case', () => {
    expect(ok('SS_GATEWAY_SWITCH_LIMIT', 'None')).toBe('none');
    expect(ok('SS_GATEWAY_SWITCH_LIMIT', 'none')).toBe('none');
    expect(ok('SS_MAX_CALL_DURATION', ' NONE ')).toBe('none');
  });
  it('reads numbers and converts durations', () => {
    expect(ok('SS_GATEWAY_SWITCH_LIMIT', '5')).toBe(5);
    expect(ok('SS_MAX_CALL_DURATION', '2 h')).toBe(7200);
    expect(ok('SS_MAX_CALL_DURATION', '1.5 hours')).toBe(5400);
  });
  it('rejects zero, auto and fractions', () => {
    expect(err('SS_GATEWAY_SWITCH_LIMIT', '0')).toBe('SS_GATEWAY_SWITCH_LIMIT: "0" is below the minimum 1; allowed: None, or 1–99 times');
    expect(err('SS_GATEWAY_SWITCH_LIMIT', 'auto')).toContain('is not "None" or a whole number');
    expect(err('SS_MAX_CALL_DURATION', '0.5 min')).toContain('is below the minimum 60');
  });
});

describe('enum', () => {
  it('matches values and labels case-insensitively', () => {
    expect(ok('SS_RTPENCRYPTIONMODE', '3')).toBe('3');
    expect(ok('SS_RTPENCRYPTIONMODE', 3)).toBe('3');
    expect(ok('SS_RTPENCRYPTIONMODE', 'aes128')).toBe('3');
    expect(ok('SS_RTPENCRYPTIONMODE', 'None')).toBe('0');
    expect(ok('SS_RTPENCRYPTIONMODE', ' rc4 ')).toBe('2');
    expect(ok('SS_SIP_USER_AGENT_PRIVACY', 'ID')).toBe('id');
    expect(ok('SS_SIP_USER_AGENT_PRIVACY', 'Ignore')).toBe('ignore');
    expect(ok('SS_SIP_AUTHENTICATION_CODE', '407')).toBe('407');
    expect(ok('SS_SIP_AUTHENTICATION_CODE', '407 proxy authentication required')).toBe('407');
    expect(ok('SS_SIP_E164_DISPLAY_FROM', 'E164')).toBe('e164');
  });
  it('lists the options when the value is unknown', () => {
    expect(err('SS_RTPENCRYPTIONMODE', 'rsa')).toBe(
      'SS_RTPENCRYPTIONMODE: "rsa" is not one of the options; allowed: 0 = None, 1 = XOR, 2 = RC4 or 3 = AES128',
    );
    expect(err('SS_SIP_USER_AGENT_PRIVACY', true)).toContain('allowed: Ignore, Id or None');
    expect(err('SS_RTPENCRYPTIONMODE', 4)).toContain('SS_RTPENCRYPTIONMODE: 4 is not one of the options');
  });
});

describe('string', () => {
  const name = 'SS_SIP_NAT_KEEP_ALIVE_MESSAGE';
  it('keeps text exactly as typed, including empty', () => {
    expect(ok(name, 'PING')).toBe('PING');
    expect(ok(name, '')).toBe('');
    expect(ok(name, 'keep alive')).toBe('keep alive');
  });
  it('rejects long text, non-ASCII and non-text', () => {
    expect(err(name, 'x'.repeat(65))).toContain('is 65 characters long; allowed: text of at most 64 characters');
    expect(err(name, 'héllo')).toBe(`${name}: "héllo" contains characters that are not allowed; allowed: text of at most 64 characters, printable ASCII characters`);
    expect(err(name, 5)).toBe(`${name}: 5 is not text; allowed: text of at most 64 characters, printable ASCII characters`);
  });
  it('never echoes a secret value in an error', () => {
    const message = err('SS_RTPENCRYPTIONKEY', 'has a space');
    expect(message).not.toContain('has a space');
    expect(message).toContain('SS_RTPENCRYPTIONKEY: (hidden value, 11 characters) contains characters that are not allowed');
    expect(ok('SS_RTPENCRYPTIONKEY', '0123456789abcdef')).toBe('0123456789abcdef');
  });
});

describe('numberList', () => {
  const name = 'SS_SIP_RESEND_INTERVAL';
  it.each([
    ['0.5,1,2,4', [0.5, 1, 2, 4]],
    ['0.5, 1, 2, 4', [0.5, 1, 2, 4]],
    [' 0.5 ,1 , 2,4 ', [0.5, 1, 2, 4]],
    [[0.5, 1, 2, 4], [0.5, 1, 2, 4]],
    [['0.5', '1'], [0.5, 1]],
    ['500ms, 1s, 0.05 min', [0.5, 1, 3]],
    ['0.123', [0.123]],
  ] as const)('reads %j', (input, expected) => {
    expect(ok(name, input)).toEqual(expected);
  });

  it.each([
    ['', 'has 0 numbers, fewer than 1'],
    ['0.5,,1', 'has item 2 ("") that is not a number'],
    ['0.5, abc', 'has item 2 ("abc") that is not a number'],
    ['0.05', 'has item 1 (0.05) outside 0.1–60'],
    ['61', 'has item 1 (61) outside 0.1–60'],
    ['0.1234', 'has item 1 (0.1234) with more than 3 decimals'],
    [Array.from({ length: 21 }, () => '1').join(','), 'has 21 numbers, more than 20'],
    ['1, 2 times', 'has item 2 ("2 times") that is in times, which cannot be converted to seconds'],
    [5, 'is not a list of numbers'],
    [[1, 'x'], 'has item 2 ("x") that is not a number'],
  ] as const)('rejects %j: %s', (input, reason) => {
    const message = err(name, input);
    expect(message).toContain(reason);
    expect(message).toContain('allowed: 1–20 comma-separated numbers, each 0.1–60 s (at most 3 decimals)');
  });
});

describe('unknown parameter names', () => {
  it.each([
    ['SS_SIP_TIMEOUT_INVTE', 'SS_SIP_TIMEOUT_INVITE'],
    ['sip_timeout_invite', 'SS_SIP_TIMEOUT_INVITE'],
    ['ss_reply_unauthorised', 'SS_REPLY_UNAUTHORIZED'],
    ['SS_ENDPOINT_REGISTER_RETRY', 'SS_ENDPOINTREGISTERRETRY'],
    ['SS-SIP-SESSION-TTL', 'SS_SIP_SESSION_TTL'],
  ])('suggests %s → %s', (typo, meant) => {
    const result = parseParamInput(typo, '1');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe(`Unknown parameter "${typo}"; did you mean ${meant}?`);
    expect(result.error.params).toEqual([typo]);
  });

  it('names the parameter without a guess when nothing is close', () => {
    const result = parseParamInput('SS_COMPLETELY_DIFFERENT_THING', 'On');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe('Unknown parameter "SS_COMPLETELY_DIFFERENT_THING"');
  });
});
