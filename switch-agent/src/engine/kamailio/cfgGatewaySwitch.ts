// The part of kamailio.cfg that relays a call to its routing gateways and decides, when one
// fails, whether to try the next (VOS3000 "gateway switching"). Constant text: every tunable is a
// `switchdeck` cfg variable (cfgCallControl.ts, renderCfg.ts), every per-gateway setting comes
// from the drouting attrs (gatewayAttrs.ts).
//
// Timers of one gateway attempt (t_set_fr, counted by tm per branch):
//  - no reply at all: the gateway's INVITE timeout (attrs `it`) or SS_SIP_TIMEOUT_INVITE;
//  - after 100 Trying: SS_SIP_TIMEOUT_TRYING; after 180 (and other 18x but 183):
//    SS_SIP_TIMEOUT_RINGING; after 183: SS_SIP_TIMEOUT_SESSION_PROGRESS. Each window starts at
//    the reply that opened it (restart_fr_on_each_reply 0, see CALL_CONTROL_TM_PARAMS).
// INVITE resends to a gateway: T1 then doubling up to T2 (SS_SIP_RESEND_INTERVAL, see resendTimers).
// All of these are set per transaction, so BYE, CANCEL and re-INVITEs keep tm's own timers
// (ATTEMPT_TIMERS and ATTEMPT_PHASE in cfgAttempts.ts, shared with calls to endpoints).
// When an attempt fails (failure_route), switching stops when:
//  - the gateway never replied and stop-after-INVITE-timeout is on (gateway `sit`, else
//    SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT): the caller gets 408;
//  - an 18x with SDP came and stop-after-SDP is on (gateway `ssdp`, else SS_SIP_STOP_SWITCH_AFTER_SDP);
//  - after such an 18x, rtpengine counted RTP on the call and SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START is on;
//  - the reply is 486 and SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY is on;
//  - the reply code is one of the gateway's stop-switching codes (`codes`);
//  - the next gateway would exceed SS_GATEWAY_SWITCH_LIMIT (further addresses of the same gateway
//    are not a switch and do not count);
//  - no gateway is left (gateways down are skipped, cfgGatewayProbe.ts), or the reply is a 3xx.
// SS_GATEWAY_SWITCH_UNTIL_CONNECT on: the SYSTEM stop rules (INVITE timeout, SDP, busy) are
// ignored and every failure moves on; a gateway's own settings still apply (they override the
// system ones), and so does the limit. Otherwise any 4xx/5xx/6xx and timeout moves on.
// When switching stops the caller gets the last gateway's code unchanged (a 503 stays 503,
// not tm's RFC 3261 16.7 "500"), or 408 when that gateway timed out.
//
// Gateways at their concurrent-call or calls-per-second limit are skipped first (cfgGatewayLimits.ts).
//
// Every attempt is appended to $dlg_var(tries) for the call record (cfgAttempts.ts, shared with endpoint calls):
//   "<gateway> <host:port> <code> <sent at> <ended at> <phase> <first 18x>" joined by ';', times
//   "sec.usec", phase the furthest provisional reply (0 none, 1 trying, 2 ringing, 3 session
//   progress): with a 408 it says which timer fired; first 18x "0" when none came (cfgCdrRecord.ts).
import { DEFAULT_INVITE_TIMERS } from './cfgCallControl';
import { featureOn, READ_FEATURES } from './cfgFeatures';

