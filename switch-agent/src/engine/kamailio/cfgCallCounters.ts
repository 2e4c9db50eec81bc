// Calls up per routing and mapping gateway for the agent's monitor (htable.dump of sd_rgw_active
// and sd_mgw_active, switch-agent/src/monitor/kamailioSampler.ts), and the calls-answered counter.
// A call counts from its answer to its end. Constant text.
//
// Counted up where the answer is already handled (ATTEMPT_REPLY, once per call: the first 2xx),
// from the attempt's transaction AVPs: no dialog variable is read. Counted down in
// event_route[dialog:end], which the dialog module runs exactly once for a dialog that was
// confirmed, whichever way it ends (BYE from either side, time limit, hangup): a script-side
// "ended" check instead would race when both sides hang up at once. Every confirmed dialog was
// counted up (its 2xx went through ATTEMPT_REPLY), so dialog:end needs no guard.
// Before, dialog:start and dialog:end each read and wrote a guard variable and read both names
// twice: ~12 dialog-variable accesses per call, each a dialog lookup, a lock and a walk of the
// dialog's ~17 variables (bench/cfgRouteCost.bench.ts: variant no-dialog-events measured 0.07–0.08 of a
// hand-written call; the cost left is variant no-call-counters).
export const CFG_CALL_UP = String.raw`
# From ATTEMPT_REPLY at a call's first 2xx: the answer is counted (cfgCallCounters.ts).
route[CALL_UP] {
	update_stat("sd_answered", "+1");
	$var(n) = $shtinc(sd_rgw_active=>$avp(gw_name));
	$var(n) = $shtinc(sd_mgw_active=>$(avp(peer_tag){s.select,1,:}));
}

# The names are the ones CALL_UP counted: rgw_name is the answering attempt's gw_name
# (GW_BRANCH, ENDPOINT_CALL), mgw_name the same field of the caller's tag (request_route).
event_route[dialog:end] {
	$var(n) = $shtdec(sd_rgw_active=>$dlg_var(rgw_name));
	$var(n) = $shtdec(sd_mgw_active=>$dlg_var(mgw_name));
}
`;
