// Caller identity on calls sent to routing gateways: the Privacy, P-Asserted-Identity and
// P-Preferred-Identity headers, and the From header (number after the dial plans, display name).
// Constant text; per-gateway settings come from the drouting attrs and the mapping gateway's tag
// (dialPlanAttrs.ts), the two system parameters from `switchdeck` cfg variables.
//
// Trust (RFC 3325): only a mapping gateway with Support Privacy on is inside the trust domain.
// IDENTITY_IN keeps its Privacy / P-Asserted-Identity / P-Preferred-Identity headers aside and
// then removes those headers from every call, so nothing a caller sends reaches a carrier unless
// a routing gateway asks for it (Passthrough) AND the caller is trusted. The defaults (Support
// Privacy off, gateway None/None/None, SS_SIP_USER_AGENT_PRIVACY Ignore) send none of them.
// In-dialog requests from an untrusted caller (re-INVITE, UPDATE…) lose them too (IDENTITY_IN_DIALOG).
//
// Per routing gateway (IDENTITY_OUT, in branch_route, so each gateway tried gets its own):
//  - Privacy: Id adds "Privacy: id"; Passthrough copies the trusted caller's Privacy (nothing if
//    it sent none or is not trusted); None leaves it to SS_SIP_USER_AGENT_PRIVACY: Ignore adds
//    nothing, Id adds "Privacy: id", None adds "Privacy: none";
//  - P-Asserted-Identity / P-Preferred-Identity: Caller adds <sip:NUMBER@switch address>, NUMBER
//    being the caller number after the mapping and this gateway's caller dial plans; Passthrough
//    copies the trusted caller's header(s); None sends none;
//  - From: its number becomes the caller number after the dial plans; its display name follows
//    SS_SIP_E164_DISPLAY_FROM: Ignore leaves the caller's, E164 shows that number in E.164 form
//    ("+" kept, a leading "00" becomes "+", otherwise "+" is put in front), Original shows the
//    caller number as the caller sent it (before any dial plan);
//  - To: when a dial plan changed the callee number, To carries the new number as the R-URI does.
// From/To are rewritten once per branch with the uac module, which restores the caller's
// values in replies and in-dialog requests (kept in dialog variables, restore_dlg).
import { checkInt } from './validate';

export type UaPrivacy = 'ignore' | 'id' | 'none';
export type DisplayFrom = 'ignore' | 'e164' | 'original';

/** Absent = Ignore (the catalog defaults), so rigs that predate these parameters render the defaults. */
export interface IdentityParams {
  /** SS_SIP_USER_AGENT_PRIVACY: 0 Ignore, 1 Id, 2 None. */
  uaPrivacy?: number;
  /** SS_SIP_E164_DISPLAY_FROM: 0 Ignore, 1 E164, 2 Original. */
  displayFrom?: number;
}

const UA_PRIVACY: readonly string[] = ['ignore', 'id', 'none'];
const DISPLAY_FROM: readonly string[] = ['ignore', 'e164', 'original'];

function indexOf(name: string, options: readonly string[], v: unknown): number {
  const i = typeof v === 'string' ? options.indexOf(v) : -1;
  if (i < 0) throw new Error(`params.${name}: expected one of ${options.join(', ')}, got ${JSON.stringify(v)}`);
  return i;
}

/** The cfg values of the two catalog parameters (their option values). */
export function identityParams(uaPrivacy: unknown, displayFrom: unknown): IdentityParams {
  return {
    uaPrivacy: indexOf('SS_SIP_USER_AGENT_PRIVACY', UA_PRIVACY, uaPrivacy),
    displayFrom: indexOf('SS_SIP_E164_DISPLAY_FROM', DISPLAY_FROM, displayFrom),
  };
}

export const IDENTITY_CFG_VARS = { uaPrivacy: 'ua_privacy', displayFrom: 'display_from' } as const satisfies Record<keyof IdentityParams, string>;

export const IDENTITY_CFG_DESCRIPTIONS: Record<keyof IdentityParams, string> = {
  uaPrivacy: 'SS_SIP_USER_AGENT_PRIVACY 0 ignore 1 id 2 none where the gateway Privacy is None',
  displayFrom: 'SS_SIP_E164_DISPLAY_FROM 0 ignore 1 e164 2 original From display name',
};

export function identityCfgVarValues(p: IdentityParams): Record<keyof IdentityParams, number> {
  return {
    uaPrivacy: checkInt('params.uaPrivacy', p.uaPrivacy ?? 0, 0, 2),
    displayFrom: checkInt('params.displayFrom', p.displayFrom ?? 0, 0, 2),
  };
}

