// What the current-calls view (switch-agent/src/calls) needs from the script beyond the dialog:
// the codec of the answer, kept as a dialog variable that dlg.list shows. It is the first
// rtpmap of the answer's SDP ("PCMU/8000"), or without one the first payload type of its m=
// line ("pt:0", which the agent names from the static payload table). Constant text.
export const CALL_MEDIA_MODULES = `loadmodule "sdpops.so"
`;

export const CALL_MEDIA_ROUTES = String.raw`
# Codec of a 2xx answer with SDP, for the current-calls view (dlg.list variables).
route[SD_CALL_CODEC] {
	if (sdp_get_line_startswith("$avp(sd_line)", "a=rtpmap:")) {
		$dlg_var(codec) = $(avp(sd_line){re.subst,/^a=rtpmap:[0-9]+[[:space:]]+([^[:space:]]+).*$/\1/});
	} else if (sdp_get_line_startswith("$avp(sd_line)", "m=")) {
		$dlg_var(codec) = $(avp(sd_line){re.subst,/^m=[a-z]+[[:space:]]+[^[:space:]]+[[:space:]]+[^[:space:]]+[[:space:]]+([0-9]+).*$/pt:\1/});
	}
}
`;
