// Digest authentication, its limits, and the registrar: the part of kamailio.cfg that decides who
// may talk to the switch by password (password mapping gateways and endpoints), how often it may
// get the password wrong, and what happens to sources that keep failing. renderCfg loads the
// modules and declares the tunables; cfgRoutes calls route(SUSPENDED) first thing, route(REGISTRAR)
// for REGISTER and route(AUTH) for other requests from sources that no IP rule recognises.
//
// Limits (all cfg variables, so config.apply changes them with cfg.seti, no restart):
//  - one digest exchange = one source + one Call-ID (a REGISTER or INVITE and its retries with
//    credentials). Wrong credentials are challenged again up to SS_SIP_AUTHENTICATION_RETRY
//    times; the next wrong answer, or any request of the exchange arriving SS_SIP_AUTHENTICATION_
//    TIMEOUT seconds or more after its first challenge, ends it with 403 (silence when
//    SS_REPLY_UNAUTHORIZED is Off). An unknown user is treated exactly like a wrong password.
//  - SS_AUTHENTICATION_MAX_RETRY wrong credentials from one source IP, across exchanges (counted
//    while they come less than an hour apart), suspend that IP for SS_AUTHENTICATION_FAILED_
//    SUSPEND seconds: every request from it is dropped before any other processing. 0 = never.
//  - SS_ENDPOINTREGISTERRETRY: REGISTERs from one source IP that did not end in a registration,
//    in a row. One challenge is the first step of every registration, so it is free: the count
//    must go past the limit. A successful REGISTER resets it. With SS_ENDPOINTREGISTERSUSPEND On,
//    passing it suspends REGISTERs (only) from that IP for SS_ENDPOINTREGISTERSUSPENDTIME seconds.
//  - SS_REPLY_UNAUTHORIZED Off: a request without credentials is challenged only when its source
//    IP authenticated successfully within the last hour; anything else is dropped. The decision
//    never depends on the user name, so svwar cannot tell real accounts from invented ones (the
//    old rule, "challenge when the From user exists", listed them).
// Counters live in htable (shared memory): they survive cfg.seti and table reloads, not a
// restart of Kamailio. An open exchange costs one ~120-byte entry for up to 240 s; the digest
// nonce expires after the same 240 s, so an exchange can never outlive its own timer.
// Anyone can open an exchange (a request without credentials, a new Call-ID each), so at most
// AUTH_STATE_PER_SEC new entries a second are kept, all sources together (route[AUTH_BUDGET]).
// Past that: a new exchange is challenged without state (the password is still checked; only its
// time limit is not), a first wrong answer ends its exchange with 403, and a failed REGISTER is
// counted without remembering it (a resent copy then counts again). The per-source failure
// counters are kept as before: they grow with the number of source addresses, not of requests.
import { featureOn } from './cfgFeatures';
import { checkBool, checkInt } from './validate';

export interface AuthLimitParams {
  /** SS_SIP_AUTHENTICATION_RETRY: re-challenges after wrong credentials within one exchange (1–100). */
  authRetry: number;
  /** SS_SIP_AUTHENTICATION_TIMEOUT: seconds from an exchange's first challenge to its end (1–120). */
  authTimeoutSec: number;
  /** SS_AUTHENTICATION_MAX_RETRY: wrong credentials per source before it is suspended; 0 = never (0–999). */
  authMaxRetry: number;
  /** SS_AUTHENTICATION_FAILED_SUSPEND: seconds a source stays suspended (60–3600). */
  authFailedSuspendSec: number;
  /** SS_ENDPOINTREGISTERRETRY: failed REGISTERs in a row per source before suspension (1–999). */
  regRetry: number;
  /** SS_ENDPOINTREGISTERSUSPEND: whether passing regRetry suspends the source's REGISTERs. */
  regSuspend: boolean;
  /** SS_ENDPOINTREGISTERSUSPENDTIME: seconds REGISTERs from a suspended source are dropped (30–3600). */
  regSuspendSec: number;
}

