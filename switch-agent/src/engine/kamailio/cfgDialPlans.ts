// Number rewriting in kamailio.cfg (VOS3000 caller and callee dial plans). Constant text: the
// plans are data in the rows Kamailio loads (dialPlanAttrs.ts), read here with transformations.
//
// Order, as a call crosses the switch:
//  1. on the way in (request_route, MGW_NUMBERS, before drouting): the mapping gateway's callee
//     plan rewrites the R-URI number, so routing uses the number as rewritten; its caller plan
//     gives the caller number kept in $avp(sd_caller);
//  2. on the way out (branch_route, RGW_NUMBERS, per routing gateway tried): that gateway's
//     callee plan rewrites the branch's R-URI number and its caller plan rewrites $avp(sd_caller)
//     into $avp(sd_caller_out), which the From header and a "Caller" P-Asserted-Identity carry
//     (cfgIdentity.ts writes the headers, once per branch). Each gateway starts again from the
//     numbers of step 1, so a failover never applies two gateways' plans on top of each other.
// Call records keep the numbers as the caller sent them.
//
// DIAL_PLAN interprets a plan: the first rule whose prefix and length bounds hold rewrites the
// number and no further rule runs (applyDialPlan in shared/model/dialPlan.ts; the integration
// test dial-plan-script.test.ts runs this text against it).
export const CFG_DIAL_PLAN_ROUTES = String.raw`
# $var(dp): a dial plan "<count>|<prefix>.<min>.<max>.<action>|…"; $var(dpn): the number, rewritten in place.
route[DIAL_PLAN] {
	if ($var(dp) == "") {
		return;
	}
	$var(dpc) = $(var(dp){s.select,0,|}{s.int});
	$var(dpi) = 1;
	while ($var(dpi) <= $var(dpc)) {
		$var(dpr) = $(var(dp){s.select,$var(dpi),|});
		$var(dpi) = $var(dpi) + 1;
		$var(dpp) = $(var(dpr){s.select,0,.});
		$var(dpmin) = $(var(dpr){s.select,1,.}{s.int});
		$var(dpmax) = $(var(dpr){s.select,2,.}{s.int});
		$var(dpa) = $(var(dpr){s.select,3,.});
		$var(dppl) = $(var(dpp){s.len});
		$var(dpnl) = $(var(dpn){s.len});
		$var(dpok) = 0;
		if ($var(dppl) == 0) {
			$var(dpok) = 1;
		} else if ($var(dppl) <= $var(dpnl)) {
			if ($(var(dpn){s.substr,0,$var(dppl)}) == $var(dpp)) {
				$var(dpok) = 1;
			}
		}
		if ($var(dpok) == 1 && $var(dpmin) > 0 && $var(dpnl) < $var(dpmin)) {
			$var(dpok) = 0;
		}
		if ($var(dpok) == 1 && $var(dpmax) > 0 && $var(dpnl) > $var(dpmax)) {
			$var(dpok) = 0;
		}
		if ($var(dpok) == 1) {
			route(DIAL_ACTION);
			return;
		}
	}
}

# The action $var(dpa) of the rule that matched ($var(dppl): its prefix length, $var(dpnl): the number's).
route[DIAL_ACTION] {
	$var(dpk) = $(var(dpa){s.substr,0,1});
	$var(dparg) = "";
	if ($(var(dpa){s.len}) > 1) {
		$var(dparg) = $(var(dpa){s.substr,1,0});
	}
	if ($var(dpk) == "s") {
		$var(dpx) = $(var(dparg){s.int});
		if ($var(dpx) >= $var(dpnl)) {
			$var(dpn) = "";
		} else {
			$var(dpn) = $(var(dpn){s.substr,$var(dpx),0});
		}
	} else if ($var(dpk) == "p") {
		$var(dpn) = $var(dparg) + $var(dpn);
	} else if ($var(dpk) == "r") {
		if ($var(dppl) >= $var(dpnl)) {
			$var(dpn) = $var(dparg);
		} else {
			$var(dpn) = $var(dparg) + $(var(dpn){s.substr,$var(dppl),0});
		}
	}
}

# The mapping gateway's plans (fields 4 and 5 of its tag), before routing.
# A URI without user part reads as $null, which a $var would turn into 0: "" is kept instead.
route[MGW_NUMBERS] {
	$var(dpn) = "";
	if ($fU != $null) {
		$var(dpn) = $fU;
	}
	$avp(sd_caller0) = $var(dpn);
	$var(dp) = $(avp(peer_tag){s.select,4,:});
	route(DIAL_PLAN);
	$avp(sd_caller) = $var(dpn);
	$var(dpn) = "";
	if ($rU != $null) {
		$var(dpn) = $rU;
	}
	$avp(sd_callee) = $var(dpn);
	$var(dp) = $(avp(peer_tag){s.select,5,:});
	if ($var(dp) != "" && $var(dpn) != "") {
		route(DIAL_PLAN);
		if ($var(dpn) != $rU) {
			$rU = $var(dpn);
		}
	}
}

# The routing gateway's plans (attrs dpe, dpr), per branch.
route[RGW_NUMBERS] {
	$var(dp) = $(avp(dr_attrs){param.value,dpe});
	if ($var(dp) != "" && $rU != $null) {
		$var(dpn) = $rU;
		route(DIAL_PLAN);
		if ($var(dpn) != $rU) {
			$rU = $var(dpn);
		}
	}
	$var(dpn) = $avp(sd_caller);
	$var(dp) = $(avp(dr_attrs){param.value,dpr});
	if ($var(dp) != "") {
		route(DIAL_PLAN);
	}
	$avp(sd_caller_out) = $var(dpn);
}
`;