export const IDENTITY_MODULES = `loadmodule "uac.so"
# From/To rewritten per branch are restored towards the caller from dialog variables.
modparam("uac", "restore_dlg", 1)
`;

export const CFG_IDENTITY_ROUTES = String.raw`
# Keeps a trusted caller's identity headers aside, then removes them from the call.
route[IDENTITY_IN] {
	if ($(avp(peer_tag){s.select,3,:}) == "p") {
		$dlg_var(trusted) = "1";
		if (is_present_hf("Privacy")) {
			$avp(in_priv) = $(hdr(Privacy)[*]);
		}
		if (is_present_hf("P-Asserted-Identity")) {
			$avp(in_pai) = $(hdr(P-Asserted-Identity)[*]);
		}
		if (is_present_hf("P-Preferred-Identity")) {
			$avp(in_ppi) = $(hdr(P-Preferred-Identity)[*]);
		}
	}
	remove_hf("Privacy");
	remove_hf("P-Asserted-Identity");
	remove_hf("P-Preferred-Identity");
}

# In-dialog requests from the caller (re-INVITE, UPDATE…) carry no identity header towards the
# gateway unless the caller is trusted: the same rule as the first INVITE.
# WITHINDLG calls it only when one of the three headers is present.
route[IDENTITY_IN_DIALOG] {
	if (is_direction("downstream") && $dlg_var(trusted) != "1") {
		remove_hf("Privacy");
		remove_hf("P-Asserted-Identity");
		remove_hf("P-Preferred-Identity");
	}
}

# Identity headers, From and To of the branch to one routing gateway (after RGW_NUMBERS).
route[IDENTITY_OUT] {
	$var(v) = $(avp(dr_attrs){param.value,prv});
	if ($var(v) == "i") {
		append_hf("Privacy: id\r\n");
	} else if ($var(v) == "p") {
		if ($avp(in_priv) != $null) {
			append_hf("Privacy: $avp(in_priv)\r\n");
		}
	} else {
		$var(g) = 0 + $sel(cfg_get.switchdeck.ua_privacy);
		if ($var(g) == 1) {
			append_hf("Privacy: id\r\n");
		} else if ($var(g) == 2) {
			append_hf("Privacy: none\r\n");
		}
	}
	$var(v) = $(avp(dr_attrs){param.value,pai});
	if ($var(v) == "c") {
		append_hf("P-Asserted-Identity: <sip:$avp(sd_caller_out)@$Ri>\r\n");
	} else if ($var(v) == "p" && $avp(in_pai) != $null) {
		append_hf("P-Asserted-Identity: $avp(in_pai)\r\n");
	}
	$var(v) = $(avp(dr_attrs){param.value,ppi});
	if ($var(v) == "c") {
		append_hf("P-Preferred-Identity: <sip:$avp(sd_caller_out)@$Ri>\r\n");
	} else if ($var(v) == "p" && $avp(in_ppi) != $null) {
		append_hf("P-Preferred-Identity: $avp(in_ppi)\r\n");
	}

	$var(mode) = 0 + $sel(cfg_get.switchdeck.display_from);
	# Only a From with a number is rewritten (a From without user part is left as sent).
	if ($avp(sd_caller_out) != "" && ($avp(sd_caller_out) != $avp(sd_caller0) || $var(mode) != 0)) {
		$var(uri) = "sip:" + $avp(sd_caller_out) + "@" + $fd;
		if ($(fu{uri.port}) != "") {
			$var(uri) = $var(uri) + ":" + $(fu{uri.port});
		}
		if ($var(mode) == 0) {
			uac_replace_from("$var(uri)");
		} else {
			if ($var(mode) == 2) {
				$var(disp) = $avp(sd_caller0);
			} else if ($(avp(sd_caller_out){s.substr,0,1}) == "+") {
				$var(disp) = $avp(sd_caller_out);
			} else if ($(avp(sd_caller_out){s.len}) > 2 && $(avp(sd_caller_out){s.substr,0,2}) == "00") {
				$var(disp) = "+" + $(avp(sd_caller_out){s.substr,2,0});
			} else {
				$var(disp) = "+" + $avp(sd_caller_out);
			}
			# uac writes the display name as given: quoted here, as "+" is not a token character everywhere.
			$var(disp) = "\"" + $var(disp) + "\"";
			uac_replace_from("$var(disp)", "$var(uri)");
		}
	}
	if ($rU != $null && $rU != $avp(sd_callee)) {
		$var(uri) = "sip:" + $rU + "@" + $td;
		if ($(tu{uri.port}) != "") {
			$var(uri) = $var(uri) + ":" + $(tu{uri.port});
		}
		uac_replace_to("$var(uri)");
	}
}
`;
