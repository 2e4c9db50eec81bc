// Routing gateway status by SIP PUBLISH (VOS3000 "Allow Publish" and SS_SIP_PUBLISH_EXPIRE).
//
// What the articles say, and the choice made from it: Allow Publish "can make routing gateway
// control concurrency automatically", SS_SIP_PUBLISH_EXPIRE is the "routing gateway public update
// timeout default duration", and when a refresh "does not arrive before expiry, the published state
// is removed" and the switch "no longer has authoritative concurrency information for that gateway".
// So the gateway is the publisher (RFC 3903 EPA) and the switch holds its state (ESC): a routing
// gateway with Allow Publish tells the switch whether it takes more calls, and the switch stops
// sending it new calls while it says it is full. Nothing in the articles has the switch relay a
// caller's PUBLISH to a carrier, so PUBLISH is never relayed.
//
// On the wire:
//  - PUBLISH (Event: presence, PIDF body, RFC 3863) from the IP address of a routing gateway with
//    Allow Publish: <basic>closed</basic> = at capacity, <basic>open</basic> = takes calls.
//    200 OK with the granted Expires and a SIP-ETag. A refresh (SIP-If-Match, no body) extends
//    it; Expires: 0 removes it; a SIP-If-Match that names no current publication gets 412.
//  - Granted lifetime: the Expires asked for, capped at SS_SIP_PUBLISH_EXPIRE; no Expires = the
//    parameter (its "default duration"). Once it runs out unrefreshed, the status is forgotten and
//    the gateway takes calls again (a stale "full" must not cut a carrier off for good).
//  - While a "closed" publication is in force the gateway counts as full: routing skips it like a
//    gateway at its concurrent-call limit (cfgGatewayLimits.ts RGW_LIMITS: the next gateway is
//    tried; all full → 503). Gateways without Allow Publish never read a status, even at the same IP.
//  - PUBLISH from anywhere else goes the way of any request: a mapping gateway gets 405, an unknown
//    source (a routing gateway without Allow Publish included) 403 or silence (SS_REPLY_UNAUTHORIZED).
//
// The status is kept per source IP (htables, shared memory), not per gateway name: drouting's
// is_from_gw tells "this IP is an Allow Publish gateway" but not which one. So the publisher is
// recognised by IP at any source port, through one extra dr_gateways row of type PUBLISH_GW_TYPE
// and no port per address (never in a rule's gateway list, so never routed to); and routing compares
// the IP literal of the address about to be tried. Addresses given as host names cannot publish.
import { checkIPv4 } from './validate';

/** dr_gateways type of the rows that let an IP publish (0 = the routed rows). */
export const PUBLISH_GW_TYPE = 1;
/** attrs of those rows ('!' keeps it apart from gateway names, see routingPlan NO_ROUTE_ATTRS). */
export const PUBLISH_ATTRS = '!publish';

export interface PublishParams {
  /** SS_SIP_PUBLISH_EXPIRE: longest lifetime granted to a publication, and the lifetime when none is asked (30–7200 s). */
  publishExpireSec?: number;
}

export const PUBLISH_CFG_VARS = { publishExpireSec: 'publish_expire' } as const satisfies Record<keyof PublishParams, string>;

export const PUBLISH_CFG_DESCRIPTIONS: Record<keyof PublishParams, string> = {
  publishExpireSec: 'SS_SIP_PUBLISH_EXPIRE longest and default lifetime of a routing gateway PUBLISH status',
};

export function publishCfgVarValues(p: PublishParams): Record<keyof PublishParams, number> {
  const v = p.publishExpireSec ?? 300;
  if (!Number.isInteger(v) || v < 30 || v > 7200) throw new Error(`params.publishExpireSec: must be a whole number from 30 to 7200, got ${String(v)}`);
  return { publishExpireSec: v };
}

/** `;pub=1` in a routing gateway's attrs: it reads the published status of its address. */
export function publishAttrs(allowPublish: boolean | undefined): string {
  return allowPublish === true ? ';pub=1' : '';
}

/**
 * One port-less dr_gateways row per distinct IP literal of the gateways with Allow Publish, from
 * gwid `firstGwid` on. `description`: the gateways at that IP, comma separated.
 */
export function publishSourceRows(
  gateways: readonly { name: string; publish?: boolean; addresses: readonly { host: string }[] }[],
  firstGwid: number,
): { gwid: number; type: number; address: string; attrs: string; description: string }[] {
  const byIp = new Map<string, string[]>();
  for (const g of gateways) {
    if (g.publish !== true) continue;
    for (const a of g.addresses) {
      let ip: string;
      try {
        ip = checkIPv4('address', a.host);
      } catch {
        continue; // a host name: cannot be matched to a source address (see the header)
      }
      const names = byIp.get(ip) ?? [];
      if (!names.includes(g.name)) names.push(g.name);
      byIp.set(ip, names);
    }
  }
  return [...byIp].map(([ip, names], i) => ({
    gwid: firstGwid + i, type: PUBLISH_GW_TYPE, address: ip, attrs: PUBLISH_ATTRS, description: names.join(',').slice(0, 128),
  }));
}

