import { formatParamValue } from './format';
import type { ParamIssue, ParamValue } from './types';

type Values = (name: string) => ParamValue;

/** One cross-parameter rule: reads the effective values and reports issues (empty when satisfied). */
interface CrossRule {
  readonly id: string;
  readonly check: (v: Reader) => ParamIssue[];
}

/** Typed access; a value of the wrong type makes the rule skip (validateParamValue reports it). */
interface Reader {
  num(name: string): number | undefined;
  bool(name: string): boolean | undefined;
  str(name: string): string | undefined;
  list(name: string): readonly number[] | undefined;
  raw(name: string): ParamValue;
  show(name: string): string;
}

function reader(values: Values): Reader {
  return {
    num: (n) => {
      const x = values(n);
      return typeof x === 'number' ? x : undefined;
    },
    bool: (n) => {
      const x = values(n);
      return typeof x === 'boolean' ? x : undefined;
    },
    str: (n) => {
      const x = values(n);
      return typeof x === 'string' ? x : undefined;
    },
    list: (n) => {
      const x = values(n);
      return Array.isArray(x) ? x : undefined;
    },
    raw: (n) => values(n),
    show: (n) => formatParamValue(n, values(n), { redactSecrets: true }),
  };
}

/** Every code a cross-check can report (`cross.<code>` in ParamReason); each interface language has a sentence for each. */
export const CROSS_REASON_CODES = [
  'keyUnused', 'keyUnusedNotAes', 'keyMissing', 'keyNotAes', 'keyTooLongRc4', 'keyShortRc4', 'natKeepAliveTooLong', 'natKeepAliveOverFifth',
  'natKeepAliveVsEndpointExpire', 'noTimerShort', 'switchUntilConnectNoLimit', 'switchAfterSdpNoLimit', 'authTimeoutShort',
  'authRetryShortSuspend', 'maxRetryOff', 'maxRetryHigh', 'registerSuspendOff', 'resendNeverBeforeTimeout',
] as const;
type CrossCode = (typeof CROSS_REASON_CODES)[number];

/** `code` names the finding for other languages (`cross.<code>`); `values` are the numbers its sentence quotes. */
const issue = (severity: ParamIssue['severity'], params: string[], code: CrossCode, values: Record<string, string | number>, message: string): ParamIssue => ({
  severity,
  params,
  message,
  reason: { code: `cross.${code}`, values },
});

const MODE = 'SS_RTPENCRYPTIONMODE';
const KEY = 'SS_RTPENCRYPTIONKEY';
const MODE_TEXT: Readonly<Record<string, string>> = { '1': '1 (XOR)', '2': '2 (RC4)', '3': '3 (AES128)' };

