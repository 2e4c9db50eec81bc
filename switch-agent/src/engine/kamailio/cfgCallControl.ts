// Call-control tunables (gateway switching and the per-phase INVITE timers) that kamailio.cfg
// reads at run time from the `switchdeck` cfg group. renderCfg merges them into its own set, so
// they are declared, validated and changed with cfg.seti exactly like the other parameters.
import { checkBool, checkInt } from './validate';

export interface CallControlParams {
  /** SS_SIP_TIMEOUT_TRYING: seconds a gateway may stay at 100 Trying (1–300). */
  sipTimeoutTryingSec: number;
  /** SS_SIP_TIMEOUT_SESSION_PROGRESS: seconds a gateway may stay at 183 without an answer (1–600). */
  sipTimeoutSessionProgressSec: number;
  /** SS_GATEWAY_SWITCH_LIMIT: most routing gateways tried for one call; 0 = no limit. */
  switchLimit: number;
  /** SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY: a 486 ends the call. */
  stopSwitchAfterUserBusy: boolean;
  /** SS_GATEWAY_SWITCH_UNTIL_CONNECT: every failure moves on, the stop rules are ignored. */
  switchUntilConnect: boolean;
  /** SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT: a gateway that never replied ends the call. */
  stopSwitchAfterInviteTimeout: boolean;
  /** SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START: no switching once the gateway sent media (RTP). */
  stopSwitchAfterRtpStart: boolean;
  /**
   * SS_SIP_RESEND_INTERVAL as tm can express it for the INVITE to a gateway: the first interval
   * (T1), doubled on each resend up to the largest one (T2), in ms. See resendTimers().
   */
  resendT1Ms: number;
  resendT2Ms: number;
  /** SS_MAX_CALL_DURATION in seconds; 0 = none. */
  maxCallDurationSec: number;
  /** SS_SIP_NO_TIMER_REINVITE_INTERVAL: longest call without session timers, seconds. */
  noTimerLimitSec: number;
  /** SS_SIP_SESSION_TTL: the longest Session-Expires the switch lets a call ask for (90–86400 s). */
  sessionTtlSec: number;
  /** SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP: grace after a missed session refresh, seconds (0–3600). */
  sessionGraceSec: number;
}

export const CALL_CONTROL_VARS = {
  sipTimeoutTryingSec: 'sip_timeout_trying',
  sipTimeoutSessionProgressSec: 'sip_timeout_progress',
  switchLimit: 'switch_limit',
  stopSwitchAfterUserBusy: 'stop_switch_busy',
  switchUntilConnect: 'switch_until_connect',
  stopSwitchAfterInviteTimeout: 'stop_switch_invite_timeout',
  stopSwitchAfterRtpStart: 'stop_switch_rtp_start',
  resendT1Ms: 'resend_t1_ms',
  resendT2Ms: 'resend_t2_ms',
  maxCallDurationSec: 'max_call_duration',
  noTimerLimitSec: 'no_timer_limit',
  sessionTtlSec: 'session_ttl',
  sessionGraceSec: 'session_grace',
} as const satisfies Record<keyof CallControlParams, string>;

export const CALL_CONTROL_DESCRIPTIONS: Record<keyof CallControlParams, string> = {
  sipTimeoutTryingSec: 'SS_SIP_TIMEOUT_TRYING seconds to wait for progress after 100 Trying',
  sipTimeoutSessionProgressSec: 'SS_SIP_TIMEOUT_SESSION_PROGRESS seconds to wait for an answer after 183',
  switchLimit: 'SS_GATEWAY_SWITCH_LIMIT most routing gateways tried per call 0 no limit',
  stopSwitchAfterUserBusy: 'SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY 1 a 486 ends the call',
  switchUntilConnect: 'SS_GATEWAY_SWITCH_UNTIL_CONNECT 1 every failure tries the next gateway',
  stopSwitchAfterInviteTimeout: 'SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT 1 no failover after no reply',
  stopSwitchAfterRtpStart: 'SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START 1 no failover once the gateway sent RTP',
  resendT1Ms: 'SS_SIP_RESEND_INTERVAL first resend of an INVITE to a gateway ms',
  resendT2Ms: 'SS_SIP_RESEND_INTERVAL longest resend interval ms',
  maxCallDurationSec: 'SS_MAX_CALL_DURATION longest call in seconds 0 none',
  noTimerLimitSec: 'SS_SIP_NO_TIMER_REINVITE_INTERVAL longest call without session timers s',
  sessionTtlSec: 'SS_SIP_SESSION_TTL longest Session-Expires allowed s',
  sessionGraceSec: 'SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP grace after a missed session refresh s',
};

