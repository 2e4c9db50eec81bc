// Gateway status: Kamailio probes the routing gateways that ask for it with SIP OPTIONS and routing
// skips the addresses that stopped answering, until they answer again.
//
// Module choice: dispatcher (probing only), not keepalive, and not a Node loop.
//  - dispatcher reads its destinations from a table of the engine SQLite file (`dispatcher`,
//    written with the drouting rows by schema.ts), so a Kamailio restart probes the same gateways
//    with no agent round trip; keepalive 5.6 keeps its destinations in memory only (modparam or
//    keepalive.add over RPC), so every start and every change would need the agent to re-add them.
//  - dispatcher has the hysteresis (ds_probing_threshold / ds_inactive_threshold), the state per
//    destination (`dispatcher.list`: AP active, IP inactive) and the transition events
//    (event_route[dispatcher:dst-down|dst-up]) that the status needs; `ds_is_from_list` +
//    `ds_is_active` answer "probed, and down?" for the address drouting picked.
//  - Routing stays with drouting (prefixes, gateway order, failover: renderCfg.ts); dispatcher only
//    probes, it never selects a destination.
// Both 5.6 modules probe every destination at one module-wide interval: there is no per-gateway
// interval in either, so the interval is an agent setting (engine.gatewayProbeIntervalSec) and the
// gateway setting (`optionsProbe`) switches probing on or off.
//
// A probe that gets no answer fails after the tm timer of the OPTIONS transaction. tm's default
// non-INVITE timer is 30 s and dispatcher 5.6 has no timeout of its own, so the probe's timer is
// set in event_route[tm:local-request] (run for requests Kamailio itself sends), recognised by the
// probe's From user; BYE, CANCEL and other transactions keep tm's defaults.
//
// What counts as an answer: any reply the gateway really sends (2xx–6xx), because a gateway that
// refuses OPTIONS (405, 403, 501 …) is still reachable. Only tm's own 408 (no reply before the
// timer) marks it down; dispatcher cannot tell tm's 408 from a sent one, so a gateway answering
// OPTIONS with 408 reads as down.
//
// After a `dispatcher.reload` every destination starts active again (dispatcher 5.6 rebuilds its list
// from the table): a gateway that is down reads as up until its next probe fails (one interval plus
// the probe timeout). The agent reloads the table only when the set of probed addresses changes.
import { checkInt } from './validate';
import { featureOn } from './cfgFeatures';

/** dispatcher set holding every probed gateway address. */
export const PROBE_SET = 1;
/** From user of the probes, which is how event_route[tm:local-request] knows them. */
export const PROBE_USER = 'switchdeck-probe';
export const DEFAULT_PROBE_INTERVAL_SEC = 30;

export interface GatewayProbeSettings {
  /** Seconds between two probes of every probed address (dispatcher's ds_ping_interval). */
  intervalSec: number;
}

/** How long a probe waits for a reply: at most 5 s, and less than the interval so probes do not pile up. */
export function probeTimeoutMs(intervalSec: number): number {
  return Math.min(5000, Math.max(500, intervalSec * 1000 - 250));
}

/**
 * dispatcher's ds_ping_reply_codes: every reply class a gateway can send, 4xx listed code by code
 * without 408, which is also what tm reports when nothing came back.
 */
export function probeReplyCodes(): string {
  const fourXx = Array.from({ length: 100 }, (_, i) => 400 + i).filter((c) => c !== 408).map((c) => `code=${c}`);
  return ['class=2', 'class=3', 'class=5', 'class=6', ...fourXx].join(';');
}

export function renderGatewayProbeModule(s: GatewayProbeSettings, sip: { address: string; port: number }, dbUrl: string): string {
  const interval = checkInt('gatewayProbe.intervalSec', s.intervalSec, 1, 3600);
  return `
# Gateway probing (cfgGatewayProbe.ts): dispatcher sends OPTIONS, drouting still routes.
loadmodule "dispatcher.so"
modparam("dispatcher", "db_url", "${dbUrl}")
modparam("dispatcher", "ds_ping_interval", ${interval})
# Every destination in the table is probed; one missed probe marks it down, one answer brings it back.
modparam("dispatcher", "ds_probing_mode", 1)
modparam("dispatcher", "ds_probing_threshold", 1)
modparam("dispatcher", "ds_inactive_threshold", 1)
modparam("dispatcher", "ds_ping_reply_codes", "${probeReplyCodes()}")
modparam("dispatcher", "ds_ping_from", "sip:${PROBE_USER}@${sip.address}:${sip.port}")
# The agent coalesces reloads itself; a refused reload would leave the old probe set.
modparam("dispatcher", "reload_delta", 0)
#!define GW_PROBE_TIMEOUT_MS ${probeTimeoutMs(interval)}
`;
}

export const CFG_GATEWAY_PROBE_ROUTES = String.raw`
# The probes' own timer (see cfgGatewayProbe.ts): tm's default would wait 30 s for a dead gateway.
event_route[tm:local-request] {
	if (is_method("OPTIONS") && $fU == "${PROBE_USER}") {
		t_set_fr(0, GW_PROBE_TIMEOUT_MS);
	}
}

# Skips the gateway addresses in the R-URI that are probed and down, moving on in drouting's list.
# $var(gw_up): 1 when the R-URI now holds an address to try, 0 when none is left.
# Nothing to skip while no gateway is probed (cfgFeatures.ts gatewayProbes, in the $var(sd_feat)
# that request_route or failure_route read before calling it).
route[GW_SKIP_DOWN] {
	$var(gw_up) = 1;
	if (!(${featureOn('gatewayProbes')})) {
		return;
	}
	$var(gw_uri) = "sip:" + $rd + ":" + $rp;
	while (ds_is_from_list("${PROBE_SET}", "2", "$var(gw_uri)") && !ds_is_active("${PROBE_SET}", "$var(gw_uri)")) {
		xlog("L_INFO", "gateway $(avp(dr_attrs){s.select,0,;}) at $var(gw_uri) is down (no answer to OPTIONS): skipped\n");
		if (!use_next_gw()) {
			$var(gw_up) = 0;
			return;
		}
		$var(gw_uri) = "sip:" + $rd + ":" + $rp;
	}
}
`;
