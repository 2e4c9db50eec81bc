// RFC 4028 session timers as a proxy does them (kamailio.cfg). The switch sends no refreshes of its
// own: the endpoints refresh, and the switch ends a session whose refreshes stop, with a BYE to
// both legs (DLG_TIMEOUT in cfgCallDuration.ts), cause "session-timer" in the call record.
//  - initial INVITE (SESSION_OFFER, before the call's limits are computed): a Session-Expires above
//    SS_SIP_SESSION_TTL is lowered to it (RFC 4028 §8.1, not below the caller's Min-SE); a caller
//    that says "Supported: timer" without asking for an interval gets SS_SIP_SESSION_TTL. Either
//    way the call is a session-timer call: the no-timer limit does not apply to it.
//  - answer (SESSION_ANSWER, from the gateway reply route): a 2xx without Session-Expires, from a
//    gateway without session timers, gets the interval with refresher=uac and "Require: timer"
//    (§8.2), so the caller knows it must refresh.
//  - the dialog's timeout is then the session interval plus SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP
//    (grace), or the call's remaining duration limit when that is shorter; every re-INVITE or
//    UPDATE of the call answered 2xx (a refresh that worked, with the interval of its answer or the
//    old one) starts it again (SESSION_REFRESH): a refresh that gets no 2xx does not keep the call.
//    The grace in force when the call was set up stays with the call.
// Min-SE: the switch asks for none and accepts any interval the endpoints agree on.
// "Supported: timer" is read from the parsed header (compact form "k" included), not by a regex
// over the whole message: that search ran on every INVITE and could match a line of the body.
export const CFG_SESSION_TIMER = String.raw`
route[SESSION_OFFER] {
	$var(se) = 0;
	$var(ttl) = $sel(cfg_get.switchdeck.session_ttl);
	if (is_present_hf("Session-Expires")) {
		$var(se) = $(hdr(Session-Expires){s.select,0,;}{s.trim}{s.int});
		$var(minse) = 0;
		if (is_present_hf("Min-SE")) {
			$var(minse) = $(hdr(Min-SE){s.select,0,;}{s.trim}{s.int});
		}
		if ($var(se) > $var(ttl) && $var(ttl) >= $var(minse)) {
			$var(rf) = "";
			if ($hdr(Session-Expires) =~ "refresher=uac") {
				$var(rf) = ";refresher=uac";
			} else if ($hdr(Session-Expires) =~ "refresher=uas") {
				$var(rf) = ";refresher=uas";
			}
			remove_hf("Session-Expires");
			append_hf("Session-Expires: $var(ttl)$var(rf)\r\n");
			$var(se) = $var(ttl);
		}
	} else if (is_present_hf("Supported") && $(hdr(Supported)[*]) =~ "timer") {
		append_hf("Session-Expires: $var(ttl)\r\n");
		$var(se) = $var(ttl);
	}
	if ($var(se) > 0) {
		$var(grace) = $sel(cfg_get.switchdeck.session_grace);
	}
}

route[SESSION_ANSWER] {
	# The flag first: most calls have no session timer, and a dialog variable costs a lookup.
	if (isflagset(FLT_SESSION_TIMER) && $rs >= 200 && $rs < 300 && $dlg_var(se) != $null && !is_present_hf("Session-Expires")) {
		append_hf("Session-Expires: $dlg_var(se);refresher=uac\r\nRequire: timer\r\n");
	}
}

# Reply route of in-dialog re-INVITEs and UPDATEs (DLG_REPLY): a 2xx is a refresh that worked.
route[SESSION_REFRESH] {
	if ($rs < 200 || $rs >= 300 || !is_method("INVITE|UPDATE") || $dlg_var(se) == $null) {
		return;
	}
	$var(se) = $(dlg_var(se){s.int});
	if (is_present_hf("Session-Expires")) {
		$var(se) = $(hdr(Session-Expires){s.select,0,;}{s.trim}{s.int});
		$dlg_var(se) = $var(se);
	}
	$var(t) = $var(se) + $(dlg_var(grace){s.int});
	$var(lim) = $(dlg_var(lim){s.int});
	if ($var(lim) > 0) {
		$var(left) = $dlg(start_ts) + $var(lim) - $TS;
		if ($var(left) < $var(t)) {
			$var(t) = $var(left);
		}
	}
	if ($var(t) < 1) {
		$var(t) = 1;
	}
	dlg_set_timeout("$var(t)");
}
`;
