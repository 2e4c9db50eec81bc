// Per-gateway call limits in kamailio.cfg: a mapping gateway's calls per second and concurrent
// calls (excess INVITEs answered 503, recorded and counted), a routing gateway's concurrent calls
// and calls per second (a full gateway is skipped, the next one tried; none left → 503).
// Constant text: the limits travel with the gateway's rows (mapping: fields 6 and 7, counted from 0, of the
// permissions/subscriber tag; routing: `cc` and `cps` in the drouting attrs, see gatewayAttrs.ts),
// so an apply changes them with the table reload, and the counters, which live in shared memory
// (dialog profiles and an htable), are untouched by it.
//
// Concurrency: a dialog profile per gateway name (sd_mgw, sd_rgw). The profile entry goes with
// the dialog, so a call that ends by any path (BYE, timeout, failure, CANCEL) frees its slot
// without the script having to see it. Check and take are one step under a cfgutils lock, so two
// workers cannot both take the last slot.
// Calls per second: an htable counter per gateway and Unix second ("m:<name>:<second>"),
// incremented atomically ($shtinc under the slot's lock) and given back when the attempt is
// refused, so exactly `limit` calls are admitted in each calendar second. Chosen over pipelimit:
// its pipes are separate configuration (created by RPC, not by the gateway's row) and its
// algorithms decide on the previous timer tick's load, so they admit approximately.
// A routing gateway's further addresses are the same gateway: tried without counting again.
// A routing gateway with Allow Publish that published "closed" counts as full too (cfgPublish.ts).
// A skipped gateway is not a try: it does not count towards SS_GATEWAY_SWITCH_LIMIT.
export const GATEWAY_LIMITS_MODULES = `loadmodule "cfgutils.so"
`;

export const GATEWAY_LIMITS_MODPARAMS = `# Gateway limits (cfgGatewayLimits.ts): concurrent calls per gateway name, calls per second.
modparam("dialog", "profiles_with_value", "sd_mgw ; sd_rgw")
modparam("htable", "htable", "sd_cps=>size=10;initval=0;autoexpire=5;")
# Cumulative refusals per gateway (mapping: calls refused; routing: times skipped as full).
modparam("htable", "htable", "sd_mgw_limited=>size=8;initval=0;")
modparam("htable", "htable", "sd_rgw_limited=>size=8;initval=0;")
modparam("statistics", "variable", "sd_gw_limit_503")
modparam("statistics", "variable", "sd_rgw_skipped")
`;

export const GATEWAY_LIMITS_ROUTES = String.raw`
# After dlg_manage: admits the call within its mapping gateway's limits, or answers 503.
route[MGW_LIMITS] {
	$var(lname) = $(avp(peer_tag){s.select,1,:});
	$var(lcps) = $(avp(peer_tag){s.select,6,:});
	$var(lcc) = $(avp(peer_tag){s.select,7,:});
	$var(lkey) = "";
	if ($var(lcps) != "") {
		$var(lkey) = "m:" + $var(lname) + ":" + $Ts;
		$var(n) = $shtinc(sd_cps=>$var(lkey));
		if ($var(n) > $(var(lcps){s.int})) {
			$var(n) = $shtdec(sd_cps=>$var(lkey));
			$var(sd_reason) = "mapping gateway calls per second limit reached";
			route(MGW_LIMIT_REFUSE);
		}
	}
	if ($var(lcc) != "") {
		lock("sd_mgw");
		get_profile_size("sd_mgw", "$var(lname)", "$var(n)");
		if ($var(n) >= $(var(lcc){s.int})) {
			unlock("sd_mgw");
			if ($var(lkey) != "") {
				$var(n) = $shtdec(sd_cps=>$var(lkey));
			}
			$var(sd_reason) = "mapping gateway concurrent calls limit reached";
			route(MGW_LIMIT_REFUSE);
		}
		set_dlg_profile("sd_mgw", "$var(lname)");
		unlock("sd_mgw");
	}
}

route[MGW_LIMIT_REFUSE] {
	update_stat("sd_gw_limit_503", "+1");
	$var(n) = $shtinc(sd_mgw_limited=>$var(lname));
	$dlg_var(code) = "503";
	$var(sd_code) = 503;
	route(SD_REFUSED);
	sl_send_reply("503", "Service Unavailable");
	exit;
}

# Before a relay: skips routing gateways at their limits (use_next_gw), takes a slot of the one
# chosen. With none left the caller gets 503.
route[RGW_LIMITS] {
	while (1) {
		$var(lname) = $(avp(dr_attrs){s.select,0,;});
		# The gateway whose slot this call holds: its next address needs no new one.
		if ($avp(rgw_slot) != $null && $avp(rgw_slot) == $var(lname)) {
			return;
		}
		if ($avp(rgw_slot) != $null) {
			unset_dlg_profile("sd_rgw", "$avp(rgw_slot)");
			$avp(rgw_slot) = $null;
		}
		$var(lcps) = $(avp(dr_attrs){param.value,cps});
		$var(lcc) = $(avp(dr_attrs){param.value,cc});
		$var(full) = 0;
		$var(lkey) = "";
		# A gateway that published it is full (cfgPublish.ts) is skipped like one at its limit.
		route(RGW_PUBLISHED);
		if ($var(full) == 0 && $var(lcps) != "") {
			$var(lkey) = "r:" + $var(lname) + ":" + $Ts;
			$var(n) = $shtinc(sd_cps=>$var(lkey));
			if ($var(n) > $(var(lcps){s.int})) {
				$var(n) = $shtdec(sd_cps=>$var(lkey));
				$var(full) = 1;
			}
		}
		if ($var(full) == 0 && $var(lcc) != "") {
			lock("sd_rgw");
			get_profile_size("sd_rgw", "$var(lname)", "$var(n)");
			if ($var(n) >= $(var(lcc){s.int})) {
				$var(full) = 1;
				if ($var(lkey) != "") {
					$var(n) = $shtdec(sd_cps=>$var(lkey));
				}
			} else {
				set_dlg_profile("sd_rgw", "$var(lname)");
				$avp(rgw_slot) = $var(lname);
			}
			unlock("sd_rgw");
		}
		if ($var(full) == 0) {
			return;
		}
		update_stat("sd_rgw_skipped", "+1");
		$var(n) = $shtinc(sd_rgw_limited=>$var(lname));
		# Further addresses of the full gateway are skipped with it.
		$var(skip) = $var(lname);
		while ($var(skip) == $var(lname)) {
			if (!use_next_gw()) {
				route(RGW_ALL_FULL);
			}
			$var(lname) = $(avp(dr_attrs){s.select,0,;});
		}
	}
}

route[RGW_ALL_FULL] {
	update_stat("sd_gw_limit_503", "+1");
	$dlg_var(code) = "503";
	if (t_is_failure_route()) {
		rtpengine_delete();
		t_reply("503", "Service Unavailable");
		exit;
	}
	$var(sd_code) = 503;
	$var(sd_reason) = "every routing gateway for the number is at its limit (concurrent calls, calls per second or its published status)";
	route(SD_REFUSED);
	sl_send_reply("503", "Service Unavailable");
	exit;
}
`;
