// A call is anchored at rtpengine or refused: never relayed with its media unanchored.
// Every call whose INVITE carries SDP needs anchoring here (the switch hides the gateways' media
// addresses from each other and the monitor counts media through rtpengine), whatever the gateway
// or NAT situation. When rtpengine cannot take the offer (out of ports, not answering, disabled
// by the module after a timeout) the branch route drops the branch; the relay then has no branch
// and the caller gets 503 with the reason in the call record and a counter the alert rule
// `media-refusals` watches. Before, the module's failure was ignored and the call went through
// with the gateways' own media addresses.
// A late-offer INVITE (no SDP) is relayed as before: its offer comes in the 200, and the answer
// there is anchored in GW_REPLY. The branch's offer and the reply's answer are named
// (rtpengine_offer / rtpengine_answer): rtpengine_manage() would parse each SDP to tell which.
// Constant text.
export const MEDIA_ANCHORING_MODPARAMS = `modparam("statistics", "variable", "sd_media_503")
# A call refused before any gateway got it is recorded once, by SD_REFUSED, not also as a failed dialog.
modparam("acc", "cdr_skip", "sd_cdr_skip")
`;

export const MEDIA_ANCHORING_ROUTES = String.raw`
# Offer of a gateway branch; sets $var(media_fail) and drops the branch when rtpengine cannot anchor it.
route[MEDIA_OFFER] {
	if (has_body("application/sdp")) {
		route(MEDIA_FLAGS);
		# A NATed caller's media goes to its source address (NAT_CALLER, cfgNat.ts).
		if (isflagset(FLT_NAT_MEDIA)) {
			$var(mflags) = $var(mflags) + " SIP-source-address";
		}
		if (!rtpengine_offer("$var(mflags)")) {
			$var(media_fail) = 1;
			drop;
		}
	}
}

# SDP in a reply to the call's INVITE, $var(mflags) its flags: the answer to the INVITE's offer
# (FLT_SDP_OFFER, set in request_route), or the offer of a late-offer call. Named rather than left to
# rtpengine_manage(), which parses the whole SDP of the INVITE and of the reply to find out
# (bench/cfgRouteCost.bench.ts, variant media-manage); a late-offer call still leaves it to
# rtpengine_manage(), which offers then, as before.
route[MEDIA_ANSWER] {
	if (isflagset(FLT_SDP_OFFER)) {
		rtpengine_answer("$var(mflags)");
	} else {
		route(MEDIA_LATE_OFFER_FLAGS);
		rtpengine_manage("$var(mflags)");
	}
}

# The relay had no branch because the media could not be anchored: 503, recorded and counted.
route[MEDIA_REFUSE] {
	update_stat("sd_media_503", "+1");
	$dlg_var(code) = "503";
	if (!t_is_failure_route()) {
		$dlg_var(sd_cdr_skip) = "1";
		$var(sd_code) = 503;
		$var(sd_reason) = "media relay unavailable (rtpengine out of ports or not answering)";
		route(SD_REFUSED);
	}
	rtpengine_delete();
	t_reply("503", "Service Unavailable");
	exit;
}
`;
