// Call duration limits in kamailio.cfg. Before the dialog is created (request_route, just ahead of
// dlg_manage) the call's timeout goes into the dialog module's timeout AVP, the shortest limit
// that applies, and every dialog gets DLG_TIMEOUT as its timeout route:
//  - SS_MAX_CALL_DURATION (0 = none);
//  - SS_SIP_NO_TIMER_REINVITE_INTERVAL, only for calls without RFC 4028 session timers (the INVITE
//    neither asks for an interval nor says "Supported: timer"; cfgSessionTimer.ts);
//  - the mapping gateway's maxCallDurationSec (third field of its permissions/subscriber tag).
// Dialogs with no limit keep the module's default timeout (CALL_DURATION_DIALOG_PARAMS), ended the
// same way: no call ends silently.
//
// Why not the dialog module's own BYEs (send_bye, dlg_bye, dlg.end_dlg): they send the two BYEs one
// after the other and skip the second when the reply to the first has already marked the dialog
// deleted (upstream kamailio#4169, #4268). Measured on loopback with send_bye: 2, 4 and 11 of 220
// gateway legs were never told. DLG_TIMEOUT sends both BYEs itself as plain tm requests
// (t_uac_send), built from the dialog's own state, before the module deletes the dialog; nothing
// checks the dialog's state between the two, so neither can be skipped.
// Who or what ended the call goes into $dlg_var(ended) for the call record (ENDED_BY below); a call
// whose answer the caller never ACKed is "no-ack", whichever timer ended it.
import { DEFAULT_CALL_LIMITS } from './cfgCallControl';
import { featureOn } from './cfgFeatures';

export const CFG_CALL_DURATION = String.raw`
route[CALL_LIMIT] {
	$dlg_ctx(timeout_route) = "DLG_TIMEOUT";
	# The two limits are read only when one is not its catalog default (cfgFeatures.ts customCallLimits).
	$var(lim) = ${DEFAULT_CALL_LIMITS.maxCallDurationSec};
	if (${featureOn('customCallLimits')}) {
		$var(lim) = 0 + $sel(cfg_get.switchdeck.max_call_duration);
	}
	# Most calls ask for no session timer (neither header): SESSION_OFFER has nothing to do.
	if (!is_present_hf("Session-Expires") && !is_present_hf("Supported")) {
		$var(se) = 0;
	} else {
		route(SESSION_OFFER);
	}
	if ($var(se) == 0) {
		$var(nt) = ${DEFAULT_CALL_LIMITS.noTimerLimitSec};
		if (${featureOn('customCallLimits')}) {
			$var(nt) = 0 + $sel(cfg_get.switchdeck.no_timer_limit);
		}
		if ($var(lim) == 0 || $var(nt) < $var(lim)) {
			$var(lim) = $var(nt);
		}
	}
	$var(mg) = $(avp(peer_tag){s.select,2,:});
	if ($var(mg) != "") {
		$var(mg) = $(var(mg){s.int});
		if ($var(mg) > 0 && ($var(lim) == 0 || $var(mg) < $var(lim))) {
			$var(lim) = $var(mg);
		}
	}
	# A call without session timers keeps nothing with the dialog: DLG_TIMEOUT and SESSION_REFRESH
	# read $dlg_var(lim) for session-timer calls only.
	if ($var(se) == 0) {
		if ($var(lim) > 0) {
			$avp(dlg_timeout) = $var(lim);
		}
		return;
	}
	# Kept with the dialog (dlg_manage takes over variables set before it): a session-timer call
	# ends at its next missed refresh or at its limit, whichever comes first (SESSION_REFRESH).
	# The flag (set before dlg_manage creates the transaction) goes with it to the replies.
	setflag(FLT_SESSION_TIMER);
	$dlg_var(se) = $var(se);
	$dlg_var(grace) = $var(grace);
	$var(t) = $var(se) + $var(grace);
	if ($var(lim) > 0) {
		$dlg_var(lim) = $var(lim);
		if ($var(lim) < $var(t)) {
			$var(t) = $var(lim);
		}
	}
	$avp(dlg_timeout) = $var(t);
}

# Run by the dialog module's timer when a confirmed dialog's time is up (faked request, the
# dialog as context). After it the module deletes the dialog and writes its call record.
route[DLG_TIMEOUT] {
	# "" first: a number first would make "+" add, not join.
	$var(key) = "" + $dlg(h_entry) + ":" + $dlg(h_id);
	if ($sht(sd_hangup=>$var(key)) != $null) {
		$dlg_var(ended) = "admin";
		$sht(sd_hangup=>$var(key)) = $null;
	}
	if ($dlg_var(ended) == $null && $dlg(state) == 3) {
		# Answered, but the caller's ACK never came (state 3, "confirmed, not acknowledged"): the
		# no-ACK timeout below, or a limit that came first. acc moves its end_time (set to the
		# creation time) only for confirmed dialogs, so the record's end is set here; the agent counts
		# the duration from the answer (acc's stays 0).
		$dlg_var(ended) = "no-ack";
		$dlg_var(end_time) = $TV(Sn);
	}
	if ($dlg_var(ended) == $null) {
		# A session-timer call whose limit (if any) is not reached yet missed its refresh.
		$var(lim) = $(dlg_var(lim){s.int});
		if ($dlg_var(se) != $null && ($var(lim) == 0 || $TS + 1 < $dlg(start_ts) + $var(lim))) {
			$dlg_var(ended) = "session-timer";
		} else {
			$dlg_var(ended) = "duration-limit";
		}
	}
	$var(cid) = $dlg_var(cid);
	# Toward the caller we speak as the callee, with the callee's next CSeq.
	$var(rs) = $dlg(from_rs);
	$var(seq) = 1 + $dlg(to_cseq);
	$var(hdrs) = "From: <" + $dlg(to_uri) + ">;tag=" + $dlg(to_tag) + "\r\nTo: <" + $dlg(from_uri) + ">;tag=" + $dlg(from_tag) + "\r\n";
	$var(target) = $dlg(from_contact);
	$var(sock) = $dlg(from_bindaddr);
	route(DLG_BYE);
	# Toward the callee we speak as the caller.
	$var(rs) = $dlg(to_rs);
	$var(seq) = 1 + $dlg(from_cseq);
	$var(hdrs) = "From: <" + $dlg(from_uri) + ">;tag=" + $dlg(from_tag) + "\r\nTo: <" + $dlg(to_uri) + ">;tag=" + $dlg(to_tag) + "\r\n";
	$var(target) = $dlg(to_contact);
	$var(sock) = $dlg(to_bindaddr);
	route(DLG_BYE);
}

# An administrator's hangup (calls.hangup): the agent puts "<h_entry>:<h_id>" into sd_hangup over
# RPC, and this timer route, every 200 ms, gives that dialog a 1 s timeout, so DLG_TIMEOUT ends it
# with the same reliable BYE pair (dlg.end_dlg would use the module's racy one).
route[SD_HANGUP] {
	sht_iterator_start("sdh", "sd_hangup");
	while (sht_iterator_next("sdh")) {
		if ($shtitval(sdh) == 1) {
			$var(he) = $(shtitkey(sdh){s.select,0,:}{s.int});
			$var(hi) = $(shtitkey(sdh){s.select,1,:}{s.int});
			if (!dlg_set_timeout("1", "$var(he)", "$var(hi)")) {
				xlog("L_WARN", "hangup: no dialog $var(he):$var(hi)\n");
			}
			sht_iterator_seti("sdh", "2");
		}
	}
	sht_iterator_end("sdh");
}

# One BYE on one leg: $var(target) (the leg's Contact), its route set $var(rs), From/To in
# $var(hdrs), CSeq $var(seq), sent from $var(sock).
route[DLG_BYE] {
	$var(hop) = "";
	if ($var(rs) != $null && $var(rs) != "") {
		$var(hdrs) = $var(hdrs) + "Route: " + $var(rs) + "\r\n";
		$var(hop) = $(var(rs){s.select,0,,}{nameaddr.uri});
	}
	$var(hdrs) = $var(hdrs) + "Call-ID: " + $var(cid) + "\r\nCSeq: " + $var(seq) + " BYE\r\nMax-Forwards: 70\r\nReason: SIP;cause=200;text=\"call time limit\"\r\n";
	if (!t_uac_send("BYE", "$var(target)", "$var(hop)", "$var(sock)", "$var(hdrs)", "")) {
		xlog("L_ERR", "call time limit: BYE to $var(target) for $var(cid) could not be sent\n");
	}
}
`;

