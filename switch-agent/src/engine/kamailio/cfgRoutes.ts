// The routing logic of kamailio.cfg. It is a constant: nothing is interpolated into it.
// Every tunable is read at run time from the `switchdeck` cfg group declared by renderCfg,
// every gateway/IP/prefix comes from the SQLite tables written by schema.ts.
//
// Call flow:
//  - in-dialog requests follow Record-Route, but only for dialogs this proxy created
//    (is_known_dlg), so a crafted Route header cannot turn us into an open relay;
//  - new INVITEs are refused with 503 while shared memory is nearly used up (SHM_ADMIT_KB, set
//    by kamailioArgs): a call that cannot be tracked to its end must not be taken;
//  - new requests must come from a mapping gateway: permissions `address` table, one group
//    per mapping gateway (port 0 = any port), or digest credentials from the `subscriber`
//    table (challenge 401 or 407 per SS_SIP_AUTHENTICATION_CODE); unknown sources get 403 or
//    nothing (SS_REPLY_UNAUTHORIZED). With replies off, only a request whose From user is a
//    password gateway's username is challenged, so scanners still see nothing;
//  - the mapping gateway's tag "<drouting group>:<name>" picks the drouting group (its allowed
//    routing gateways) and the name for the CDR;
//  - INVITEs are routed with drouting: longest callee prefix, then the gateway order the agent
//    precomputed into the rule's gwlist;
//  - media of every call is anchored at rtpengine: offer per branch, answer on replies with
//    SDP, delete on BYE/CANCEL and when the last gateway failed;
//  - the monitor's counters (statistics module, declared in renderCfg): calls answered,
//    requests from unknown sources answered 403 or dropped, calls refused for memory (503);
//    calls up per routing and mapping gateway (htable counters, created at 0 by initval);
//  - failure_route moves to the next gateway on 408 (including our own timer expiry) and
//    5xx, unless an 18x with SDP was seen and SS_SIP_STOP_SWITCH_AFTER_SDP is on.
export const CFG_ROUTES = String.raw`
####### Routing logic #######

request_route {
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}

	if (is_method("CANCEL")) {
		if (t_check_trans()) {
			rtpengine_manage();
			t_relay();
		}
		exit;
	}

	if (has_totag()) {
		route(WITHINDLG);
		exit;
	}

	# Absorb retransmissions of requests that already have a transaction.
	if (!is_method("ACK")) {
		if (t_precheck_trans()) {
			t_check_trans();
			exit;
		}
		t_check_trans();
	} else {
		# An ACK without To-tag belongs to no dialog of ours.
		exit;
	}

	$var(mgw) = allow_source_address_group();
	if ($var(mgw) <= 0) {
		route(AUTH);
	}

	if (is_method("OPTIONS")) {
		sl_send_reply("200", "OK");
		exit;
	}

	if (!is_method("INVITE")) {
		sl_send_reply("405", "Method Not Allowed");
		exit;
	}

	# Admission control (see shmAdmitKb): a call admitted with shared memory nearly gone fails
	# later, with its BYE refused (the dialog lost the callee's tag). Refuse it now instead.
	if (SHM_ADMIT_KB > 0 && $stat(real_used_size) / 1024 > SHM_ADMIT_KB) {
		update_stat("sd_admission_503", "+1");
		$var(sd_code) = 503; $var(sd_reason) = "switch memory nearly full"; route(SD_REFUSED);
		sl_send_reply("503", "Service Unavailable");
		exit;
	}

	record_route();
	# Without a dialog the BYE would be refused as unknown (WITHINDLG): do not take the call.
	if (!dlg_manage()) {
		update_stat("sd_admission_503", "+1");
		$var(sd_code) = 503; $var(sd_reason) = "no dialog could be created"; route(SD_REFUSED);
		sl_send_reply("503", "Service Unavailable");
		exit;
	}
	# Timed-out dialogs have an empty $dlg(callid): keep our own copy for the CDR.
	$dlg_var(cid) = $ci;
	$dlg_var(src_ip) = $si;
	$dlg_var(src_port) = $sp;
	$dlg_var(mgw) = $var(mgw);
	$var(drgrp) = $(avp(peer_tag){s.select,0,:}{s.int});
	$dlg_var(mgw_name) = $(avp(peer_tag){s.select,1,:});
	$dlg_var(caller) = $fU;
	$dlg_var(callee) = $rU;

	# '!no-route' is the sentinel of prefixes that every gateway denies (see routingPlan.ts).
	if (!do_routing("$var(drgrp)") || $avp(dr_attrs) == "!no-route") {
		$dlg_var(code) = "404";
		$var(sd_code) = 404; $var(sd_reason) = "no routing gateway for the number"; route(SD_REFUSED);
		sl_send_reply("404", "No Route");
		exit;
	}
	route(RELAY_GW);
	exit;
}

# Digest authentication for password gateways. Returns with $var(mgw) set, or exits.
route[AUTH] {
	if ($sel(cfg_get.switchdeck.password_gateways) != 1) {
		route(UNAUTHORIZED);
	}
	$var(code) = $sel(cfg_get.switchdeck.auth_code);
	if ($var(code) == 407) {
		$var(rc) = proxy_authenticate("switchdeck", "subscriber");
	} else {
		$var(rc) = www_authenticate("switchdeck", "subscriber");
	}
	if ($var(rc) > 0) {
		$var(mgw) = $avp(mgw_grp);
		consume_credentials();
		return;
	}
	# -5: no credentials, -4/-6: stale or reused nonce: (re)challenge. Anything else (wrong
	# password, unknown user) is refused like an unknown source.
	if ($var(rc) != -5 && $var(rc) != -4 && $var(rc) != -6) {
		route(UNAUTHORIZED);
	}
	if ($var(rc) == -5 && $sel(cfg_get.switchdeck.reply_unauthorized) != 1) {
		if (!is_subscriber("$fu", "subscriber", "0")) {
			update_stat("sd_unauth_dropped", "+1");
			exit;
		}
	}
	if ($var(code) == 407) {
		proxy_challenge("switchdeck", "0");
	} else {
		www_challenge("switchdeck", "0");
	}
	exit;
}

route[UNAUTHORIZED] {
	if ($sel(cfg_get.switchdeck.reply_unauthorized) == 1) {
		update_stat("sd_unauth_replied", "+1");
		$var(sd_code) = 403; $var(sd_reason) = "source not allowed or wrong credentials"; route(SD_REFUSED);
		sl_send_reply("403", "Forbidden");
	} else {
		update_stat("sd_unauth_dropped", "+1");
		$var(sd_code) = 0; $var(sd_reason) = "source not allowed or wrong credentials, dropped without reply"; route(SD_REFUSED);
	}
	exit;
}

route[WITHINDLG] {
	if (is_method("ACK") && t_check_trans()) {
		# ACK to a negative reply: hop by hop, tm absorbs it.
		exit;
	}
	if (!is_known_dlg()) {
		route(UNAUTHORIZED);
		exit;
	}
	if (loose_route()) {
		if (is_method("BYE|INVITE|ACK")) {
			rtpengine_manage();
		}
		if (!t_relay()) {
			sl_reply_error();
		}
		exit;
	}
	if (is_method("ACK")) {
		exit;
	}
	sl_send_reply("404", "Not Here");
	exit;
}

# Relays to the gateway drouting put into the R-URI (from request_route or failure_route).
route[RELAY_GW] {
	$var(fr_inv) = $sel(cfg_get.switchdeck.sip_timeout_ringing) * 1000;
	$var(fr) = $sel(cfg_get.switchdeck.sip_timeout_invite) * 1000;
	t_set_fr("$var(fr_inv)", "$var(fr)");
	resetflag(FLT_EARLY_SDP);
	t_on_branch("GW_BRANCH");
	t_on_reply("GW_REPLY");
	t_on_failure("GW_FAILOVER");
	if (!t_relay()) {
		t_reply("500", "Relay Failed");
	}
}

branch_route[GW_BRANCH] {
	if (has_body("application/sdp")) {
		rtpengine_manage("replace-origin replace-session-connection");
	}
	$dlg_var(rgw_name) = $avp(dr_attrs);
	$dlg_var(rgw_addr) = $rd + ":" + $rp;
}

onreply_route[GW_REPLY] {
	if (status =~ "^18[0-9]$" && has_body("application/sdp")) {
		setflag(FLT_EARLY_SDP);
	}
	# Only replies with SDP: rtpengine_manage() on a negative reply would delete the session
	# that the next gateway's branch still needs.
	if ($rs < 300 && has_body("application/sdp")) {
		rtpengine_manage("replace-origin replace-session-connection");
		if ($rs >= 200) {
			route(SD_CALL_CODEC);
		}
	}
	if ($rs >= 200) {
		$dlg_var(code) = $rs;
	}
}

failure_route[GW_FAILOVER] {
	if (t_is_canceled()) {
		exit;
	}
	$dlg_var(code) = $T_reply_code;
	if (isflagset(FLT_EARLY_SDP) && $sel(cfg_get.switchdeck.stop_switch_after_sdp) == 1) {
		rtpengine_delete();
		exit;
	}
	if (t_check_status("408|5[0-9][0-9]")) {
		if (use_next_gw()) {
			route(RELAY_GW);
			exit;
		}
	}
	rtpengine_delete();
}

# Counters for the agent's monitor: script:sd_* in stats.get_statistics, and calls up per
# gateway in the sd_*_active hash tables (htable.dump). A call counts from its answer to its end.
event_route[dialog:start] {
	# Once per dialog, whatever the engine does with retransmitted 200s.
	if ($dlg_var(up) != $null) {
		return;
	}
	$dlg_var(up) = "1";
	update_stat("sd_answered", "+1");
	if ($dlg_var(rgw_name) != $null) {
		$var(n) = $shtinc(sd_rgw_active=>$dlg_var(rgw_name));
	}
	if ($dlg_var(mgw_name) != $null) {
		$var(n) = $shtinc(sd_mgw_active=>$dlg_var(mgw_name));
	}
}

event_route[dialog:end] {
	if ($dlg_var(up) != "1") {
		return;
	}
	$dlg_var(up) = "0";
	if ($dlg_var(rgw_name) != $null) {
		$var(n) = $shtdec(sd_rgw_active=>$dlg_var(rgw_name));
	}
	if ($dlg_var(mgw_name) != $null) {
		$var(n) = $shtdec(sd_mgw_active=>$dlg_var(mgw_name));
	}
}
`;
