// The bookkeeping of one attempt of a call (a routing gateway tried, cfgGatewaySwitch.ts, or a
// registered endpoint called, cfgEndpointCalls.ts): written once here and called by both, so the
// call record's attempt entries cannot drift apart between the two. Constant text.
//
// The INVITE timers (ATTEMPT_TIMERS, ATTEMPT_PHASE) are the same for both: the articles list
// SS_SIP_TIMEOUT_* and SS_SIP_RESEND_INTERVAL as the switch's SIP parameters, for every INVITE it
// sends, with no endpoint-specific ones; only a routing gateway has its own INVITE timeout.
//
// An attempt's state lives in transaction AVPs (kept through onreply_route and failure_route):
// gw_name and gw_addr (set by the caller of ATTEMPT_START), gw_t0 (sent at), gw_phase (furthest
// provisional reply, 0–3), gw_t18 (first 18x, "0" while none; CDR_RING), and sd_tries, the
// entries of the attempts so far. The dialog's copy ($dlg_var(tries), cfgCdrRecord.ts) is written
// once per attempt and never read back: a dialog variable costs a lock and a search per access.
import { DEFAULT_INVITE_TIMERS as D } from './cfgCallControl';
import { featureOn } from './cfgFeatures';

export const CFG_ATTEMPT_ROUTES = String.raw`
####### Call attempts: shared by gateway and endpoint calls (cfgAttempts.ts) #######

# An attempt starts now ($avp(gw_name) and $avp(gw_addr) set by the caller).
route[ATTEMPT_START] {
	$avp(gw_t0) = $TV(Sn);
	$avp(gw_phase) = 0;
	$avp(gw_t18) = "0";
}

# The INVITE timers of an attempt (t_set_fr / t_set_retr act on this transaction only, so BYE,
# CANCEL and re-INVITEs keep tm's own): $var(fr) ms until any reply (set by the caller: a routing
# gateway's own INVITE timeout or SS_SIP_TIMEOUT_INVITE), then the TRYING window until
# ATTEMPT_PHASE opens a later one; resends T1 doubling up to T2 (SS_SIP_RESEND_INTERVAL).
# While every SS_SIP_TIMEOUT_* is its catalog default, the values are constants here, not cfg
# reads (cfgFeatures.ts customInviteTimers).
route[ATTEMPT_TIMERS] {
	if (${featureOn('customInviteTimers')}) {
		# The reply routes read the SS_SIP_TIMEOUT_* values too (ATTEMPT_PHASE); they run apart
		# from this request, so the transaction carries the answer in a flag.
		setflag(FLT_INVITE_TIMERS);
		$var(fr_inv) = $sel(cfg_get.switchdeck.sip_timeout_trying) * 1000;
	} else {
		$var(fr_inv) = ${D.tryingSec * 1000};
	}
	t_set_fr("$var(fr_inv)", "$var(fr)");
	# Only when they are not tm's own (cfgCallControl.ts TM_RESEND), in the flags the caller read.
	if (${featureOn('customResend')}) {
		# $sel() reads as a string; tm's functions take integer variables only (a string is ignored).
		$var(t1) = 0 + $sel(cfg_get.switchdeck.resend_t1_ms);
		$var(t2) = 0 + $sel(cfg_get.switchdeck.resend_t2_ms);
		t_set_retr("$var(t1)", "$var(t2)");
	}
}

# From an attempt's onreply_route for a provisional reply: the phase it opens (1 trying,
# 2 ringing, 3 session progress). A later phase gets its own window from now (SS_SIP_TIMEOUT_
# TRYING / _RINGING / _SESSION_PROGRESS); a repeated or earlier one changes nothing.
route[ATTEMPT_PHASE] {
	# Each status tested once, its phase and timer in its own branch: this runs for every
	# provisional reply (a phase number in a variable tested again cost twice the actions).
	if ($rs == 183) {
		if ($avp(gw_phase) < 3) {
			$avp(gw_phase) = 3;
			$var(w) = ${D.progressSec * 1000};
			if (isflagset(FLT_INVITE_TIMERS)) {
				$var(w) = $sel(cfg_get.switchdeck.sip_timeout_progress) * 1000;
			}
			t_set_fr("$var(w)");
		}
	} else if ($rs >= 180) {
		if ($avp(gw_phase) < 2) {
			$avp(gw_phase) = 2;
			$var(w) = ${D.ringingSec * 1000};
			if (isflagset(FLT_INVITE_TIMERS)) {
				$var(w) = $sel(cfg_get.switchdeck.sip_timeout_ringing) * 1000;
			}
			t_set_fr("$var(w)");
		}
	} else if ($avp(gw_phase) < 1) {
		$avp(gw_phase) = 1;
		$var(w) = ${D.tryingSec * 1000};
		if (isflagset(FLT_INVITE_TIMERS)) {
			$var(w) = $sel(cfg_get.switchdeck.sip_timeout_trying) * 1000;
		}
		t_set_fr("$var(w)");
	}
}

# From an attempt's onreply_route, after its media: the final code and the answer.
route[ATTEMPT_REPLY] {
	if ($rs >= 200) {
		$dlg_var(code) = $rs;
	}
	route(SESSION_ANSWER);
	if ($rs >= 200 && $rs < 300 && $dlg_var(answered) == $null) {
		# The answer time, to the microsecond, for the call record (t_answer).
		$dlg_var(answered) = $TV(Sn);
		$var(code) = $rs;
		route(GW_ATTEMPT);
		route(CALL_UP);
	}
}

# Head of an attempt's failure_route: records it; a cancelled call ends here.
route[ATTEMPT_FAILED] {
	$var(code) = $T_reply_code;
	$dlg_var(code) = $var(code);
	route(GW_ATTEMPT);
	if (t_is_canceled()) {
		exit;
	}
}

# No further attempt: media released, the caller gets the attempt's code (408 when it timed out).
route[ATTEMPT_GIVE_UP] {
	rtpengine_delete();
	if ($var(code) == 408) {
		t_reply("408", "Request Timeout");
	} else {
		t_reply("$var(code)", "$T_reply_reason");
	}
}

# Appends the attempt that just ended ($var(code)) to the call record's list of attempts:
#   "<gateway> <host:port> <code> <sent at> <ended at> <phase> <first 18x>" joined by ';'.
route[GW_ATTEMPT] {
	$var(att) = $avp(gw_name) + " " + $avp(gw_addr) + " " + $var(code) + " " + $avp(gw_t0) + " " + $TV(Sn) + " " + $avp(gw_phase) + " " + $avp(gw_t18);
	if ($avp(sd_tries) != $null) {
		$var(att) = $avp(sd_tries) + ";" + $var(att);
	}
	$dlg_var(tries) = $var(att);
	# An answer is the last attempt: only a failed one needs keeping for the next.
	if ($var(code) < 200 || $var(code) >= 300) {
		$avp(sd_tries) = $var(att);
	}
}
`;
