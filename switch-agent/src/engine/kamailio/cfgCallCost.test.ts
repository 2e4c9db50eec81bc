import { describe, expect, it } from 'vitest';
import { renderCfgSource } from './renderCfg';
import { UNIT_KAMAILIO_SETTINGS } from '../../../../test/doubles/agent/kamailioSettings';

const settings = UNIT_KAMAILIO_SETTINGS;
// The routes as written (by name); cfgInline.test.ts checks what copying some into their callers keeps.
const cfg = renderCfgSource(settings);
/** The text of one top-level block, `head {` to its closing brace. */
const body = (head: string) => {
  const at = cfg.indexOf(`${head} {`);
  if (at < 0) throw new Error(`no ${head}`);
  return cfg.slice(at, cfg.indexOf('\n}\n', at));
};

// Per-call work cut from the generated cfg (issue 12). The work these routes save is measured by bench/cfgRouteCost.bench.ts; here, that the
// cheaper text still does the same bookkeeping.
describe('calls up per gateway (cfgCallCounters.ts)', () => {
  it('counts a call up once, at its first answer, from the attempt\'s AVPs, and down in dialog:end only', () => {
    expect(cfg).not.toContain('event_route[dialog:start]');
    const reply = body('route[ATTEMPT_REPLY]');
    const answer = reply.slice(reply.indexOf('$dlg_var(answered) == $null'));
    expect(answer).toContain('route(CALL_UP);');
    expect(cfg.match(/route\(CALL_UP\);/g)).toHaveLength(1);
    const up = body('route[CALL_UP]');
    expect(up).toContain('update_stat("sd_answered", "+1");');
    expect(up).toContain('$shtinc(sd_rgw_active=>$avp(gw_name))');
    expect(up).toContain('$shtinc(sd_mgw_active=>$(avp(peer_tag){s.select,1,:}))');
    expect(up).not.toContain('$dlg_var(');
    // The names counted down are the dialog's copies of the same values (GW_BRANCH, ENDPOINT_CALL, request_route).
    const end = body('event_route[dialog:end]');
    expect(end).toContain('$shtdec(sd_rgw_active=>$dlg_var(rgw_name))');
    expect(end).toContain('$shtdec(sd_mgw_active=>$dlg_var(mgw_name))');
    expect(body('branch_route[GW_BRANCH]')).toContain('$dlg_var(rgw_name) = $avp(gw_name);');
    expect(body('route[ENDPOINT_CALL]')).toMatch(/\$avp\(gw_name\) = \$var\(ep_tag\);[^]*\$dlg_var\(rgw_name\) = \$var\(ep_tag\);/);
    expect(body('request_route')).toContain('$dlg_var(mgw_name) = $(avp(peer_tag){s.select,1,:});');
  });
});

