// What the current-calls view (switch-agent/src/calls) needs from the script beyond the dialog:
// the codec of the answer, kept as a dialog variable that dlg.list shows. It is the first
// rtpmap of the answer's SDP ("PCMU/8000"), or without one the first payload type of its m=
// line ("pt:0", which the agent names from the static payload table). Constant text.
// Fields are cut at single spaces (s.select), not matched with a regular expression: this runs for
// every answered call, and SDP (RFC 4566) separates these fields with exactly one space. The line is
// found in the body with the {line.sw} transformation, not sdpops' sdp_get_line_startswith, which
// parses the whole SDP first: about a tenth of the hand-written cfg's CPU per call
// (bench/cfgRouteCost.bench.ts, variant no-call-codec).
export const CALL_MEDIA_MODULES = `loadmodule "sdpops.so"
`;

export const CALL_MEDIA_ROUTES = String.raw`
# Codec of a 2xx answer with SDP, for the current-calls view (dlg.list variables).
route[SD_CALL_CODEC] {
	$var(sd_line) = $(rb{line.sw,a=rtpmap:});
	if ($var(sd_line) != "") {
		$dlg_var(codec) = $(var(sd_line){s.select,1, }{s.trim});
		return;
	}
	$var(sd_line) = $(rb{line.sw,m=});
	if ($var(sd_line) != "") {
		$dlg_var(codec) = "pt:" + $(var(sd_line){s.select,3, }{s.trim});
	}
}
`;