export const CFG_GATEWAY_ROUTES = String.raw`
# Relays to the gateway drouting put into the R-URI (from request_route or failure_route, each
# having read the feature flags into $var(sd_feat), which GW_BRANCH tests too).
route[RELAY_GW] {
	if (${featureOn('gatewayLimits')}) {
		route(RGW_LIMITS);
	}
	$avp(gw_name) = $(avp(dr_attrs){s.select,0,;});
	$avp(gw_addr) = $rd + ":" + $rp;
	route(ATTEMPT_START);
	# The gateway's own INVITE timeout, else SS_SIP_TIMEOUT_INVITE: read only when one of them is
	# not the default (cfgFeatures.ts customInviteTimers).
	if (${featureOn('customInviteTimers')}) {
		$var(it) = $(avp(dr_attrs){param.value,it});
		if ($var(it) == "") {
			$var(fr) = $sel(cfg_get.switchdeck.sip_timeout_invite) * 1000;
		} else {
			$var(fr) = $(var(it){s.int}) * 1000;
		}
	} else {
		$var(fr) = ${DEFAULT_INVITE_TIMERS.inviteSec * 1000};
	}
	route(ATTEMPT_TIMERS);
	resetflag(FLT_EARLY_SDP);
	t_on_branch("GW_BRANCH");
	t_on_reply("GW_REPLY");
	t_on_failure("GW_FAILOVER");
	route(GW_TRANSPORT);
	$var(media_fail) = 0;
	if (!t_relay()) {
		if ($var(media_fail) == 1) {
			route(MEDIA_REFUSE);
		}
		t_reply("500", "Relay Failed");
	}
}

branch_route[GW_BRANCH] {
	route(MEDIA_OFFER);
	$dlg_var(rgw_name) = $avp(gw_name);
	$dlg_var(rgw_addr) = $avp(gw_addr);
	# This gateway's dial plans and identity headers (cfgDialPlans.ts, cfgIdentity.ts).
	if (${featureOn('identityRules')}) {
		route(RGW_NUMBERS);
		route(IDENTITY_OUT);
	}
}

# Integer tests on the status, each once, not a regex on the status text: this runs for every
# reply of every call. ATTEMPT_REPLY has nothing to do for a provisional reply.
onreply_route[GW_REPLY] {
	if ($rs < 200) {
		route(ATTEMPT_PHASE);
		if ($rs >= 180 && $rs <= 189) {
			route(CDR_RING);
		}
		if (has_body("application/sdp")) {
			if ($rs >= 180 && $rs <= 189) {
				setflag(FLT_EARLY_SDP);
			}
			$var(mflags) = "replace-origin replace-session-connection";
			route(MEDIA_ANSWER);
		}
	} else {
		# Only replies with SDP: a negative reply must not end the rtpengine session that the next
		# gateway's branch still needs.
		if ($rs < 300 && has_body("application/sdp")) {
			$var(mflags) = "replace-origin replace-session-connection";
			route(MEDIA_ANSWER);
			route(SD_CALL_CODEC);
		}
		route(ATTEMPT_REPLY);
	}
}

failure_route[GW_FAILOVER] {
	route(ATTEMPT_FAILED);
	$var(noreply) = 0;
	if (t_branch_timeout() && !t_branch_replied()) {
		$var(noreply) = 1;
	}
	route(GW_STOP_RULES);
	if ($var(stop) == 0 && $var(code) >= 400) {
		# For GW_SKIP_DOWN, RELAY_GW and GW_BRANCH: this process's $var(sd_feat) is another message's.
		${READ_FEATURES}
		$var(failed) = $avp(gw_name);
		if (use_next_gw()) {
			route(GW_SKIP_DOWN);
		} else {
			$var(gw_up) = 0;
		}
		if ($var(gw_up) == 1) {
			# A further address of the same gateway is not a switch (SS_GATEWAY_SWITCH_LIMIT).
			if ($(avp(dr_attrs){s.select,0,;}) == $var(failed)) {
				route(RELAY_GW);
				exit;
			}
			# Gateways tried so far, counted here from the first switch on, not on every call's
			# first attempt: none yet is the first gateway.
			$var(tried) = 1;
			if ($avp(gw_count) != $null) {
				$var(tried) = $avp(gw_count);
			}
			$var(limit) = 0 + $sel(cfg_get.switchdeck.switch_limit);
			if ($var(limit) == 0 || $var(tried) < $var(limit)) {
				$avp(gw_count) = $var(tried) + 1;
				route(RELAY_GW);
				exit;
			}
		}
	}
	route(ATTEMPT_GIVE_UP);
}

# Sets $var(stop) to 1 when the failed attempt ($var(code), $var(noreply)) ends switching.
route[GW_STOP_RULES] {
	$var(stop) = 0;
	$var(any) = 1 - $sel(cfg_get.switchdeck.switch_until_connect);
	if ($var(noreply) == 1) {
		$var(v) = $(avp(dr_attrs){param.value,sit});
		if (($var(v) == "" && $var(any) == 1 && $sel(cfg_get.switchdeck.stop_switch_invite_timeout) == 1) || $var(v) == "1") {
			$var(stop) = 1;
		}
	}
	if (isflagset(FLT_EARLY_SDP)) {
		$var(v) = $(avp(dr_attrs){param.value,ssdp});
		if (($var(v) == "" && $var(any) == 1 && $sel(cfg_get.switchdeck.stop_switch_after_sdp) == 1) || $var(v) == "1") {
			$var(stop) = 1;
		}
	}
	# RTP start: rtpengine's packet count for the call (both directions) once the gateway sent SDP
	# in an 18x; without its SDP no media from it can be anchored. Asked only when it matters.
	if (isflagset(FLT_EARLY_SDP) && $var(stop) == 0 && $var(any) == 1 && $sel(cfg_get.switchdeck.stop_switch_rtp_start) == 1) {
		if ($rtpstat =~ "^RTP: [0-9]+ bytes, [1-9]") {
			$var(stop) = 1;
		}
	}
	if ($var(code) == 486 && $var(any) == 1 && $sel(cfg_get.switchdeck.stop_switch_busy) == 1) {
		$var(stop) = 1;
	}
	$var(v) = $(avp(dr_attrs){param.value,codes});
	if ($var(v) != "" && in_list("$var(code)", "$var(v)", ".")) {
		$var(stop) = 1;
	}
}
`;
