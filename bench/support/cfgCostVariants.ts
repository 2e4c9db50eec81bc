// The generated cfg with one piece of per-call work removed or replaced, for
// bench/cfgRouteCost.bench.ts: what Kamailio's CPU per call drops by without it is what that piece
// costs. Text surgery on the rendered cfg, for measurement only (a variant may skip work a real
// configuration needs); each edit must find its text, so a renamed route fails the bench instead of
// measuring the unchanged cfg under a wrong name.

/** `cfg` with every `from` replaced by `to`; throws when `from` does not occur. */
function swap(cfg: string, from: string | RegExp, to: string, piece: string): string {
  const found = typeof from === 'string' ? cfg.includes(from) : from.test(cfg);
  if (!found) throw new Error(`cfg cost variant ${piece}: ${String(from)} is not in the generated cfg`);
  return typeof from === 'string' ? cfg.split(from).join(to) : cfg.replace(new RegExp(from.source, from.flags.includes('g') ? from.flags : `${from.flags}g`), to);
}

/** The body of `head { … }` (top-level block) replaced by `body`. */
function emptyBlock(cfg: string, head: string, body: string, piece: string): string {
  const at = cfg.indexOf(`${head} {`);
  if (at < 0) throw new Error(`cfg cost variant ${piece}: no ${head} in the generated cfg`);
  const end = cfg.indexOf('\n}', at);
  return `${cfg.slice(0, at)}${head} {\n${body}${cfg.slice(end + 1)}`;
}

/** `cfg` with `bits` set in the feature flags' declared value (cfgFeatures.ts). */
function withFeatureBits(cfg: string, bits: number, piece: string): string {
  const now = /^switchdeck\.features = (\d+) /m.exec(cfg);
  if (!now) throw new Error(`cfg cost variant ${piece}: no switchdeck.features in the generated cfg`);
  return swap(cfg, /^switchdeck\.features = \d+ /m, `switchdeck.features = ${Number(now[1]) | bits} `, piece);
}

/** The gateway call's offer and answer by rtpengine_manage(), as before MEDIA_ANSWER. */
function mediaManage(c: string): string {
  // MEDIA_OFFER's flags already hold SIP-source-address for a NATed caller (FLT_NAT_MEDIA).
  const offer = swap(c, 'rtpengine_offer("$var(mflags)")', 'rtpengine_manage("$var(mflags)")', 'media-manage');
  // GW_REPLY answers provisional and final replies in two places, each indented its own depth.
  return swap(offer, /(\t+)\$var\(mflags\) = "replace-origin replace-session-connection";\n\t+route\(MEDIA_ANSWER\);/, '$1rtpengine_manage("replace-origin replace-session-connection");', 'media-manage');
}

/**
 * `cfg` with its memory laid out differently and nothing more run: `k` unused shared variables after
 * the pv module, and a never-called route of `k` statements (the layout-shift variant, and
 * engineInstructions' ENGINE_INSN_LAYOUTS).
 */
export function padLayout(cfg: string, k: number): string {
  if (k === 0) return cfg;
  const line = 'loadmodule "pv.so"\n';
  const at = cfg.indexOf(line);
  if (at < 0) throw new Error('padLayout: no loadmodule "pv.so" line in the cfg');
  const end = at + line.length;
  const shared = Array.from({ length: k }, (_, i) => `modparam("pv", "shvset", "sd_pad_${i}=i:${i}")\n`).join('');
  const route = `\nroute[SD_LAYOUT_PAD] {\n${Array.from({ length: k }, (_, i) => `\t$var(sd_pad_${i}) = ${i};\n`).join('')}}\n`;
  return `${cfg.slice(0, end)}${shared}${cfg.slice(end)}${route}`;
}

export interface CfgVariant { name: string; what: string; patch: (cfg: string) => string }

