// Endpoint rules in kamailio.cfg: the caller numbers an endpoint may use, and disabled endpoints.
// (An endpoint's calls per second and concurrent calls are a password mapping gateway's: fields 6
// and 7 of its tag, enforced by MGW_LIMITS in cfgGatewayLimits.ts.)
//
// The rules travel in the endpoint's subscriber tag, so an apply changes them with the table
// (read per request, no reload) and no cfg change:
//  - field 8: an extended regular expression "^(p1|p2|…)" of its allowed caller-number prefixes,
//    matched against the From user (the caller number the call record keeps). A call with another
//    number is refused 403 Forbidden — the articles' answer to "call attempts from sources that are
//    not authorized" — and recorded with the reason. Empty: any number.
//  - field 9: "1" when the endpoint is disabled. A disabled endpoint keeps its subscriber row (not
//    left out, as before) so that a call to its account is still known to be a call to an endpoint
//    and is answered 480 like an unregistered one (cfgEndpointCalls.ts), instead of leaving through
//    a routing gateway. Its credentials still authenticate, but it may neither register (403) nor
//    call (403): the refusal comes after the digest, so it tells nothing to whoever lacks the password.
// IP mapping gateways and password mapping gateways have neither field: nothing changes for them.
import { NUMBER_PREFIX_MAX, NUMBER_PREFIX_PATTERN } from '@shared/model/names';

/** Tag field 8 for `prefixes` ('' when there are none): "^(…)" with "+" and "*" escaped. */
export function callerNumbersPattern(field: string, prefixes: readonly string[] | undefined): string {
  if (!prefixes || prefixes.length === 0) return '';
  const parts = prefixes.map((p, i) => {
    if (p === '' || p.length > NUMBER_PREFIX_MAX || !NUMBER_PREFIX_PATTERN.test(p)) {
      throw new Error(`${field}[${i}]: must be 1–${NUMBER_PREFIX_MAX} digits, "*" or "#", with an optional leading "+"`);
    }
    return p.replace(/[+*]/g, (c) => `\\${c}`);
  });
  return `^(${parts.join('|')})`;
}

export const CFG_ENDPOINT_LIMITS_ROUTES = String.raw`
####### Endpoint rules: caller numbers, disabled endpoints (cfgEndpointLimits.ts) #######

# After authentication of a REGISTER: a disabled endpoint may not register.
route[EP_REGISTER] {
	if ($(avp(peer_tag){s.select,9,:}) == "1") {
		sl_send_reply("403", "Forbidden");
		exit;
	}
}

# After the dialog is created, before the caller's limits take a slot: a disabled endpoint may
# not call, and an endpoint calls only with its allowed caller numbers.
route[EP_CALLER] {
	if ($(avp(peer_tag){s.select,9,:}) == "1") {
		$var(sd_reason) = "endpoint " + $(avp(peer_tag){s.select,1,:}) + " is disabled";
		route(EP_CALLER_REFUSE);
	}
	$var(ep_callers) = $(avp(peer_tag){s.select,8,:});
	if ($var(ep_callers) != "" && !($fU =~ $var(ep_callers))) {
		$var(sd_reason) = "caller number " + $fU + " is not allowed for " + $(avp(peer_tag){s.select,1,:});
		route(EP_CALLER_REFUSE);
	}
}

route[EP_CALLER_REFUSE] {
	$dlg_var(code) = "403";
	$var(sd_code) = 403;
	route(SD_REFUSED);
	sl_send_reply("403", "Forbidden");
	exit;
}
`;
