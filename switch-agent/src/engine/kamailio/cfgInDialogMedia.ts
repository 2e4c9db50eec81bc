// Media anchoring of in-dialog requests (kamailio.cfg, called from WITHINDLG before relaying): a
// re-INVITE or UPDATE (hold, unhold, session refresh with a new offer) goes through rtpengine, and
// so does its answer: without the reply route the far end's answer reached the other party with
// the far end's own media address, and media left the anchor.
export const CFG_IN_DIALOG_MEDIA = String.raw`
route[DLG_MEDIA] {
	# Not for a BYE (WITHINDLG ends its media). An ACK, nearly every other in-dialog request, has
	# media work only when it carries SDP: the answer of a late-offer exchange.
	if (is_method("ACK")) {
		if (has_body("application/sdp")) {
			rtpengine_manage("replace-origin replace-session-connection");
		}
	} else if (is_method("INVITE|UPDATE")) {
		rtpengine_manage("replace-origin replace-session-connection");
		t_on_reply("DLG_REPLY");
	}
}

onreply_route[DLG_REPLY] {
	if ($rs < 300 && has_body("application/sdp")) {
		rtpengine_manage("replace-origin replace-session-connection");
	}
	route(SESSION_REFRESH);
}
`;