export const AUTH_CFG_VARS = {
  authRetry: 'auth_retry',
  authTimeoutSec: 'auth_timeout',
  authMaxRetry: 'auth_max_retry',
  authFailedSuspendSec: 'auth_suspend',
  regRetry: 'reg_retry',
  regSuspend: 'reg_suspend',
  regSuspendSec: 'reg_suspend_time',
} as const satisfies Record<keyof AuthLimitParams, string>;

export const AUTH_CFG_DESCRIPTIONS: Record<keyof AuthLimitParams, string> = {
  authRetry: 'SS_SIP_AUTHENTICATION_RETRY re-challenges after wrong credentials in one exchange',
  authTimeoutSec: 'SS_SIP_AUTHENTICATION_TIMEOUT seconds a digest exchange may last',
  authMaxRetry: 'SS_AUTHENTICATION_MAX_RETRY wrong credentials per source before suspension 0 never',
  authFailedSuspendSec: 'SS_AUTHENTICATION_FAILED_SUSPEND seconds a failing source is dropped',
  regRetry: 'SS_ENDPOINTREGISTERRETRY failed REGISTERs in a row per source',
  regSuspend: 'SS_ENDPOINTREGISTERSUSPEND 1 suspend REGISTERs of a source past the limit',
  regSuspendSec: 'SS_ENDPOINTREGISTERSUSPENDTIME seconds REGISTERs of a suspended source are dropped',
};

/** Validates the limits and returns the integers their cfg variables hold. */
export function authCfgVarValues(p: AuthLimitParams): Record<keyof AuthLimitParams, number> {
  return {
    authRetry: checkInt('params.authRetry', p.authRetry, 1, 100),
    authTimeoutSec: checkInt('params.authTimeoutSec', p.authTimeoutSec, 1, 120),
    authMaxRetry: checkInt('params.authMaxRetry', p.authMaxRetry, 0, 999),
    authFailedSuspendSec: checkInt('params.authFailedSuspendSec', p.authFailedSuspendSec, 60, 3600),
    regRetry: checkInt('params.regRetry', p.regRetry, 1, 999),
    regSuspend: checkBool('params.regSuspend', p.regSuspend) ? 1 : 0,
    regSuspendSec: checkInt('params.regSuspendSec', p.regSuspendSec, 30, 3600),
  };
}

/** Longest life of a digest exchange's state and of a nonce: twice the largest timeout. */
export const AUTH_EXCHANGE_TTL_SEC = 240;
/**
 * New digest-exchange state (an exchange's start, its wrong-answer count, a counted REGISTER) the
 * switch keeps per second, all sources together: a flood of requests without credentials, each
 * with a new Call-ID, would otherwise keep one entry per request for AUTH_EXCHANGE_TTL_SEC.
 */
export const AUTH_STATE_PER_SEC = 200;
/** How long a client resends a REGISTER that got no answer (RFC 3261 Timer F: 64 x T1 of 500 ms). */
export const REGISTER_RESEND_SEC = 32;
/** How long a source that authenticated stays "known" (challenged even with replies Off). */
export const KNOWN_SOURCE_TTL_SEC = 3600;
/** htable tables the agent reads and edits for registrations.suspensions / liftSuspension. */
export const SUSPENSION_TABLES = {
  /** Source IP → the second its suspension for failed authentication ends. */
  authentication: 'sd_suspended',
  /** Source IP → the second its REGISTER suspension ends. */
  register: 'sd_reg_suspended',
} as const;
/** auth~IP / reg~IP → failures that caused the suspension. */
export const SUSPENSION_FAILURES_TABLE = 'sd_susp_fails';
/** Failure counters per source IP, cleared when a suspension is lifted. */
export const SOURCE_FAILURE_TABLES = { authentication: 'sd_src_fails', register: 'sd_reg_fails' } as const;
/** Suspension tables need an autoexpire for per-item expiry to apply; items set their own. */
const SUSPEND_TABLE_TTL_SEC = 3600;