export function callControlVarValues(p: CallControlParams): Record<keyof CallControlParams, number> {
  const bool = (k: keyof CallControlParams) => (checkBool(`params.${k}`, p[k] as boolean) ? 1 : 0);
  return {
    sipTimeoutTryingSec: checkInt('params.sipTimeoutTryingSec', p.sipTimeoutTryingSec, 1, 300),
    sipTimeoutSessionProgressSec: checkInt('params.sipTimeoutSessionProgressSec', p.sipTimeoutSessionProgressSec, 1, 600),
    switchLimit: checkInt('params.switchLimit', p.switchLimit, 0, 99),
    stopSwitchAfterUserBusy: bool('stopSwitchAfterUserBusy'),
    switchUntilConnect: bool('switchUntilConnect'),
    stopSwitchAfterInviteTimeout: bool('stopSwitchAfterInviteTimeout'),
    stopSwitchAfterRtpStart: bool('stopSwitchAfterRtpStart'),
    resendT1Ms: checkInt('params.resendT1Ms', p.resendT1Ms, 100, 60_000),
    resendT2Ms: checkInt('params.resendT2Ms', p.resendT2Ms, p.resendT1Ms, 60_000),
    maxCallDurationSec: p.maxCallDurationSec === 0 ? 0 : checkInt('params.maxCallDurationSec', p.maxCallDurationSec, 60, 86_400),
    noTimerLimitSec: checkInt('params.noTimerLimitSec', p.noTimerLimitSec, 60, 86_400),
    sessionTtlSec: checkInt('params.sessionTtlSec', p.sessionTtlSec, 90, 86_400),
    sessionGraceSec: checkInt('params.sessionGraceSec', p.sessionGraceSec, 0, 3600),
  };
}

/**
 * tm resends an INVITE after T1, then doubles the interval up to T2 and keeps it there until the
 * INVITE timeout. So a list is followed exactly when it has that shape (the default
 * 0.5,1,2,4,4,4,… does: T1 500 ms, T2 4000 ms); any other list is approximated by its first and
 * largest values. `exact` says which.
 */
export function resendTimers(list: readonly number[]): { t1Ms: number; t2Ms: number; exact: boolean } {
  if (list.length === 0) throw new Error('params.SS_SIP_RESEND_INTERVAL: at least one interval is required');
  const ms = list.map((x) => Math.round(x * 1000));
  const t1Ms = ms[0]!;
  const t2Ms = Math.max(...ms);
  const exact = ms.every((x, i) => x === Math.min(t1Ms * 2 ** i, t2Ms));
  return { t1Ms, t2Ms, exact };
}

/**
 * Catalog defaults that kamailio.cfg holds as constants, so a call at these values reads none of
 * them from the cfg group: SS_SIP_TIMEOUT_INVITE / _TRYING / _RINGING / _SESSION_PROGRESS (seconds;
 * cfgFeatures.ts customInviteTimers), SS_MAX_CALL_DURATION (0, none) and
 * SS_SIP_NO_TIMER_REINVITE_INTERVAL (seconds; customCallLimits). The five reads they replace cost
 * about 8,600 instructions per answered call (bench/engineInstructions.bench.ts, issue 12).
 */
export const DEFAULT_INVITE_TIMERS = { inviteSec: 10, tryingSec: 20, ringingSec: 120, progressSec: 20 } as const;
export const DEFAULT_CALL_LIMITS = { maxCallDurationSec: 0, noTimerLimitSec: 7200 } as const;

/** The catalog defaults (what a snapshot without these parameters means). */
export const CALL_CONTROL_DEFAULTS: CallControlParams = {
  sipTimeoutTryingSec: DEFAULT_INVITE_TIMERS.tryingSec,
  sipTimeoutSessionProgressSec: DEFAULT_INVITE_TIMERS.progressSec,
  switchLimit: 0,
  stopSwitchAfterUserBusy: true,
  switchUntilConnect: false,
  stopSwitchAfterInviteTimeout: false,
  stopSwitchAfterRtpStart: true,
  resendT1Ms: 500,
  resendT2Ms: 4000,
  maxCallDurationSec: DEFAULT_CALL_LIMITS.maxCallDurationSec,
  noTimerLimitSec: DEFAULT_CALL_LIMITS.noTimerLimitSec,
  sessionTtlSec: 600,
  sessionGraceSec: 0,
};

/**
 * tm's own resend timers, rendered so: an INVITE whose SS_SIP_RESEND_INTERVAL is these (the
 * catalog default is) needs no t_set_retr() of its own (cfgFeatures.ts customResend).
 */
export const TM_RESEND = { t1Ms: 500, t2Ms: 4000 } as const;

/**
 * tm settings the call-control routes rely on. No global fr_timer/fr_inv_timer from the SS_*
 * values: the initial INVITE gets its timers per gateway and per phase (t_set_fr in RELAY_GW and
 * GW_REPLY), and every other transaction (BYE, CANCEL, re-INVITE) keeps tm's defaults, so
 * SS_SIP_TIMEOUT_INVITE=1 cannot make a BYE give up after 1 s.
 */
export const CALL_CONTROL_TM_PARAMS = `# Resends: T1 doubling up to T2 (RFC 3261), for every transaction; an INVITE to a gateway gets
# SS_SIP_RESEND_INTERVAL's values instead when they differ (ATTEMPT_TIMERS).
modparam("tm", "retr_timer1", ${TM_RESEND.t1Ms})
modparam("tm", "retr_timer2", ${TM_RESEND.t2Ms})
# A provisional reply restarts the branch timer only when the call moves on (a higher code:
# 100, then 180, then 183), with the window GW_REPLY chose; a gateway resending 180 cannot
# stretch the ringing time.
modparam("tm", "restart_fr_on_each_reply", 0)
# Each gateway is bounded by its phase timers; the transaction's lifetime (default 180 s) must not
# cut a long ringing time or a long list of gateways first.
modparam("tm", "max_inv_lifetime", 3600000)`;
