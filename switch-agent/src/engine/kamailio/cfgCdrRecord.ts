// What the script writes into each acc call record (cdr_extra, read back by
// switch-agent/src/cdr/parseFlatstore.ts in this column order), and the post-dial-delay times:
// the first 18x of the call ($dlg_var(ringing): the first ring the caller got, relayed by tm right
// after this route) and the first 18x of the current gateway attempt ($avp(gw_t18), written into
// that attempt's entry of $dlg_var(tries) by route GW_ATTEMPT; "0" while none came).
// 100 Trying is hop-by-hop and never reaches the caller, so it does not end the delay.
// Constant text.

export const CDR_EXTRA_MODPARAM = `modparam("acc", "cdr_extra", "callid=$dlg_var(cid);src_ip=$dlg_var(src_ip);src_port=$dlg_var(src_port);mgw_group=$dlg_var(mgw);mgw=$dlg_var(mgw_name);rgw=$dlg_var(rgw_name);rgw_addr=$dlg_var(rgw_addr);caller=$dlg_var(caller);callee=$dlg_var(callee);code=$dlg_var(code);tries=$dlg_var(tries);ended=$dlg_var(ended);t_start=$dlg_var(start_time);t_answer=$dlg_var(answered);t_end=$dlg_var(end_time);t_ring=$dlg_var(ringing)")
`;

export const CDR_RING_ROUTES = String.raw`
# Called for an 18x (each caller tests the range) from onreply_route[GW_REPLY] and [EP_REPLY] of a gateway or endpoint attempt.
route[CDR_RING] {
	if ($dlg_var(ringing) == $null) {
		$dlg_var(ringing) = $TV(Sn);
	}
	if ($avp(gw_t18) == "0") {
		$avp(gw_t18) = $TV(Sn);
	}
}
`;
