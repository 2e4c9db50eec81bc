// Calls the switch refuses before a dialog exists leave no acc CDR, so the script records each
// refused INVITE itself: acc_db_request into its own flatstore table (`acc_refused`), one line
// per refusal, which the agent ingests into the same call record table with the reason in words
// (switch-agent/src/cdr/parseRefused.ts). Callers set $var(sd_code) (the SIP code replied, or 0
// when nothing was sent back) and $var(sd_reason) (plain words, no '|') and call route(SD_REFUSED).
// Constant text.
export const REFUSED_TABLE = 'acc_refused';

/** acc request columns after the core ones (method, from_tag, to_tag, callid, sip_code, sip_reason, time), in this order. */
export const REFUSED_EXTRA_COLUMNS = ['src_ip', 'src_port', 'caller', 'callee', 'mgw', 'reason', 't'] as const;

export const REFUSED_MODPARAMS = `# Refused INVITEs (route SD_REFUSED): acc_db_request lines with these extra columns.
modparam("acc", "db_extra", "src_ip=$si;src_port=$sp;caller=$fU;callee=$rU;mgw=$(avp(peer_tag){s.select,1,:});reason=$var(sd_reason);t=$TV(Sn)")
`;

export const REFUSED_ROUTES = String.raw`
# One call record line for an INVITE the switch refuses before any dialog exists.
route[SD_REFUSED] {
	if (!is_method("INVITE") || has_totag()) {
		return;
	}
	if ($var(sd_code) > 0) {
		acc_db_request("$var(sd_code) $var(sd_reason)", "acc_refused");
	} else {
		acc_db_request("$var(sd_reason)", "acc_refused");
	}
}
`;
