// The routing logic of kamailio.cfg. It is a constant: nothing is interpolated into it.
// Every tunable is read at run time from the `switchdeck` cfg group declared by renderCfg,
// every gateway/IP/prefix comes from the SQLite tables written by schema.ts.
//
// Call flow:
//  - in-dialog requests follow Record-Route, but only for dialogs this proxy created
//    (is_known_dlg), so a crafted Route header cannot turn us into an open relay;
//  - new INVITEs are refused with 503 while shared memory is nearly used up (cfgAdmission.ts): a
//    call that cannot be tracked to its end must not be taken;
//  - suspended sources are dropped first of all, and REGISTER goes to the registrar (cfgAuth.ts);
//  - new requests must come from a mapping gateway: permissions `address` table, one group
//    per mapping gateway (port 0 = any port), or digest credentials from the `subscriber`
//    table (password mapping gateways and endpoints; limits and challenges in cfgAuth.ts);
//    unknown sources get 403 or nothing (SS_REPLY_UNAUTHORIZED);
//  - the mapping gateway's tag "<drouting group>:<name>" picks the drouting group (its allowed
//    routing gateways) and the name for the CDR;
//  - INVITEs are routed with drouting: longest callee prefix, then the gateway order the agent
//    precomputed into the rule's gwlist;
//  - media of every call is anchored at rtpengine: offer per branch, answer on replies with
//    SDP, delete on BYE/CANCEL and when the last gateway failed; a call that cannot be anchored
//    is refused 503 (cfgMediaAnchoring.ts);
//  - the monitor's counters (statistics module, declared in renderCfg): calls answered,
//    requests from unknown sources answered 403 or dropped, calls refused for memory (503);
//    calls up per routing and mapping gateway (htable counters, created at 0 by initval);
//  - relaying to the gateways and switching between them: cfgGatewaySwitch.ts;
//  - gateways down (no answer to OPTIONS) are skipped: cfgGatewayProbe.ts;
//  - per-gateway concurrent-call and calls-per-second limits: cfgGatewayLimits.ts;
//  - call duration limits (the dialog's timeout, set before dlg_manage, and the BYEs sent when it
//    runs out) and who ended the call: cfgCallDuration.ts; RFC 4028 session timers: cfgSessionTimer.ts;
//  - media of re-INVITE/UPDATE offers and their answers: cfgInDialogMedia.ts;
//  - devices behind NAT (detection, registration lifetime, keep-alive, media): cfgNat.ts.
//  - calls to an endpoint's account go to its registered contact, before the routing gateways: cfgEndpointCalls.ts;
//  - PUBLISH from routing gateways with Allow Publish (their status, never relayed): cfgPublish.ts.
import { CFG_CALL_DURATION, CFG_ENDED_BY } from './cfgCallDuration';
import { CFG_SESSION_TIMER } from './cfgSessionTimer';
import { CFG_GATEWAY_ROUTES } from './cfgGatewaySwitch';
import { CFG_IN_DIALOG_MEDIA } from './cfgInDialogMedia';
import { CFG_CALL_UP } from './cfgCallCounters';
import { ADMISSION_CHECK } from './cfgAdmission';
import { featureOn, READ_FEATURES } from './cfgFeatures';