describe('call limits without session timers (cfgCallDuration.ts)', () => {
  it('keeps nothing with the dialog for a call that asks for no session timer, and flags session-timer calls for their answer', () => {
    const limit = body('route[CALL_LIMIT]');
    const fast = limit.slice(0, limit.indexOf('setflag(FLT_SESSION_TIMER);'));
    // Before the session-timer part, no dialog variable is written: DLG_TIMEOUT and SESSION_REFRESH read lim/se/grace only with se.
    expect(fast).not.toMatch(/\$dlg_var\([a-z]+\) =/);
    expect(fast).toContain('if (!is_present_hf("Session-Expires") && !is_present_hf("Supported")) {');
    expect(fast).toMatch(/if \(\$var\(se\) == 0\) \{\n\t\tif \(\$var\(lim\) > 0\) \{\n\t\t\t\$avp\(dlg_timeout\) = \$var\(lim\);\n\t\t\}\n\t\treturn;/);
    expect(body('route[DLG_TIMEOUT]')).toContain('if ($dlg_var(se) != $null && ($var(lim) == 0');
    expect(body('route[SESSION_REFRESH]')).toContain('$dlg_var(se) == $null');
    // The flag travels with the transaction to the replies only when set before dlg_manage creates it.
    expect(body('request_route').indexOf('route(CALL_LIMIT);')).toBeLessThan(body('request_route').indexOf('if (!dlg_manage()) {'));
    expect(body('route[SESSION_ANSWER]')).toContain('isflagset(FLT_SESSION_TIMER) && $rs >= 200');
    expect(cfg).toMatch(/^#!define FLT_SESSION_TIMER 3$/m);
    expect(cfg.match(/^#!define FLT_\w+ 3$/gm)).toHaveLength(1);
  });

  it('relays a provisional reply without the answer bookkeeping, and every final reply through it', () => {
    const reply = body('onreply_route[GW_REPLY]');
    const provisional = reply.slice(0, reply.indexOf('} else {'));
    expect(provisional).toContain('route(ATTEMPT_PHASE);');
    expect(provisional).toContain('setflag(FLT_EARLY_SDP);');
    expect(provisional).not.toContain('route(ATTEMPT_REPLY);');
    expect(reply.slice(reply.indexOf('} else {'))).toContain('route(ATTEMPT_REPLY);');
    // ATTEMPT_REPLY does nothing below 200 (what GW_REPLY now skips).
    const attemptReply = body('route[ATTEMPT_REPLY]');
    expect(attemptReply).toMatch(/if \(\$rs >= 200\) \{\n\t\t\$dlg_var\(code\) = \$rs;/);
    expect(attemptReply).toContain('$rs >= 200 && $rs < 300 && $dlg_var(answered) == $null');
    expect(body('route[SESSION_ANSWER]')).toContain('$rs >= 200 && $rs < 300');
  });
});

// Cuts found by counting actions per call (bench/cfgActions.bench.ts): each test made at the caller
// or ordered for the common case, the same work done when it applies.
describe('common-path tests at the caller (cfgRoutes.ts)', () => {
  it('an INVITE passes the other methods\' tests in one, both sides of the source check', () => {
    const main = body('request_route');
    const rest = main.slice(main.indexOf('t_check_trans();\n\t} else {'), main.indexOf('has_body("application/sdp")'));
    expect(rest.match(/is_method\("INVITE"\)/g)).toHaveLength(2);
    for (const m of ['REGISTER', 'PUBLISH', 'OPTIONS']) expect(rest).toMatch(new RegExp(`if \\(!is_method\\("INVITE"\\)\\) \\{\\n(\\t\\t.*\\n)*?\\t\\tif \\(is_method\\("${m}"\\)\\)`));
    expect(rest.indexOf('route(GW_PUBLISH);')).toBeLessThan(rest.indexOf('allow_source_address_group()'));
    expect(rest.indexOf('allow_source_address_group()')).toBeLessThan(rest.indexOf('sl_send_reply("200", "OK");'));
    expect(rest).toMatch(/sl_send_reply\("200", "OK"\);\n\t\t\texit;\n\t\t\}\n\t\tsl_send_reply\("405", "Method Not Allowed"\);/);
  });

  it('skips down gateways only when probes are on, and refuses the call only then', () => {
    const main = body('request_route');
    expect(main).toMatch(/if \(\$var\(sd_feat\) & 4\) \{\n\t\troute\(GW_SKIP_DOWN\);\n\t\tif \(\$var\(gw_up\) == 0\) \{/);
    expect(main.match(/route\(GW_SKIP_DOWN\);/g)).toHaveLength(1);
  });

  it('an ACK or BYE in a dialog skips the routes with nothing to do for it', () => {
    const dlg = body('route[WITHINDLG]');
    expect(dlg).toContain('if (is_method("BYE")) {\n\t\t\troute(ENDED_BY);\n\t\t\t# The media session ends; rtpengine_manage() would send the offer flags along.\n\t\t\trtpengine_delete();\n\t\t} else {\n\t\t\troute(DLG_MEDIA);');
    expect(dlg).toContain('if (is_present_hf("Privacy") || is_present_hf("P-Asserted-Identity") || is_present_hf("P-Preferred-Identity")) {\n\t\t\troute(IDENTITY_IN_DIALOG);');
    expect(body('route[ENDED_BY]')).toContain('if ($dlg_var(ended) == $null) {');
    expect(body('route[IDENTITY_IN_DIALOG]')).toContain('is_direction("downstream") && $dlg_var(trusted) != "1"');
    const media = body('route[DLG_MEDIA]');
    expect(media).not.toMatch(/is_method\("[^"]*BYE/);
    expect(media.indexOf('is_method("ACK")')).toBeLessThan(media.indexOf('is_method("INVITE|UPDATE")'));
    // An ACK goes to rtpengine only with SDP (the answer of a late offer).
    expect(media).toMatch(/if \(is_method\("ACK"\)\) \{\n\t\tif \(has_body\("application\/sdp"\)\) \{\n\t\t\trtpengine_manage\(/);
    expect(media.match(/rtpengine_manage\("replace-origin replace-session-connection"\);/g)).toHaveLength(2);
    expect(media).toMatch(/is_method\("INVITE\|UPDATE"\)\) \{\n\t\trtpengine_manage\([^\n]*\n\t\tt_on_reply\("DLG_REPLY"\);/);
  });

  it('follows the Record-Route before it asks whether the dialog is ours, and relays only for our dialogs', () => {
    const dlg = body('route[WITHINDLG]');
    const routed = dlg.slice(dlg.indexOf('if (loose_route()) {'));
    expect(routed).toMatch(/^if \(loose_route\(\)\) \{\n\t\tif \(!is_known_dlg\(\)\) \{\n\t\t\troute\(NOT_RELAYED\);/);
    expect(routed.indexOf('is_known_dlg()')).toBeLessThan(routed.indexOf('t_relay()'));
    expect(dlg).not.toContain('t_check_trans');
    expect(dlg.trimEnd().endsWith('route(NOT_RELAYED);')).toBe(true);
    // Not relayed: the ACK of a negative reply is absorbed, a request of no dialog of ours refused, our own without a route answered 404.
    const rest = body('route[NOT_RELAYED]');
    expect(rest.indexOf('if (is_method("ACK") && t_check_trans()) {\n\t\texit;')).toBeGreaterThan(0);
    expect(rest.indexOf('is_method("ACK") && t_check_trans()')).toBeLessThan(rest.indexOf('if (!is_known_dlg()) {\n\t\troute(UNAUTHORIZED);\n\t\texit;'));
    expect(rest.indexOf('if (!is_known_dlg()) {')).toBeLessThan(rest.indexOf('sl_send_reply("404", "Not Here");'));
    expect(rest).not.toContain('t_relay');
  });

  it('rings (CDR_RING) for 18x only, tested by each caller; each provisional sets its phase\'s window once', () => {
    expect(body('route[CDR_RING]')).not.toContain('$rs');
    expect(cfg.match(/route\(CDR_RING\);/g)).toHaveLength(2);
    expect(cfg.match(/if \(\$rs >= 180 && \$rs <= 189\) \{\n\t+route\(CDR_RING\);/g)).toHaveLength(2);
    const phase = body('route[ATTEMPT_PHASE]');
    for (const [ph, timer] of [[3, 'progress'], [2, 'ringing'], [1, 'trying']] as const) {
      expect(phase).toContain(`if ($avp(gw_phase) < ${ph}) {`);
      expect(phase).toContain(`$avp(gw_phase) = ${ph};\n`);
      expect(phase).toContain(`$var(w) = $sel(cfg_get.switchdeck.sip_timeout_${timer}) * 1000;`);
    }
    expect(phase.match(/t_set_fr\("\$var\(w\)"\);/g)).toHaveLength(3);
  });
});
