// Calls to registered endpoints: the part of kamailio.cfg that delivers a call whose called number
// is an endpoint's account to the contact that endpoint registered (registrar lookup("location")),
// instead of a routing gateway. cfgRoutes calls route(ENDPOINT_CALL) for a new INVITE after the
// mapping gateway's dial plans and before drouting; it returns when the number is no endpoint.
//
// Order (endpoints before routing gateways): the articles treat an endpoint as a device of this
// switch that must be registered "to receive incoming calls", and list "device appears
// unregistered, cannot receive calls" as the failure of an expired registration: the call ends
// there, it does not leave through a carrier. So an endpoint's account is looked up first, and a
// configured endpoint without a registration answers 480 Temporarily Unavailable (RFC 3261
// 21.4.18: the callee is known but not reachable now), recorded as a refused call. A number that
// is no endpoint's account goes on to the routing gateways as before.
//
// Which numbers are endpoints: auth_db's is_subscriber() (flags 0: by user name only, as use_domain 0; credentials loaded) finds the account in the `subscriber`
// table (read per request, no reload) and loads its tag; endpoints are tagged "<grp>:endpoint/<name>"
// (snapshotToEngine.endpointInput), password mapping gateways by their own name, so a mapping
// gateway's user name is never called this way. is_subscriber pushes the callee's tag onto
// $avp(peer_tag), which the caller's limits, dial plans and call record read: the callee's entry is
// taken off again at once. A disabled endpoint keeps its row, marked in tag field 9
// (cfgEndpointLimits.ts): a call to it is answered 480 without looking for a registration.
//
// The call: media anchored at rtpengine exactly like a gateway branch (MEDIA_OFFER, 503 when it
// cannot be anchored); the endpoint's answer is anchored with SIP-source-address when it is behind
// NAT and SS_MEDIA_PROXY_BEHIND_NAT is On, and its Contact fixed, as for NATed callers (cfgNat.ts).
// The call record names "endpoint/<account>" where a routing gateway would stand (rgw), with one
// attempt in its tries; the endpoint's final answer (486, 603, timeout 408, …) reaches the caller
// unchanged: there is no other destination to switch to.
//
// Timers: the INVITE to an endpoint has the switch's SS_SIP_TIMEOUT_INVITE / _TRYING / _RINGING /
// _SESSION_PROGRESS and SS_SIP_RESEND_INTERVAL, exactly as a routing gateway without its own INVITE
// timeout (cfgAttempts.ts): the articles give these as the switch's SIP parameters and name no
// endpoint-specific ones. A phone that rings past SS_SIP_TIMEOUT_RINGING is CANCELled, the caller
// gets 408.
import { DEFAULT_INVITE_TIMERS } from './cfgCallControl';
import { featureOn } from './cfgFeatures';

export const CFG_ENDPOINT_CALL_ROUTES = String.raw`
####### Calls to registered endpoints (cfgEndpointCalls.ts) #######

route[ENDPOINT_CALL] {
	if ($rU == $null) {
		return;
	}
	$var(ep_tag) = "";
	$var(ep_off) = "";
	if (is_subscriber("$ru", "subscriber", "0") > 0) {
		$var(ep_tag) = $(avp(peer_tag){s.select,1,:});
		$var(ep_off) = $(avp(peer_tag){s.select,9,:});
		# Take the callee's credentials off again: the caller's tag is the one below it.
		$(avp(peer_tag)[0]) = $null;
		$(avp(mgw_grp)[0]) = $null;
	}

	if (!($var(ep_tag) =~ "^endpoint/")) {
		return;
	}
	$avp(gw_name) = $var(ep_tag);
	route(ATTEMPT_START);
	$dlg_var(rgw_name) = $var(ep_tag);
	if ($var(ep_off) == "1" || !lookup("location")) {
		$avp(gw_addr) = "-";
		$var(code) = 480;
		route(GW_ATTEMPT);
		$dlg_var(code) = "480";
		$var(sd_code) = 480; $var(sd_reason) = "endpoint " + $(var(ep_tag){s.substr,9,0}) + " is not registered";
		if ($var(ep_off) == "1") {
			$var(sd_reason) = "endpoint " + $(var(ep_tag){s.substr,9,0}) + " is disabled";
		}
		route(SD_REFUSED);
		sl_send_reply("480", "Temporarily Unavailable");
		exit;
	}
	if ($du != $null && $du != "") {
		$avp(gw_addr) = $(du{uri.host}) + ":" + $(du{uri.port});
	} else {
		$avp(gw_addr) = $rd + ":" + $rp;
	}
	$dlg_var(rgw_addr) = $avp(gw_addr);
	# The switch's INVITE timers, as for a routing gateway without its own INVITE timeout.
	if (${featureOn('customInviteTimers')}) {
		$var(fr) = $sel(cfg_get.switchdeck.sip_timeout_invite) * 1000;
	} else {
		$var(fr) = ${DEFAULT_INVITE_TIMERS.inviteSec * 1000};
	}
	route(ATTEMPT_TIMERS);
	t_on_branch("EP_BRANCH");
	t_on_reply("EP_REPLY");
	t_on_failure("EP_FAILURE");
	$var(media_fail) = 0;
	if (!t_relay()) {
		if ($var(media_fail) == 1) {
			route(MEDIA_REFUSE);
		}
		t_reply("500", "Relay Failed");
	}
	exit;
}

branch_route[EP_BRANCH] {
	route(MEDIA_OFFER);
}

onreply_route[EP_REPLY] {
	if ($rs < 200) {
		route(ATTEMPT_PHASE);
	}
	if ($rs >= 180 && $rs <= 189) {
		route(CDR_RING);
	}
	if ($rs < 300 && has_body("application/sdp")) {
		$var(rf) = "replace-origin replace-session-connection";
		# Contact or SDP on a private address: the endpoint is behind NAT.
		if (nat_uac_test("9")) {
			fix_nated_contact();
			if ($sel(cfg_get.switchdeck.media_nat) == 1) {
				$var(rf) = $var(rf) + " SIP-source-address";
			}
		}
		$var(mflags) = $var(rf);
		route(MEDIA_ANSWER);
		if ($rs >= 200) {
			route(SD_CALL_CODEC);
		}
	}
	route(ATTEMPT_REPLY);
}

# One destination only: its failure ends the call (cfgAttempts.ts).
failure_route[EP_FAILURE] {
	route(ATTEMPT_FAILED);
	route(ATTEMPT_GIVE_UP);
}
`;
