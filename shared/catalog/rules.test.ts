import { describe, expect, it } from 'vitest';
import { CROSS_RULE_IDS, checkCrossRules, defaultValue } from './index';
import type { ParamIssue, ParamValue } from './index';

/** Effective values: the catalog defaults with `overrides` applied. */
function check(overrides: Record<string, ParamValue>): ParamIssue[] {
  return checkCrossRules((name) => (name in overrides ? (overrides[name] as ParamValue) : defaultValue(name)));
}

function only(overrides: Record<string, ParamValue>): ParamIssue {
  const issues = check(overrides);
  expect(issues).toHaveLength(1);
  const [first] = issues;
  if (!first) throw new Error('no issue');
  return first;
}

describe('checkCrossRules', () => {
  it('is quiet for the defaults', () => {
    expect(check({})).toEqual([]);
    expect(CROSS_RULE_IDS.length).toBeGreaterThanOrEqual(9);
  });

  describe('RTP encryption key vs mode', () => {
    it('needs a key for any mode except None', () => {
      const issue = only({ SS_RTPENCRYPTIONMODE: '1' });
      expect(issue.severity).toBe('error');
      expect(issue.params).toEqual(['SS_RTPENCRYPTIONKEY', 'SS_RTPENCRYPTIONMODE']);
      expect(issue.message).toBe(
        'SS_RTPENCRYPTIONKEY is empty, but SS_RTPENCRYPTIONMODE is 1 (XOR): encryption needs the same key on this switch and on the other side.',
      );
    });

    it('needs exactly 16 characters for AES128', () => {
      const issue = only({ SS_RTPENCRYPTIONMODE: '3', SS_RTPENCRYPTIONKEY: 'short-key' });
      expect(issue.severity).toBe('error');
      expect(issue.message).toBe('SS_RTPENCRYPTIONKEY has 9 characters, but SS_RTPENCRYPTIONMODE 3 (AES128) needs exactly 16 (128 bits).');
      expect(issue.message).not.toContain('short-key');
      expect(check({ SS_RTPENCRYPTIONMODE: '3', SS_RTPENCRYPTIONKEY: 'A1b2C3d4E5f6G7h8' })).toEqual([]);
      expect(only({ SS_RTPENCRYPTIONMODE: '3', SS_RTPENCRYPTIONKEY: 'A1b2C3d4E5f6G7h8X' }).message).toContain('has 17 characters');
    });

    it('limits RC4 keys to 32 characters and recommends at least 16', () => {
      expect(only({ SS_RTPENCRYPTIONMODE: '2', SS_RTPENCRYPTIONKEY: 'k'.repeat(33) }).severity).toBe('error');
      const weak = only({ SS_RTPENCRYPTIONMODE: '2', SS_RTPENCRYPTIONKEY: 'k'.repeat(8) });
      expect(weak.severity).toBe('warning');
      expect(weak.message).toContain('SS_RTPENCRYPTIONMODE 2 (RC4)');
      expect(check({ SS_RTPENCRYPTIONMODE: '2', SS_RTPENCRYPTIONKEY: 'k'.repeat(32) })).toEqual([]);
    });

    it('accepts any non-empty key for XOR', () => {
      expect(check({ SS_RTPENCRYPTIONMODE: '1', SS_RTPENCRYPTIONKEY: 'x' })).toEqual([]);
    });

    it('warns about a key stored while encryption is off, and says when it would not fit AES128', () => {
      const short = only({ SS_RTPENCRYPTIONKEY: 'short' });
      expect(short.severity).toBe('warning');
      expect(short.params).toEqual(['SS_RTPENCRYPTIONKEY', 'SS_RTPENCRYPTIONMODE']);
      expect(short.message).toBe(
        'SS_RTPENCRYPTIONKEY is set, but SS_RTPENCRYPTIONMODE is 0 (None), so the key is not used. ' +
          'It has 5 characters: 3 (AES128) would need exactly 16.',
      );
      expect(only({ SS_RTPENCRYPTIONMODE: '0', SS_RTPENCRYPTIONKEY: 'A1b2C3d4E5f6G7h8' }).message).toBe(
        'SS_RTPENCRYPTIONKEY is set, but SS_RTPENCRYPTIONMODE is 0 (None), so the key is not used.',
      );
      expect(check({ SS_RTPENCRYPTIONMODE: '0', SS_RTPENCRYPTIONKEY: '' })).toEqual([]);
    });
  });

  describe('NAT keep-alive period vs registration expiry', () => {
    it('is an error when the period is not shorter than the NAT expiry', () => {
      const issue = only({ SS_SIP_NAT_KEEP_ALIVE_PERIOD: 300 });
      expect(issue.severity).toBe('error');
      expect(issue.params).toEqual(['SS_SIP_NAT_KEEP_ALIVE_PERIOD', 'SS_ENDPOINT_NAT_EXPIRE']);
      expect(issue.message).toBe(
        'SS_SIP_NAT_KEEP_ALIVE_PERIOD (300 s) must be shorter than SS_ENDPOINT_NAT_EXPIRE (300 s): NAT devices would be deregistered before their next keep-alive.',
      );
    });

    it('warns above one fifth of the NAT expiry', () => {
      expect(check({ SS_SIP_NAT_KEEP_ALIVE_PERIOD: 60 })).toEqual([]);
      const issue = only({ SS_SIP_NAT_KEEP_ALIVE_PERIOD: 61 });
      expect(issue.severity).toBe('warning');
      expect(issue.message).toContain('SS_SIP_NAT_KEEP_ALIVE_PERIOD (61 s) should be at most one fifth of SS_ENDPOINT_NAT_EXPIRE (300 s), that is 60 s or less');
    });

    it('warns when the period is not shorter than the normal registration expiry', () => {
      const issues = check({ SS_SIP_NAT_KEEP_ALIVE_PERIOD: 120, SS_ENDPOINT_NAT_EXPIRE: 3600, SS_ENDPOINT_EXPIRE: 120 });
      expect(issues.map((i) => [i.severity, i.params])).toEqual([['warning', ['SS_SIP_NAT_KEEP_ALIVE_PERIOD', 'SS_ENDPOINT_EXPIRE']]]);
      expect(issues[0]?.message).toBe('SS_SIP_NAT_KEEP_ALIVE_PERIOD (120 s) should be shorter than SS_ENDPOINT_EXPIRE (120 s).');
    });

    it('does not apply when the keep-alive is switched off by an empty message', () => {
      expect(check({ SS_SIP_NAT_KEEP_ALIVE_MESSAGE: '', SS_SIP_NAT_KEEP_ALIVE_PERIOD: 3600 })).toEqual([]);
    });
  });

  it('warns when the no-timer limit is under 3 × the session TTL', () => {
    expect(check({ SS_SIP_NO_TIMER_REINVITE_INTERVAL: 1800 })).toEqual([]);
    const issue = only({ SS_SIP_NO_TIMER_REINVITE_INTERVAL: 1799 });
    expect(issue.severity).toBe('warning');
    expect(issue.params).toEqual(['SS_SIP_NO_TIMER_REINVITE_INTERVAL', 'SS_SIP_SESSION_TTL']);
    expect(issue.message).toContain('SS_SIP_NO_TIMER_REINVITE_INTERVAL (1799 s) should be at least 3 × SS_SIP_SESSION_TTL (600 s) = 1800 s');
  });

  describe('gateway switching loops', () => {
    it('warns for "until connect" without a switch limit', () => {
      const issue = only({ SS_GATEWAY_SWITCH_UNTIL_CONNECT: true });
      expect(issue.severity).toBe('warning');
      expect(issue.params).toEqual(['SS_GATEWAY_SWITCH_UNTIL_CONNECT', 'SS_GATEWAY_SWITCH_LIMIT']);
      expect(issue.message).toContain('SS_GATEWAY_SWITCH_UNTIL_CONNECT is On while SS_GATEWAY_SWITCH_LIMIT is None');
    });
    it('warns for switching after SDP without a switch limit', () => {
      expect(only({ SS_SIP_STOP_SWITCH_AFTER_SDP: false }).params).toEqual(['SS_SIP_STOP_SWITCH_AFTER_SDP', 'SS_GATEWAY_SWITCH_LIMIT']);
      expect(check({ SS_SIP_STOP_SWITCH_AFTER_SDP: false, SS_GATEWAY_SWITCH_UNTIL_CONNECT: true })).toHaveLength(2);
    });
    it('is satisfied by any limit', () => {
      expect(check({ SS_SIP_STOP_SWITCH_AFTER_SDP: false, SS_GATEWAY_SWITCH_UNTIL_CONNECT: true, SS_GATEWAY_SWITCH_LIMIT: 5 })).toEqual([]);
    });
  });

  describe('SIP authentication', () => {
    it('warns when the timeout leaves under 1.5 s per retry', () => {
      expect(check({ SS_SIP_AUTHENTICATION_TIMEOUT: 9 })).toEqual([]);
      const issue = only({ SS_SIP_AUTHENTICATION_TIMEOUT: 8 });
      expect(issue.params).toEqual(['SS_SIP_AUTHENTICATION_TIMEOUT', 'SS_SIP_AUTHENTICATION_RETRY']);
      expect(issue.message).toContain('SS_SIP_AUTHENTICATION_TIMEOUT (8 s) is shorter than SS_SIP_AUTHENTICATION_RETRY (6 times) × 1.5 s = 9 s');
    });
    it('warns when many retries meet a short suspension', () => {
      const issue = only({ SS_SIP_AUTHENTICATION_RETRY: 8, SS_SIP_AUTHENTICATION_TIMEOUT: 20 });
      expect(issue.params).toEqual(['SS_SIP_AUTHENTICATION_RETRY', 'SS_AUTHENTICATION_FAILED_SUSPEND']);
      expect(issue.message).toContain('SS_AUTHENTICATION_FAILED_SUSPEND (180 s) should be at least 600 s');
      expect(check({ SS_SIP_AUTHENTICATION_RETRY: 8, SS_SIP_AUTHENTICATION_TIMEOUT: 20, SS_AUTHENTICATION_FAILED_SUSPEND: 600 })).toEqual([]);
    });
  });

  it('warns when password guessing is cheap: no suspension at all, or more than 10 wrong passwords allowed', () => {
    const off = only({ SS_AUTHENTICATION_MAX_RETRY: 0 });
    expect(off.params).toEqual(['SS_AUTHENTICATION_MAX_RETRY', 'SS_AUTHENTICATION_FAILED_SUSPEND']);
    expect(off.message).toContain('SS_AUTHENTICATION_MAX_RETRY is 0, so no address is ever suspended');
    expect(only({ SS_AUTHENTICATION_MAX_RETRY: 11 }).message).toContain('SS_AUTHENTICATION_MAX_RETRY is 11 times');
    expect(check({ SS_AUTHENTICATION_MAX_RETRY: 10 })).toEqual([]);
  });

  it('warns that registration retry and suspend time do nothing while suspension is off', () => {
    const issue = only({ SS_ENDPOINTREGISTERSUSPEND: false });
    expect(issue.params).toEqual(['SS_ENDPOINTREGISTERSUSPEND', 'SS_ENDPOINTREGISTERRETRY', 'SS_ENDPOINTREGISTERSUSPENDTIME']);
    expect(issue.message).toContain('SS_ENDPOINTREGISTERRETRY (6 times) and SS_ENDPOINTREGISTERSUSPENDTIME (180 s) have no effect');
  });

  it('warns when the first resend wait is not inside the INVITE timeout', () => {
    expect(check({ SS_SIP_RESEND_INTERVAL: [9.5, 4] })).toEqual([]);
    const issue = only({ SS_SIP_RESEND_INTERVAL: [10, 4] });
    expect(issue.params).toEqual(['SS_SIP_RESEND_INTERVAL', 'SS_SIP_TIMEOUT_INVITE']);
    expect(issue.message).toContain('SS_SIP_RESEND_INTERVAL starts with a 10 s wait, not shorter than SS_SIP_TIMEOUT_INVITE (10 s)');
  });

  it('skips a rule whose values have the wrong type instead of throwing', () => {
    expect(check({ SS_SIP_NAT_KEEP_ALIVE_PERIOD: 'oops', SS_RTPENCRYPTIONMODE: true })).toEqual([]);
  });
});