export const CFG_VARIANTS: readonly CfgVariant[] = [
  // Negative cost: the call's offer and answer left to rtpengine_manage(), which parses each SDP to
  // tell them apart, as before route MEDIA_ANSWER (cfgMediaAnchoring.ts).
  { name: 'media-manage', what: 'named rtpengine offer / answer (i.e. with rtpengine_manage() as before)', patch: mediaManage },
  // Negative cost: the generated cfg as it was before this bench's findings: the endpoint lookup,
  // endpoint caller rules and probe lookups running for every call, the answer's codec read by
  // sdpops (which parses the whole SDP), and rtpengine_manage() for the call's offer and answer.
  {
    name: 'before', what: 'this bench\'s findings (i.e. as it was: endpoint, caller-rule and probe lookups, sdpops codec, rtpengine_manage)',
    // Endpoints (8) and gateway probes (4) on in the feature flags (cfgFeatures.ts FEATURE_BITS).
    patch: (c) => mediaManage(swap(swap(withFeatureBits(c, 8 | 4, 'before'),
      /\tif \(\$var\(sd_feat\) & 16\) \{\n\t\troute\(EP_CALLER\);\n\t\}\n/, '\troute(EP_CALLER);\n', 'before'),
    /route\[SD_CALL_CODEC\] \{\n[^]*?\n\}\n/, `route[SD_CALL_CODEC] {
	if (sdp_get_line_startswith("$avp(sd_line)", "a=rtpmap:")) {
		$dlg_var(codec) = $(avp(sd_line){s.select,1, }{s.trim});
	} else if (sdp_get_line_startswith("$avp(sd_line)", "m=")) {
		$dlg_var(codec) = "pt:" + $(avp(sd_line){s.select,3, }{s.trim});
	}
}
`, 'before')),
  },
  { name: 'no-log-prefix', what: 'log_prefix (evaluated for every message)', patch: (c) => swap(c, /^log_prefix=.*$/m, '', 'no-log-prefix') },
  // NAT_DETECT is inlined into request_route (cfgInline.ts): its body after the "none" default goes,
  // both sides of the SD_STREAMS preprocessor test (up to its #!endif).
  { name: 'no-nat-detect', what: 'NAT detection (inlined NAT_DETECT) on every request', patch: (c) => swap(c, /(\t\$var\(sd_nat\) = 0;\n)#!ifdef SD_STREAMS\n[^]*?\n#!endif\n/, '$1', 'no-nat-detect') },
  // request_route calls it for a NATed caller (or over TCP/TLS) only: the test goes with the call,
  // and the SD_STREAMS preprocessor lines that pick the test. No FLT_NAT_MEDIA: a plain offer.
  {
    name: 'no-nat-caller', what: 'NAT_CALLER and its test for each call',
    patch: (c) => swap(c, /(?:#!ifdef SD_STREAMS\n\tif [^\n]*\{\n#!else\n)?\tif \(\$var\(sd_nat\) == 1\) \{\n(?:#!endif\n)?\t\troute\(NAT_CALLER\);\n\t\}\n/, '', 'no-nat-caller'),
  },
  { name: 'no-call-limit', what: 'CALL_LIMIT + SESSION_OFFER (call duration, session timers)', patch: (c) => swap(c, '\troute(CALL_LIMIT);', '', 'no-call-limit') },
  // CALL_UP is inlined into ATTEMPT_REPLY's first-2xx block (which keeps its other lines).
  {
    name: 'no-call-counters', what: 'calls up per gateway (inlined CALL_UP, event_route dialog:end)',
    patch: (c) => emptyBlock(swap(c, /\t+update_stat\("sd_answered", "\+1"\);\n\t+\$var\(n\) = \$shtinc\(sd_rgw_active=>[^\n]*\n\t+\$var\(n\) = \$shtinc\(sd_mgw_active=>[^\n]*\n/, '', 'no-call-counters'), 'event_route[dialog:end]', '\treturn;\n', 'no-call-counters'),
  },
  { name: 'no-identity-in', what: 'IDENTITY_IN (untrusted identity headers removed)', patch: (c) => swap(c, '\troute(IDENTITY_IN);', '', 'no-identity-in') },
  // The reply routes call it in a block of its own for 18x: the block goes too (an empty one does not parse).
  { name: 'no-cdr-ring', what: 'CDR_RING on each 18x reply', patch: (c) => swap(c, /\t+if \(\$rs >= 180 && \$rs <= 189\) \{\n\t+route\(CDR_RING\);\n\t+\}\n/, '', 'no-cdr-ring') },
  // Inlined ATTEMPT_TIMERS: both copies (RELAY_GW, ENDPOINT_CALL) go, as the one route's calls did.
  { name: 'no-relay-timers', what: 'RELAY_GW per-attempt timers (t_set_fr, t_set_retr)', patch: (c) => swap(swap(c, /\tt_set_fr\("\$var\(fr_inv\)", "\$var\(fr\)"\);/, '', 'no-relay-timers'), /\tt_set_retr\("\$var\(t1\)", "\$var\(t2\)"\);/, '', 'no-relay-timers') },
  // Inlined into RELAY_GW: the attribute read and its if / else if, up to the chain's closing brace.
  { name: 'no-gw-transport', what: 'GW_TRANSPORT (per-gateway transport attribute, inlined)', patch: (c) => swap(c, /\t\$var\(tr\) = \$\(avp\(dr_attrs\)\{param\.value,tr\}\);\n\tif \(\$var\(tr\) != ""\) \{\n[^]*?\n\t\}\n/, '', 'no-gw-transport') },
  // Inlined into MEDIA_OFFER: the plain flags stay, the SRTP attribute tests after them go.
  {
    name: 'no-media-flags', what: 'MEDIA_FLAGS (per-gateway SRTP attribute, inlined)',
    patch: (c) => swap(c, /(\t+\$var\(mflags\) = "replace-origin replace-session-connection";\n)(\t+#[^\n]*\n)*\t+\$var\(srtp\) = [^\n]*\n\t+if \(\$var\(srtp\) == "sdes"\) \{\n[^]*?\n\t+\}\n/, '$1', 'no-media-flags'),
  },
  { name: 'no-reply-phase', what: 'GW_REPLY phase timers (t_set_fr per provisional)', patch: (c) => swap(c, /\t+t_set_fr\("\$var\(w\)"\);\n/, '', 'no-reply-phase') },
  { name: 'no-call-codec', what: 'SD_CALL_CODEC (codec of the answer into the CDR)', patch: (c) => swap(swap(c, /\t+if \(\$rs >= 200\) \{\n\t+route\(SD_CALL_CODEC\);\n\t+\}\n/, '', 'no-call-codec'), /\t+route\(SD_CALL_CODEC\);\n/, '', 'no-call-codec') },
  // Inlined into ATTEMPT_REPLY: its test and append_hf (with the comment line above them).
  {
    name: 'no-session-answer', what: 'SESSION_ANSWER on each reply (inlined)',
    patch: (c) => swap(c, /(?:\t+# The flag first[^\n]*\n)?\t+if \(isflagset\(FLT_SESSION_TIMER\)[^\n]*\{\n\t+append_hf\("Session-Expires[^\n]*\n\t+\}\n/, '', 'no-session-answer'),
  },
  // WITHINDLG tests is_known_dlg after loose_route (every in-dialog request of a call) and on the
  // path without Record-Route: both go, whatever their depth.
  { name: 'no-in-dialog-extras', what: 'IDENTITY_IN_DIALOG + is_known_dlg in WITHINDLG', patch: (c) => swap(swap(c, /\t+if \(is_present_hf\("Privacy"\)[^\n]*\{\n\t+route\(IDENTITY_IN_DIALOG\);\n\t+\}\n/, '', 'no-in-dialog-extras'), /\t+if \(!is_known_dlg\(\)\) \{\n\t+route\((?:UNAUTHORIZED|NOT_RELAYED)\);\n(?:\t+exit;\n)?\t+\}\n/, '', 'no-in-dialog-extras') },
  { name: 'no-timers', what: 'rtimer routes (hang-up queue every 200 ms, NAT keep-alive)', patch: (c) => swap(c, /^modparam\("rtimer", "exec", .*$/m, '', 'no-timers') },
  { name: 'no-shm-admit', what: 'the shared-memory admission check (cfgAdmission.ts: $stat reads and the estimate) of each new call', patch: (c) => swap(c, /if \(SHM_ADMIT_KB > 0 && [^\n]*\{/, 'if (0 > 1) {', 'no-shm-admit') },
  { name: 'no-uac-rr', what: 'uac\'s Record-Route check of every in-dialog request (restore_mode auto)', patch: (c) => swap(c, 'modparam("uac", "restore_dlg", 1)', 'modparam("uac", "restore_dlg", 1)\nmodparam("uac", "restore_mode", "none")', 'no-uac-rr') },
  // The optional routes' on/off tests (cfgFeatures.ts) on a call's path: one cfg read of the flags
  // (a number handed over as text) and a bit test before each route. All off in the rig.
  {
    name: 'no-feature-tests', what: 'the optional routes\' on/off tests (one cfg read, then bit tests) on each call',
    patch: (c) => swap(swap(c, /\t+\$var\(sd_feat\) = 0 \+ \$sel\(cfg_get\.switchdeck\.features\);\n/g, '', 'no-feature-tests'), /\$var\(sd_feat\) & \d+/g, '0', 'no-feature-tests'),
  },
  // Not a cut: 40 shared variables declared and never read, 40 statements never run (padLayout). It moves where Kamailio's memory blocks
  // lie and nothing else, so what it changes in engineInstructions is how much the allocator's
  // state alone moves a count (session 15: the tlsf allocator's search and split costs changed by
  // more than the script work that a change removed).
  {
    name: 'layout-shift', what: 'nothing the script runs (40 unused shared variables and statements: memory layout only)',
    patch: (c) => padLayout(c, 40),
  },
  { name: 'no-suspension-check', what: 'the suspension check ($shv(sd_susp_until) > $Ts) at the top of every request', patch: (c) => swap(c, /\tif \(\$shv\(sd_susp_until\) > \$Ts\) \{\n\t\troute\(SUSPENDED\);\n\t\}\n/, '', 'no-suspension-check') },
];

/**
 * Every cut at once: the floor of what cutting per-call pieces of the script can reach. Not the
 * on/off tests (no-feature-tests): they guard routes that other cuts look for.
 */
const NOT_IN_LEAN = ['no-relay-timers', 'no-feature-tests'];
export const LEAN_VARIANT: CfgVariant = {
  name: 'lean', what: 'every cut above (floor of the per-call pieces)',
  patch: (c) => CFG_VARIANTS.filter((v) => v.name.startsWith('no-') && !NOT_IN_LEAN.includes(v.name)).reduce((cfg, v) => v.patch(cfg), c),
};

/** Every variant a bench can be asked for by name. */
export const ALL_VARIANTS: readonly CfgVariant[] = [...CFG_VARIANTS, LEAN_VARIANT];

/** The variant called `name`; the error names `setting` (the bench's environment variable) and the choices. */
export function variantNamed(name: string, setting: string): CfgVariant {
  const v = ALL_VARIANTS.find((x) => x.name === name);
  if (!v) throw new Error(`${setting}: no variant named ${name}; choose from ${ALL_VARIANTS.map((x) => x.name).join(', ')}`);
  return v;
}