/**
 * Who or what ended the call, for the call record (`ended` column): a BYE from the caller or the
 * callee (WITHINDLG, told apart by the From tag), or DLG_TIMEOUT. Called for a BYE of a known dialog
 * (WITHINDLG tests the method) before it is relayed; the record is written when the BYE's 200 passes.
 */
export const CFG_ENDED_BY = String.raw`
route[ENDED_BY] {
	if ($dlg_var(ended) == $null) {
		if ($ft == $dlg(from_tag)) {
			$dlg_var(ended) = "caller";
		} else {
			$dlg_var(ended) = "callee";
		}
	}
}
`;

/** Dialog settings the limits rely on. */
export const CALL_DURATION_DIALOG_PARAMS = `# DLG_TIMEOUT sends the BYEs (see cfgCallDuration.ts): the module's own pair is racy.
modparam("dialog", "send_bye", 0)
modparam("dialog", "timeout_avp", "$avp(dlg_timeout)")
# A limit counts from the answer: a re-INVITE or UPDATE must not start it again.
modparam("dialog", "timeout_noreset", 1)
# Calls with no limit of their own: 7 days, then BYE (the module's default, 12 h, was silent).
modparam("dialog", "default_timeout", 604800)
# An answer the caller never ACKs: the callee resends its 200 for 64*T1 = 32 s, then SHOULD end the
# session (RFC 3261 13.3.1.4); the switch ends it then too, with DLG_TIMEOUT's BYE pair. The module
# looks for such dialogs every 90 s and gives each 10 s more: BYEs 42 to 132 s after the answer.
modparam("dialog", "noack_timeout", 32)
# Hangups asked for by the agent (SD_HANGUP); entries left behind expire.
modparam("htable", "htable", "sd_hangup=>size=8;autoexpire=60;")
loadmodule "rtimer.so"
modparam("rtimer", "timer", "name=sd_hangup;interval=200000u;mode=1;")
modparam("rtimer", "exec", "timer=sd_hangup;route=SD_HANGUP")`;