export const AUTH_MODULES = `
# Registrar: contacts in memory only (usrloc db_mode 0): a restart of Kamailio forgets them and
# devices register again at their next refresh.
loadmodule "usrloc.so"
loadmodule "registrar.so"
modparam("usrloc", "db_mode", 0)
modparam("registrar", "default_expires", 3600)
modparam("registrar", "min_expires", 60)
modparam("registrar", "max_expires", 86400)
# The REGISTER's source address is kept with each contact (route[REGISTRAR] sets the AVP), so the
# agent can show it and tell a device behind NAT (contact address != source address).
modparam("registrar", "received_avp", "$avp(sd_received)")

# A nonce older than this is stale (re-challenged as a new exchange), so no exchange outlives its
# state below.
modparam("auth", "nonce_expire", ${AUTH_EXCHANGE_TTL_SEC})

# Authentication limits (see cfgAuth.ts). Keys: source IP, or source IP ~ md5(Call-ID).
modparam("htable", "htable", "sd_auth_start=>size=12;autoexpire=${AUTH_EXCHANGE_TTL_SEC};")
modparam("htable", "htable", "sd_auth_fails=>size=12;autoexpire=${AUTH_EXCHANGE_TTL_SEC};initval=0;")
modparam("htable", "htable", "sd_src_fails=>size=10;autoexpire=3600;initval=0;")
modparam("htable", "htable", "sd_reg_fails=>size=10;autoexpire=3600;initval=0;")
# REGISTERs already counted as failed (key: source ~ md5(Call-ID) ~ CSeq) for as long as a client
# resends one (RFC 3261 Timer F, 64 x T1 = 32 s): a resent copy is the same attempt, not a new one.
modparam("htable", "htable", "sd_reg_counted=>size=10;autoexpire=${REGISTER_RESEND_SEC};")
# New exchange state kept in the current second (key: the second), for route[AUTH_BUDGET].
modparam("htable", "htable", "sd_auth_new=>size=2;autoexpire=3;initval=0;")
modparam("htable", "htable", "sd_suspended=>size=10;autoexpire=${SUSPEND_TABLE_TTL_SEC};")
modparam("htable", "htable", "sd_reg_suspended=>size=10;autoexpire=${SUSPEND_TABLE_TTL_SEC};")
modparam("htable", "htable", "sd_known=>size=10;autoexpire=${KNOWN_SOURCE_TTL_SEC};")
# Failures that caused a suspension, for registrations.suspensions. Keys: auth~IP, reg~IP.
modparam("htable", "htable", "${SUSPENSION_FAILURES_TABLE}=>size=10;autoexpire=${SUSPEND_TABLE_TTL_SEC};")
# The latest second any suspension ends (route[SUSPENDED_UNTIL]); 0 while none was ever made.
modparam("pv", "shvset", "sd_susp_until=i:0")
modparam("statistics", "variable", "sd_auth_rejected")
modparam("statistics", "variable", "sd_auth_suspended")
modparam("statistics", "variable", "sd_reg_suspended")
modparam("statistics", "variable", "sd_suspended_dropped")
modparam("statistics", "variable", "sd_auth_stateless")
`;