const RULES: readonly CrossRule[] = [
  {
    // Articles: every mode except None needs the shared key; AES128 needs exactly 16 bytes; RC4 keys go up to 256 bits.
    id: 'rtp-encryption-key',
    check: (v) => {
      const mode = v.str(MODE);
      const key = v.str(KEY);
      if (mode === undefined || key === undefined) return [];
      if (mode === '0') {
        // Stored for later, not an error; but say now that it is unused and whether AES128 could take it.
        if (key === '') return [];
        const fit = key.length === 16 ? '' : ` It has ${key.length} characters: ${MODE_TEXT['3']} would need exactly 16.`;
        return [issue('warning', [KEY, MODE], key.length === 16 ? 'keyUnused' : 'keyUnusedNotAes', { length: key.length }, `${KEY} is set, but ${MODE} is 0 (None), so the key is not used.${fit}`)];
      }
      const modeText = MODE_TEXT[mode] ?? mode;
      if (key === '') return [issue('error', [KEY, MODE], 'keyMissing', { mode }, `${KEY} is empty, but ${MODE} is ${modeText}: encryption needs the same key on this switch and on the other side.`)];
      if (mode === '3' && key.length !== 16) {
        return [issue('error', [KEY, MODE], 'keyNotAes', { length: key.length }, `${KEY} has ${key.length} characters, but ${MODE} ${modeText} needs exactly 16 (128 bits).`)];
      }
      if (mode === '2' && key.length > 32) {
        return [issue('error', [KEY, MODE], 'keyTooLongRc4', { length: key.length }, `${KEY} has ${key.length} characters, but ${MODE} ${modeText} accepts at most 32 (256 bits).`)];
      }
      if (mode === '2' && key.length < 16) {
        return [issue('warning', [KEY, MODE], 'keyShortRc4', { length: key.length }, `${KEY} has ${key.length} characters; with ${MODE} ${modeText} use at least 16 random characters.`)];
      }
      return [];
    },
  },
  {
    // Articles: the keep-alive period must be shorter than the NAT registration expiry, ideally at most a fifth of it.
    id: 'nat-keepalive-vs-nat-expire',
    check: (v) => {
      const period = v.num('SS_SIP_NAT_KEEP_ALIVE_PERIOD');
      const expire = v.num('SS_ENDPOINT_NAT_EXPIRE');
      if (v.str('SS_SIP_NAT_KEEP_ALIVE_MESSAGE') === '' || period === undefined || expire === undefined) return [];
      const pair = `SS_SIP_NAT_KEEP_ALIVE_PERIOD (${v.show('SS_SIP_NAT_KEEP_ALIVE_PERIOD')})`;
      const target = `SS_ENDPOINT_NAT_EXPIRE (${v.show('SS_ENDPOINT_NAT_EXPIRE')})`;
      const params = ['SS_SIP_NAT_KEEP_ALIVE_PERIOD', 'SS_ENDPOINT_NAT_EXPIRE'];
      if (period >= expire) {
        return [issue('error', params, 'natKeepAliveTooLong', { period, expire }, `${pair} must be shorter than ${target}: NAT devices would be deregistered before their next keep-alive.`)];
      }
      if (period * 5 > expire) {
        const limit = Math.floor(expire / 5);
        return [issue('warning', params, 'natKeepAliveOverFifth', { period, expire, limit }, `${pair} should be at most one fifth of ${target}, that is ${limit} s or less, so a missed keep-alive is not fatal.`)];
      }
      return [];
    },
  },
  {
    id: 'nat-keepalive-vs-endpoint-expire',
    check: (v) => {
      const period = v.num('SS_SIP_NAT_KEEP_ALIVE_PERIOD');
      const expire = v.num('SS_ENDPOINT_EXPIRE');
      if (v.str('SS_SIP_NAT_KEEP_ALIVE_MESSAGE') === '' || period === undefined || expire === undefined || period < expire) return [];
      return [
        issue(
          'warning',
          ['SS_SIP_NAT_KEEP_ALIVE_PERIOD', 'SS_ENDPOINT_EXPIRE'],
          'natKeepAliveVsEndpointExpire',
          { period, expire },
          `SS_SIP_NAT_KEEP_ALIVE_PERIOD (${v.show('SS_SIP_NAT_KEEP_ALIVE_PERIOD')}) should be shorter than SS_ENDPOINT_EXPIRE (${v.show('SS_ENDPOINT_EXPIRE')}).`,
        ),
      ];
    },
  },
  {
    // Articles: the no-timer limit should be at least 3–6 times the session TTL.
    id: 'no-timer-vs-session-ttl',
    check: (v) => {
      const noTimer = v.num('SS_SIP_NO_TIMER_REINVITE_INTERVAL');
      const ttl = v.num('SS_SIP_SESSION_TTL');
      if (noTimer === undefined || ttl === undefined || noTimer >= 3 * ttl) return [];
      return [
        issue(
          'warning',
          ['SS_SIP_NO_TIMER_REINVITE_INTERVAL', 'SS_SIP_SESSION_TTL'],
          'noTimerShort',
          { noTimer, ttl, least: 3 * ttl },
          `SS_SIP_NO_TIMER_REINVITE_INTERVAL (${v.show('SS_SIP_NO_TIMER_REINVITE_INTERVAL')}) should be at least 3 × SS_SIP_SESSION_TTL ` +
            `(${v.show('SS_SIP_SESSION_TTL')}) = ${3 * ttl} s, or long calls without session timers are cut early.`,
        ),
      ];
    },
  },
  {
    // Articles: to avoid endless switching loops set a limit, keep "until connect" Off and "stop after SDP" On.
    id: 'gateway-switching-loop',
    check: (v) => {
      if (v.raw('SS_GATEWAY_SWITCH_LIMIT') !== 'none') return [];
      const out: ParamIssue[] = [];
      if (v.bool('SS_GATEWAY_SWITCH_UNTIL_CONNECT') === true) {
        out.push(
          issue(
            'warning',
            ['SS_GATEWAY_SWITCH_UNTIL_CONNECT', 'SS_GATEWAY_SWITCH_LIMIT'],
            'switchUntilConnectNoLimit',
            {},
            'SS_GATEWAY_SWITCH_UNTIL_CONNECT is On while SS_GATEWAY_SWITCH_LIMIT is None: a failing call can cycle through every gateway; set a limit (3–5 is recommended).',
          ),
        );
      }
      if (v.bool('SS_SIP_STOP_SWITCH_AFTER_SDP') === false) {
        out.push(
          issue(
            'warning',
            ['SS_SIP_STOP_SWITCH_AFTER_SDP', 'SS_GATEWAY_SWITCH_LIMIT'],
            'switchAfterSdpNoLimit',
            {},
            'SS_SIP_STOP_SWITCH_AFTER_SDP is Off while SS_GATEWAY_SWITCH_LIMIT is None: calls may keep switching after early media started; set a limit (3–5 is recommended).',
          ),
        );
      }
      return out;
    },
  },
  {
    // Articles: the timeout must leave time for all retries; 10 s for 6 retries works because devices answer within ~1.5 s.
    id: 'sip-auth-timeout-vs-retry',
    check: (v) => {
      const timeout = v.num('SS_SIP_AUTHENTICATION_TIMEOUT');
      const retry = v.num('SS_SIP_AUTHENTICATION_RETRY');
      if (timeout === undefined || retry === undefined || timeout >= retry * 1.5) return [];
      return [
        issue(
          'warning',
          ['SS_SIP_AUTHENTICATION_TIMEOUT', 'SS_SIP_AUTHENTICATION_RETRY'],
          'authTimeoutShort',
          { timeout, retry, needed: retry * 1.5 },
          `SS_SIP_AUTHENTICATION_TIMEOUT (${v.show('SS_SIP_AUTHENTICATION_TIMEOUT')}) is shorter than SS_SIP_AUTHENTICATION_RETRY ` +
            `(${v.show('SS_SIP_AUTHENTICATION_RETRY')}) × 1.5 s = ${retry * 1.5} s: the timeout ends authentication before the retries can be used.`,
        ),
      ];
    },
  },
  {
    // Articles: when raising the retry count to 8–10, also raise the suspension to about 600 s.
    id: 'sip-auth-retry-vs-suspend',
    check: (v) => {
      const retry = v.num('SS_SIP_AUTHENTICATION_RETRY');
      const suspend = v.num('SS_AUTHENTICATION_FAILED_SUSPEND');
      if (retry === undefined || suspend === undefined || retry < 8 || suspend >= 600) return [];
      return [
        issue(
          'warning',
          ['SS_SIP_AUTHENTICATION_RETRY', 'SS_AUTHENTICATION_FAILED_SUSPEND'],
          'authRetryShortSuspend',
          { retry, suspend },
          `SS_SIP_AUTHENTICATION_RETRY is ${v.show('SS_SIP_AUTHENTICATION_RETRY')}; with that many password guesses SS_AUTHENTICATION_FAILED_SUSPEND ` +
            `(${v.show('SS_AUTHENTICATION_FAILED_SUSPEND')}) should be at least 600 s.`,
        ),
      ];
    },
  },
  {
    // Articles: "retries without suspension provide no real protection". The engine suspends a source after
    // SS_AUTHENTICATION_MAX_RETRY wrong passwords; 0 turns that off, and a high value lets one address guess for long.
    id: 'password-guessing-cheap',
    check: (v) => {
      const max = v.num('SS_AUTHENTICATION_MAX_RETRY');
      if (max === undefined) return [];
      if (max === 0) {
        return [
          issue(
            'warning',
            ['SS_AUTHENTICATION_MAX_RETRY', 'SS_AUTHENTICATION_FAILED_SUSPEND'],
            'maxRetryOff',
            { retry: String(v.raw('SS_SIP_AUTHENTICATION_RETRY')) },
            'SS_AUTHENTICATION_MAX_RETRY is 0, so no address is ever suspended for wrong passwords: a guesser only has to start a new ' +
              `request after every ${v.show('SS_SIP_AUTHENTICATION_RETRY')} and can try passwords without end.`,
          ),
        ];
      }
      if (max <= 10) return [];
      return [
        issue(
          'warning',
          ['SS_AUTHENTICATION_MAX_RETRY', 'SS_AUTHENTICATION_FAILED_SUSPEND'],
          'maxRetryHigh',
          { max, suspend: String(v.raw('SS_AUTHENTICATION_FAILED_SUSPEND')) },
          `SS_AUTHENTICATION_MAX_RETRY is ${v.show('SS_AUTHENTICATION_MAX_RETRY')}: one address may guess that many passwords before it is ` +
            `suspended for ${v.show('SS_AUTHENTICATION_FAILED_SUSPEND')}. Keep it at 10 or less.`,
        ),
      ];
    },
  },
  {
    // Articles: suspension must be enabled for the retry limit and suspend time to work.
    id: 'endpoint-register-suspend-off',
    check: (v) => {
      if (v.bool('SS_ENDPOINTREGISTERSUSPEND') !== false) return [];
      return [
        issue(
          'warning',
          ['SS_ENDPOINTREGISTERSUSPEND', 'SS_ENDPOINTREGISTERRETRY', 'SS_ENDPOINTREGISTERSUSPENDTIME'],
          'registerSuspendOff',
          { retry: String(v.raw('SS_ENDPOINTREGISTERRETRY')), time: String(v.raw('SS_ENDPOINTREGISTERSUSPENDTIME')) },
          `SS_ENDPOINTREGISTERSUSPEND is Off, so SS_ENDPOINTREGISTERRETRY (${v.show('SS_ENDPOINTREGISTERRETRY')}) and ` +
            `SS_ENDPOINTREGISTERSUSPENDTIME (${v.show('SS_ENDPOINTREGISTERSUSPENDTIME')}) have no effect and registration floods are never blocked.`,
        ),
      ];
    },
  },
  {
    // Derived from the articles' description: resends happen inside the INVITE timeout, so a first wait
    // at or beyond the timeout means the INVITE is never resent.
    id: 'resend-vs-invite-timeout',
    check: (v) => {
      const first = v.list('SS_SIP_RESEND_INTERVAL')?.[0];
      const timeout = v.num('SS_SIP_TIMEOUT_INVITE');
      if (first === undefined || timeout === undefined || first < timeout) return [];
      return [
        issue(
          'warning',
          ['SS_SIP_RESEND_INTERVAL', 'SS_SIP_TIMEOUT_INVITE'],
          'resendNeverBeforeTimeout',
          { first, timeout },
          `SS_SIP_RESEND_INTERVAL starts with a ${first} s wait, not shorter than SS_SIP_TIMEOUT_INVITE (${v.show('SS_SIP_TIMEOUT_INVITE')}): ` +
            'a lost INVITE is never resent before the gateway is given up.',
        ),
      ];
    },
  },
];

/** Ids of the cross-parameter rules, for documentation and tests. */
export const CROSS_RULE_IDS: readonly string[] = RULES.map((r) => r.id);

/**
 * Checks the rules that involve more than one parameter. `values` returns the effective value of a
 * parameter (the stored value, or the catalog default). Errors mean the articles say the combination
 * breaks calls or registrations; warnings mean it goes against their recommendation.
 */
export function checkCrossRules(values: Values): ParamIssue[] {
  const v = reader(values);
  return RULES.flatMap((rule) => rule.check(v));
}