export const PUBLISH_MODPARAMS = `# Routing gateway PUBLISH status per source IP (cfgPublish.ts); entries outlive the longest grant.
modparam("htable", "htable", "sd_pub_state=>size=6;autoexpire=7300;")
modparam("htable", "htable", "sd_pub_until=>size=6;autoexpire=7300;")
modparam("htable", "htable", "sd_pub_etag=>size=6;autoexpire=7300;")
`;

export const CFG_PUBLISH_ROUTES = String.raw`
# A PUBLISH from an Allow Publish routing gateway's IP: keeps its status and answers; anything else returns.
route[GW_PUBLISH] {
	if (!is_from_gw("${PUBLISH_GW_TYPE}")) {
		return;
	}
	if (!($hdr(Event) =~ "^[[:space:]]*presence([[:space:];]|$)")) {
		append_to_reply("Allow-Events: presence\r\n");
		sl_send_reply("489", "Bad Event");
		exit;
	}
	$var(pmax) = 0 + $sel(cfg_get.switchdeck.publish_expire);
	$var(pexp) = $var(pmax);
	if (is_present_hf("Expires")) {
		if (!($hdr(Expires) =~ "^[[:space:]]*[0-9]{1,9}[[:space:]]*$")) {
			sl_send_reply("400", "Bad Expires");
			exit;
		}
		$var(pexp) = $(hdr(Expires){s.trim}{s.int});
		if ($var(pexp) > $var(pmax)) {
			$var(pexp) = $var(pmax);
		}
	}
	$var(pkey) = $si;
	if (is_present_hf("SIP-If-Match")) {
		if ($sht(sd_pub_etag=>$var(pkey)) == $null || $sht(sd_pub_until=>$var(pkey)) <= $Ts
				|| $sht(sd_pub_etag=>$var(pkey)) != $(hdr(SIP-If-Match){s.trim})) {
			sl_send_reply("412", "Conditional Request Failed");
			exit;
		}
	} else if ($var(pexp) > 0 && !has_body("application/pidf+xml")) {
		sl_send_reply("400", "Missing Status");
		exit;
	}
	if ($var(pexp) == 0) {
		sht_rm("sd_pub_state", "$var(pkey)");
		sht_rm("sd_pub_until", "$var(pkey)");
		sht_rm("sd_pub_etag", "$var(pkey)");
		xlog("L_INFO", "gateway status from $si removed by PUBLISH\n");
		append_to_reply("Expires: 0\r\n");
		sl_send_reply("200", "OK");
		exit;
	}
	if (has_body("application/pidf+xml")) {
		if ($rb =~ "<([a-z0-9_-]+:)?basic>[[:space:]]*closed[[:space:]]*</") {
			$sht(sd_pub_state=>$var(pkey)) = "closed";
		} else if ($rb =~ "<([a-z0-9_-]+:)?basic>[[:space:]]*open[[:space:]]*</") {
			$sht(sd_pub_state=>$var(pkey)) = "open";
		} else {
			sl_send_reply("400", "No Basic Status");
			exit;
		}
	}
	$sht(sd_pub_until=>$var(pkey)) = $Ts + $var(pexp);
	$var(pseed) = $si + $ci + $cs + $TV(Sn);
	$var(petag) = $(var(pseed){s.md5}{s.substr,0,16});
	$sht(sd_pub_etag=>$var(pkey)) = $var(petag);
	xlog("L_INFO", "gateway status from $si: $sht(sd_pub_state=>$var(pkey)) for $var(pexp) s\n");
	append_to_reply("Expires: $var(pexp)\r\nSIP-ETag: $var(petag)\r\n");
	sl_send_reply("200", "OK");
	exit;
}

# From RGW_LIMITS: $var(full) = 1 when the gateway about to be tried reads published status and
# its address's IP published "closed" that has not run out.
route[RGW_PUBLISHED] {
	if ($(avp(dr_attrs){param.value,pub}) != "1") {
		return;
	}
	if ($sht(sd_pub_state=>$rd) == "closed" && $sht(sd_pub_until=>$rd) > $Ts) {
		xlog("L_INFO", "gateway $(avp(dr_attrs){s.select,0,;}) at $rd published that it is full: skipped\n");
		$var(full) = 1;
	}
}
`;