export const CFG_AUTH_ROUTES = String.raw`
####### Authentication, its limits, registrar (cfgAuth.ts) #######

# First thing for every request: suspended sources get nothing, not even a parse of the rest.
# An entry holds the second its suspension ends: htable purges expired items only on its timer
# (every 20 s), so the script compares the time itself.
route[SUSPENDED] {
	if ($sht(sd_suspended=>$si) != $null) {
		if ($sht(sd_suspended=>$si) > $Ts) {
			update_stat("sd_suspended_dropped", "+1");
			exit;
		}
	}
	if (is_method("REGISTER") && $sht(sd_reg_suspended=>$si) != $null) {
		if ($sht(sd_reg_suspended=>$si) > $Ts) {
			update_stat("sd_suspended_dropped", "+1");
			exit;
		}
	}
}

# Keeps $shv(sd_susp_until) at the latest end of any suspension ($var(until)): request_route
# looks suspensions up only while it lies ahead (an integer read for every request, where a cfg
# read would cost a number printed and parsed again), and whatever password accounts remain, so a
# suspension holds until it ends, as the articles say. A lifted suspension leaves it ahead: the
# lookup then runs a little longer and finds nothing.
route[SUSPENDED_UNTIL] {
	if ($var(until) > $shv(sd_susp_until)) {
		$shv(sd_susp_until) = $var(until);
	}
}

route[REGISTRAR] {
	route(AUTH);
	route(EP_REGISTER);
	# An account registers its own address of record only.
	if ($au != $tU) {
		sl_send_reply("403", "Forbidden");
		exit;
	}
	$avp(sd_received) = "sip:" + $si + ":" + $sp;
	if ($pr != "udp") {
		$avp(sd_received) = $avp(sd_received) + ";transport=" + $pr;
	}
	# The lifetime granted (NAT or not) and the keep-alive list: cfgNat.ts.
	route(NAT_REG_EXPIRES);
	if (!save("location")) {
		sl_reply_error();
		exit;
	}
	route(NAT_REG_SAVED);
	exit;
}

# Digest authentication against the subscriber table (password mapping gateways and endpoints).
# Returns with $var(mgw) set, or exits having answered (or dropped) the request.
route[AUTH] {
	if (!(${featureOn('passwordGateways')})) {
		route(UNAUTHORIZED);
	}
	$var(xkey) = $si + "~" + $(ci{s.md5});
	# 0 = no exchange yet ($var cannot hold $null).
	$var(start) = 0;
	if ($sht(sd_auth_start=>$var(xkey)) != $null) {
		$var(start) = $sht(sd_auth_start=>$var(xkey));
	}
	if ($var(start) > 0 && $Ts - $var(start) >= $sel(cfg_get.switchdeck.auth_timeout)) {
		route(AUTH_END);
	}
	$var(code) = $sel(cfg_get.switchdeck.auth_code);
	if ($var(code) == 407) {
		$var(rc) = proxy_authenticate("switchdeck", "subscriber");
	} else {
		$var(rc) = www_authenticate("switchdeck", "subscriber");
	}
	if ($var(rc) > 0) {
		sht_rm("sd_auth_start", "$var(xkey)");
		sht_rm("sd_auth_fails", "$var(xkey)");
		$sht(sd_known=>$si) = 1;
		if (is_method("REGISTER")) {
			sht_rm("sd_reg_fails", "$si");
		}
		$var(mgw) = $avp(mgw_grp);
		consume_credentials();
		return;
	}
	# -5: no credentials. Replies Off: only sources that authenticated before are challenged.
	if ($var(rc) == -5) {
		if ($sel(cfg_get.switchdeck.reply_unauthorized) != 1 && $sht(sd_known=>$si) == $null) {
			update_stat("sd_unauth_dropped", "+1");
			exit;
		}
		route(AUTH_CHALLENGE);
	}
	# -4 / -6: stale or reused nonce: challenged again, not a wrong password.
	if ($var(rc) == -4 || $var(rc) == -6) {
		route(AUTH_CHALLENGE);
	}
	route(AUTH_WRONG);
}

# Wrong password, unknown user or any other failed check of the credentials.
route[AUTH_WRONG] {
	$var(n) = $shtinc(sd_src_fails=>$si);
	$var(max) = $sel(cfg_get.switchdeck.auth_max_retry);
	if ($var(max) > 0 && $var(n) >= $var(max)) {
		sht_rm("sd_src_fails", "$si");
		$var(ttl) = $sel(cfg_get.switchdeck.auth_suspend);
		$sht(sd_suspended=>$si) = $Ts + $var(ttl);
		$shtex(sd_suspended=>$si) = $var(ttl);
		$sht(sd_susp_fails=>auth~$si) = $var(n);
		$shtex(sd_susp_fails=>auth~$si) = $var(ttl);
		$var(until) = $Ts + $var(ttl);
		route(SUSPENDED_UNTIL);
		update_stat("sd_auth_suspended", "+1");
		xlog("L_NOTICE", "source $si suspended for $var(ttl) s after $var(n) failed authentications\n");
		route(AUTH_END);
	}
	# A first wrong answer opens the exchange's count: past the budget the exchange ends instead.
	if ($sht(sd_auth_fails=>$var(xkey)) == 0) {
		route(AUTH_BUDGET);
		if ($var(budget) == 0) {
			route(AUTH_END);
		}
	}
	$var(f) = $shtinc(sd_auth_fails=>$var(xkey));
	if ($var(f) > $sel(cfg_get.switchdeck.auth_retry)) {
		route(AUTH_END);
	}
	route(AUTH_CHALLENGE);
}

route[AUTH_CHALLENGE] {
	if ($var(start) == 0) {
		route(AUTH_BUDGET);
		if ($var(budget) == 1) {
			$sht(sd_auth_start=>$var(xkey)) = $Ts;
		}
	}
	if (is_method("REGISTER")) {
		route(REG_FAILED);
	}
	# Flag 1: qop=auth (RFC 2617 client nonce), what current phones answer; scanners that always
	# send qop (svcrack) are then judged on their password, not refused for a malformed answer.
	if ($var(code) == 407) {
		proxy_challenge("switchdeck", "1");
	} else {
		www_challenge("switchdeck", "1");
	}
	exit;
}

# Ends the digest exchange: 403, or silence with replies Off.
route[AUTH_END] {
	sht_rm("sd_auth_start", "$var(xkey)");
	sht_rm("sd_auth_fails", "$var(xkey)");
	if (is_method("REGISTER")) {
		route(REG_FAILED);
	}
	update_stat("sd_auth_rejected", "+1");
	route(UNAUTHORIZED);
}

# $var(budget) = 1 when one more exchange entry may be kept this second (AUTH_STATE_PER_SEC, all
# sources together), else 0, counted in sd_auth_stateless.
route[AUTH_BUDGET] {
	$var(budget) = 1;
	if ($shtinc(sd_auth_new=>$Ts) > ${AUTH_STATE_PER_SEC}) {
		$var(budget) = 0;
		update_stat("sd_auth_stateless", "+1");
	}
}

# A REGISTER that did not register. The first challenge of a registration is free (count > limit).
# A copy the client resent (same Call-ID and CSeq: the challenge was lost on the way) is answered
# again but not counted again: a phone on a lossy link is not suspended for its resends.
route[REG_FAILED] {
	$var(rkey) = $var(xkey) + "~" + $cs;
	if ($sht(sd_reg_counted=>$var(rkey)) != $null) {
		return;
	}
	route(AUTH_BUDGET);
	if ($var(budget) == 1) {
		$sht(sd_reg_counted=>$var(rkey)) = 1;
	}
	$var(r) = $shtinc(sd_reg_fails=>$si);
	if ($var(r) > $sel(cfg_get.switchdeck.reg_retry) && $sel(cfg_get.switchdeck.reg_suspend) == 1) {
		sht_rm("sd_reg_fails", "$si");
		$var(ttl) = $sel(cfg_get.switchdeck.reg_suspend_time);
		$sht(sd_reg_suspended=>$si) = $Ts + $var(ttl);
		$shtex(sd_reg_suspended=>$si) = $var(ttl);
		$sht(sd_susp_fails=>reg~$si) = $var(r);
		$shtex(sd_susp_fails=>reg~$si) = $var(ttl);
		$var(until) = $Ts + $var(ttl);
		route(SUSPENDED_UNTIL);
		update_stat("sd_reg_suspended", "+1");
		xlog("L_NOTICE", "REGISTER from $si suspended for $var(ttl) s after $var(r) failed registrations\n");
	}
}
`;
