// Call duration limits in kamailio.cfg: before the dialog is created (request_route, just ahead of
// dlg_manage) the call's timeout is put in the dialog module's timeout AVP, the shortest limit that
// applies; the module arms it when the call is answered and sends BYE to both legs when it runs
// out (send_bye).
// Known engine limit (measured, call-duration.test.ts): Kamailio 5.6's dialog module sends the two
// BYEs one after the other and skips the second when the reply to the first has already marked the
// dialog deleted (upstream kamailio#4169, #4268); on a fast network one leg is often not told.
//  - SS_MAX_CALL_DURATION (0 = none);
//  - SS_SIP_NO_TIMER_REINVITE_INTERVAL, only when the INVITE carries no Session-Expires (a call
//    without RFC 4028 session timers; a Session-Expires that only the answer adds is not seen);
//  - the mapping gateway's maxCallDurationSec (third field of its permissions/subscriber tag).
// Dialogs with no limit keep the module's default timeout, also with BYE to both legs: no call
// ends silently.
export const CFG_CALL_DURATION = String.raw`
route[CALL_LIMIT] {
	$var(lim) = 0 + $sel(cfg_get.switchdeck.max_call_duration);
	if (!is_present_hf("Session-Expires")) {
		$var(nt) = 0 + $sel(cfg_get.switchdeck.no_timer_limit);
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
	if ($var(lim) > 0) {
		$avp(dlg_timeout) = $var(lim);
	}
}
`;

/** Dialog settings the limits rely on. */
export const CALL_DURATION_DIALOG_PARAMS = `# A dialog that times out is ended with BYE to both legs, never dropped silently.
modparam("dialog", "send_bye", 1)
modparam("dialog", "timeout_avp", "$avp(dlg_timeout)")
# Calls with no limit of their own: 7 days, then BYE (the module's default, 12 h, was silent).
modparam("dialog", "default_timeout", 604800)`;