export const CFG_ROUTES = String.raw`
####### Routing logic #######

request_route {
	# Suspended sources are looked up only while a suspension lies ahead: every one made keeps its
	# end in $shv(sd_susp_until) (cfgAuth.ts SUSPENDED_UNTIL), so an integer read, not a cfg read.
	if ($shv(sd_susp_until) > $Ts) {
		route(SUSPENDED);
	}
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	route(NAT_DETECT);

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
	# Optional work runs only when the configuration uses it (cfgFeatures.ts): one read of the
	# flags for each new request (AUTH tests one for REGISTERs too), then a bit test before each feature.
	${READ_FEATURES}

	# The other methods behind one test each side of the source check: an INVITE (every call)
	# then makes two method tests here, not six.
	if (!is_method("INVITE")) {
		if (is_method("REGISTER")) {
			route(REGISTRAR);
		}
		# Routing gateway status (cfgPublish.ts): returns unless the source may publish.
		if (is_method("PUBLISH")) {
			route(GW_PUBLISH);
		}
	}

	$var(mgw) = allow_source_address_group();
	if ($var(mgw) <= 0) {
		route(AUTH);
	}

	if (!is_method("INVITE")) {
		if (is_method("OPTIONS")) {
			sl_send_reply("200", "OK");
			exit;
		}
		sl_send_reply("405", "Method Not Allowed");
		exit;
	}

${ADMISSION_CHECK}
	# An INVITE with SDP is the offer, so its 18x/2xx SDP is the answer (cfgMediaAnchoring.ts).
	# Set before dlg_manage, which may create the transaction that keeps the flags for its replies.
	if (has_body("application/sdp")) {
		setflag(FLT_SDP_OFFER);
	}
	record_route();
#!ifdef SD_STREAMS
	if ($var(sd_nat) == 1 || $pr != "udp") {
#!else
	if ($var(sd_nat) == 1) {
#!endif
		route(NAT_CALLER);
	}
	route(CALL_LIMIT);
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
	# Disabled endpoints and endpoints' caller numbers (cfgEndpointLimits.ts): only a caller
	# authenticated by password can be an endpoint.
	if (${featureOn('passwordGateways')}) {
		route(EP_CALLER);
	}
	if (${featureOn('gatewayLimits')}) {
		route(MGW_LIMITS);
	}

	# Identity headers kept aside and removed, then the mapping gateway's dial plans (cfgIdentity.ts, cfgDialPlans.ts).
	route(IDENTITY_IN);
	if (${featureOn('identityRules')}) {
		route(MGW_NUMBERS);
	}
	# A called endpoint's account goes to its registration, or 480 (cfgEndpointCalls.ts).
	if (${featureOn('endpoints')}) {
		route(ENDPOINT_CALL);
	}
	# '!no-route' is the sentinel of prefixes that every gateway denies (see routingPlan.ts).
	if (!do_routing("$var(drgrp)") || $avp(dr_attrs) == "!no-route") {
		$dlg_var(code) = "404";
		$var(sd_code) = 404; $var(sd_reason) = "no routing gateway for the number"; route(SD_REFUSED);
		sl_send_reply("404", "No Route");
		exit;
	}
	# Probed gateways that stopped answering OPTIONS are skipped (cfgGatewayProbe.ts); tested here,
	# not in the route, so a switch without probes makes no route() hop for it on every call.
	if (${featureOn('gatewayProbes')}) {
		route(GW_SKIP_DOWN);
		if ($var(gw_up) == 0) {
			$dlg_var(code) = "503";
			$var(sd_code) = 503; $var(sd_reason) = "every routing gateway for the number is down"; route(SD_REFUSED);
			sl_send_reply("503", "Service Unavailable");
			exit;
		}
	}
	route(RELAY_GW);
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
	# loose_route() first: for a request of one of our dialogs the dialog module finds the dialog
	# from the Record-Route it put in, so is_known_dlg() then reads that dialog instead of searching
	# by Call-ID and tags, and the ACK of an answered call skips a transaction lookup.
	if (loose_route()) {
		if (!is_known_dlg()) {
			route(NOT_RELAYED);
		}
		# Each route's own first test, made here: ACK and BYE (nearly every in-dialog request)
		# then skip the route() hops that would only return.
		if (is_method("BYE")) {
			route(ENDED_BY);
			# The media session ends; rtpengine_manage() would send the offer flags along.
			rtpengine_delete();
		} else {
			route(DLG_MEDIA);
		}
		if (is_present_hf("Privacy") || is_present_hf("P-Asserted-Identity") || is_present_hf("P-Preferred-Identity")) {
			route(IDENTITY_IN_DIALOG);
		}
		if (!t_relay()) {
			sl_reply_error();
		}
		exit;
	}
	route(NOT_RELAYED);
}

# An in-dialog request the switch does not relay: the ACK of a negative reply (hop by hop: tm
# absorbs it), a request of no dialog of ours (so a crafted Route header cannot make the switch an
# open relay), or a request of our dialog without our Record-Route.
route[NOT_RELAYED] {
	if (is_method("ACK") && t_check_trans()) {
		exit;
	}
	if (!is_known_dlg()) {
		route(UNAUTHORIZED);
		exit;
	}
	if (is_method("ACK")) {
		exit;
	}
	sl_send_reply("404", "Not Here");
	exit;
}

${CFG_GATEWAY_ROUTES}${CFG_CALL_DURATION}${CFG_ENDED_BY}${CFG_SESSION_TIMER}${CFG_IN_DIALOG_MEDIA}
${CFG_CALL_UP}`;
