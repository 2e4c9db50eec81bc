// Devices behind NAT: the part of kamailio.cfg that tells them apart, gives their registrations the
// shorter lifetime, keeps their NAT mappings open with the operator's keep-alive text, and makes
// rtpengine reach them at the address their packets come from. cfgRoutes calls route(NAT_DETECT)
// for every request, cfgAuth's registrar calls route(NAT_REG_EXPIRES) before save() and
// route(NAT_REG_SAVED) after it, and route(NAT_CALLER) runs for new calls.
//
// Detection: nathelper's nat_uac_test(19) = a private (RFC 1918/6598) address in the Contact (1),
// a Via address other than the source address (2), or a Via port other than the source port (16);
// the Contact test for INVITE and REGISTER only (route[NAT_DETECT] says why).
// A NATed request gets rport forced, so replies reach the NAT's public side. Over TCP/TLS the port
// test means nothing (clients connect from ephemeral ports): 1 and 2 only, and no text keep-alive
// (cfgStreamRegistrations.ts says what replaces it).
//
// Registration lifetime (SS_ENDPOINT_EXPIRE / SS_ENDPOINT_NAT_EXPIRE): the switch grants the limit,
// or less when the device asked for less (RFC 3261 10.3: a registrar may shorten, never lengthen);
// an unregister (expires 0, Contact: *) is left alone. The REGISTER is rewritten before save() (see
// route[NAT_REG_EXPIRES]). Both limits are cfg variables (cfg.seti, no restart).
//
// Keep-alive (SS_SIP_NAT_KEEP_ALIVE_*): nathelper's own pinger sends 4 zero bytes or a SIP request
// and cannot carry an operator's text, so this file does it itself. Every NAT registration puts its
// contact into htable sd_nat_ka with its source address and local socket (item expiry = granted
// lifetime; an unregister removes it). An rtimer process wakes every KEEPALIVE_TICK_MS and, per
// keep-alive cycle (PERIOD s), sends the text as a raw UDP payload with corex sendx() from the SIP
// socket the device registered on (so it travels the device's NAT mapping), SEND_ONE_TIME devices
// per round, one round every SEND_INTERVAL ms from the cycle's start. Devices not reached when the
// next cycle starts miss that cycle (the next one starts from the beginning again), as the articles
// describe. Keys are "<aor>~<contact>": a contact re-registered from another NAT port replaces its
// entry, and registrations.remove deletes the entries of what it removes. Approximations: rounds are checked every tick, so a SEND_INTERVAL under the tick sends
// its due rounds back to back at the tick (the average rate is kept); a device that registers while
// a cycle walks the table may be reached in that cycle or only in the next one (htable order); an
// item whose registration ended is skipped by its end second, before htable's timer purges it.
// Empty text = no keep-alive. The text is printable ASCII (catalog) and travels hex-encoded in a
// string cfg variable (cfg.sets, no restart), so no quote or backslash of it ever reaches the cfg.
//
// Media (SS_MEDIA_PROXY_BEHIND_NAT): every call is anchored at rtpengine anyway
// (cfgMediaAnchoring.ts). With On, the offer of a NATed caller carries SIP-source-address, so
// rtpengine sends the caller's media to the address its SIP came from (not the private SDP
// address) and learns the exact port from the caller's first RTP (symmetric, rtpengine's default);
// its Contact is rewritten to the source address (fix_nated_contact) so in-dialog requests reach it.
import { checkBool, checkInt } from './validate';

/** Absent fields take the catalog defaults, so rigs that predate them render the defaults. */
export interface NatParams {
  /** SS_ENDPOINT_EXPIRE: longest registration granted to a device not behind NAT (60–86400 s). */
  endpointExpireSec?: number;
  /** SS_ENDPOINT_NAT_EXPIRE: longest registration granted to a device behind NAT (60–86400 s). */
  endpointNatExpireSec?: number;
  /** SS_SIP_NAT_KEEP_ALIVE_MESSAGE: the raw UDP payload; empty = no keep-alive. */
  keepAliveMessage?: string;
  /** SS_SIP_NAT_KEEP_ALIVE_PERIOD: one keep-alive cycle (10–86400 s). */
  keepAlivePeriodSec?: number;
  /** SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL: pause between two rounds of a cycle (1–10000 ms). */
  keepAliveIntervalMs?: number;
  /** SS_SIP_NAT_KEEP_ALIVE_SEND_ONE_TIME: devices sent to per round (1–100000). */
  keepAliveBatch?: number;
  /** SS_MEDIA_PROXY_BEHIND_NAT: rtpengine addresses NATed callers at their signalling source. */
  mediaBehindNat?: boolean;
}

export const NAT_DEFAULTS: Required<NatParams> = {
  endpointExpireSec: 3600,
  endpointNatExpireSec: 300,
  keepAliveMessage: 'HELLO',
  keepAlivePeriodSec: 30,
  keepAliveIntervalMs: 500,
  keepAliveBatch: 3000,
  mediaBehindNat: true,
};

export const NAT_CFG_VARS = {
  endpointExpireSec: 'ep_expire',
  endpointNatExpireSec: 'ep_nat_expire',
  keepAliveMessage: 'nat_ka_hex',
  keepAlivePeriodSec: 'nat_ka_period',
  keepAliveIntervalMs: 'nat_ka_interval',
  keepAliveBatch: 'nat_ka_batch',
  mediaBehindNat: 'media_nat',
} as const satisfies Record<keyof NatParams, string>;

export const NAT_CFG_DESCRIPTIONS: Record<keyof NatParams, string> = {
  endpointExpireSec: 'SS_ENDPOINT_EXPIRE longest registration granted not behind NAT s',
  endpointNatExpireSec: 'SS_ENDPOINT_NAT_EXPIRE longest registration granted behind NAT s',
  keepAliveMessage: 'SS_SIP_NAT_KEEP_ALIVE_MESSAGE hex of the UDP payload empty none',
  keepAlivePeriodSec: 'SS_SIP_NAT_KEEP_ALIVE_PERIOD keep-alive cycle s',
  keepAliveIntervalMs: 'SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL pause between rounds ms',
  keepAliveBatch: 'SS_SIP_NAT_KEEP_ALIVE_SEND_ONE_TIME devices per round',
  mediaBehindNat: 'SS_MEDIA_PROXY_BEHIND_NAT 1 media of NAT callers to their source address',
};

const MESSAGE_RE = /^[\x20-\x7E]{0,64}$/;

/** Validates the NAT parameters and returns their cfg values (the message hex-encoded). */
export function natCfgVarValues(p: NatParams): Record<keyof NatParams, number | string> {
  const v = { ...NAT_DEFAULTS, ...definedOnly(p) };
  if (typeof v.keepAliveMessage !== 'string' || !MESSAGE_RE.test(v.keepAliveMessage)) {
    throw new Error('params.keepAliveMessage: must be at most 64 printable ASCII characters');
  }
  return {
    endpointExpireSec: checkInt('params.endpointExpireSec', v.endpointExpireSec, 60, 86400),
    endpointNatExpireSec: checkInt('params.endpointNatExpireSec', v.endpointNatExpireSec, 60, 86400),
    keepAliveMessage: Buffer.from(v.keepAliveMessage, 'ascii').toString('hex'),
    keepAlivePeriodSec: checkInt('params.keepAlivePeriodSec', v.keepAlivePeriodSec, 10, 86400),
    keepAliveIntervalMs: checkInt('params.keepAliveIntervalMs', v.keepAliveIntervalMs, 1, 10000),
    keepAliveBatch: checkInt('params.keepAliveBatch', v.keepAliveBatch, 1, 100000),
    mediaBehindNat: checkBool('params.mediaBehindNat', v.mediaBehindNat) ? 1 : 0,
  };
}

function definedOnly(p: NatParams): NatParams {
  return Object.fromEntries(Object.entries(p).filter(([, x]) => x !== undefined)) as NatParams;
}

/** Kamailio's guard against endless while loops (default 100); a keep-alive round walks every NAT registration. */
export const MAX_WHILE_LOOPS = 10_000_000;
/** How often the keep-alive process looks whether a round is due. */
export const KEEPALIVE_TICK_MS = 10;
/** htable of NAT registrations the keep-alive walks: key "<aor>~<contact>", value "<end s>;<local socket>;<source ip:port>". */
export const NAT_KEEPALIVE_TABLE = 'sd_nat_ka';

export const NAT_MODULES = `
# NAT detection and contact fixing only: nathelper's pinger (natping_interval) stays off, the
# keep-alive below sends the operator's text instead (cfgNat.ts).
loadmodule "nathelper.so"
modparam("nathelper", "natping_interval", 0)
loadmodule "textopsx.so"
modparam("htable", "htable", "${NAT_KEEPALIVE_TABLE}=>size=14;autoexpire=86400;")
modparam("statistics", "variable", "sd_nat_ka_sent")
modparam("statistics", "variable", "sd_nat_ka_cycles")
modparam("statistics", "variable", "sd_nat_ka_missed")
modparam("pv", "shvset", "ka_cs=i:0")
modparam("pv", "shvset", "ka_cu=i:0")
modparam("pv", "shvset", "ka_pos=i:-1")
modparam("pv", "shvset", "ka_round=i:0")
modparam("rtimer", "timer", "name=sd_nat_ka;interval=${KEEPALIVE_TICK_MS * 1000}u;mode=1;")
modparam("rtimer", "exec", "timer=sd_nat_ka;route=NAT_KEEPALIVE")
`;

export const CFG_NAT_ROUTES = String.raw`
####### Devices behind NAT (cfgNat.ts) #######

# Sets $var(sd_nat) for every request; a NATed one is answered at its source port. Over TCP/TLS
# the source port is the client's ephemeral one: only the addresses tell (cfgStreamRegistrations.ts).
# SD_STREAMS (renderCfg) is defined when the switch listens on TCP or TLS: with UDP only, every
# request came over UDP and the transport tests are left out of the per-request work.
# The Contact test (1) only for INVITE and REGISTER, the requests whose Contact the switch uses
# (NAT_CALLER, the registration's lifetime and keep-alive). Every other request (ACK, BYE, CANCEL,
# OPTIONS …) needs only the answer at its source port, which the Via tests (2, 16) decide; the
# Contact test would parse a Contact no one reads, or search a message without one to its end:
# about 2,000 instructions for each ACK and BYE (callgrind, issue 12). The rport outcome is the same:
# with both Via tests false, the Via already names the source address and port.
route[NAT_DETECT] {
	$var(sd_nat) = 0;
#!ifdef SD_STREAMS
	if ($pr == "udp") {
		if (is_method("INVITE|REGISTER")) {
			if (nat_uac_test("19")) {
				$var(sd_nat) = 1;
				force_rport();
			}
		} else if (nat_uac_test("18")) {
			$var(sd_nat) = 1;
			force_rport();
		}
	} else if (is_method("INVITE|REGISTER")) {
		if (nat_uac_test("3")) {
			$var(sd_nat) = 1;
		}
	} else if (nat_uac_test("2")) {
		$var(sd_nat) = 1;
	}
#!else
	if (is_method("INVITE|REGISTER")) {
		if (nat_uac_test("19")) {
			$var(sd_nat) = 1;
			force_rport();
		}
	} else if (nat_uac_test("18")) {
		$var(sd_nat) = 1;
		force_rport();
	}
#!endif
}

# Before save(): the lifetime the switch grants. registrar 5.6 ignores xavp_cfg "expires" (tried:
# it kept the asked value), so the request itself is rewritten: one Expires header with the
# limit, no expires parameter on any Contact, applied with msg_apply_changes() for save() to read.
route[NAT_REG_EXPIRES] {
	$var(limit) = $sel(cfg_get.switchdeck.ep_expire);
	if ($var(sd_nat) == 1) {
		$var(limit) = $sel(cfg_get.switchdeck.ep_nat_expire);
	}
	# -1: no Contact (a query of the bindings), 0: an unregister.
	$var(sd_reg_expires) = -1;
	if ($ct == $null) {
		return;
	}
	$var(sd_reg_expires) = 0;
	if ($ct == "*") {
		return;
	}
	# -1: the device names no lifetime (the registrar's default would apply).
	$var(asked) = -1;
	if ($(ct{tobody.params}{param.value,expires}) != "") {
		$var(asked) = $(ct{tobody.params}{param.value,expires}{s.int});
	} else if (is_present_hf("Expires")) {
		$var(asked) = $(hdr(Expires){s.int});
	}
	if ($var(asked) == 0) {
		return;
	}
	$var(sd_reg_expires) = $var(asked);
	if ($var(asked) < 0 || $var(asked) > $var(limit)) {
		$var(sd_reg_expires) = $var(limit);
		remove_hf("Expires");
		append_hf("Expires: $var(limit)\r\n");
		subst_hf("Contact", "/;[ ]*expires=[0-9]*//i", "a");
		msg_apply_changes();
	}
}

# After a successful save(): the contact joins (or leaves) the keep-alive list. Keyed by AOR and
# contact like the registrar, so a device that re-registers from a new NAT port replaces its entry.
route[NAT_REG_SAVED] {
	if ($var(sd_reg_expires) < 0) {
		return;
	}
	if ($ct == "*") {
		sht_rm_name("${NAT_KEEPALIVE_TABLE}", "sw", "$tU~");
		return;
	}
	$var(ka_key) = $tU + "~" + $(ct{tobody.uri});
	if ($var(sd_reg_expires) > 0 && $pr != "udp") {
		route(STREAM_REG_SAVED);
	}
	if ($var(sd_reg_expires) == 0 || $var(sd_nat) != 1 || $pr != "udp") {
		sht_rm("${NAT_KEEPALIVE_TABLE}", "$var(ka_key)");
		return;
	}
	$var(ka_end) = $Ts + $var(sd_reg_expires);
	$sht(${NAT_KEEPALIVE_TABLE}=>$var(ka_key)) = "" + $var(ka_end) + ";udp:" + $Ri + ":" + $Rp + ";" + $si + ":" + $sp;
	$shtex(${NAT_KEEPALIVE_TABLE}=>$var(ka_key)) = $var(sd_reg_expires);
}

# A new call: a NATed caller is reached at its source (Contact) and, with
# SS_MEDIA_PROXY_BEHIND_NAT On, its media too (FLT_NAT_MEDIA: MEDIA_OFFER adds SIP-source-address
# to the offer's flags; a flag, kept with the transaction for the next gateway's offer, costs no
# memory as an AVP would). request_route calls it for a NATed caller only, and over TCP/TLS, where
# a caller is reached back over its own connection (its source port), NAT or not.
route[NAT_CALLER] {
	fix_nated_contact();
	if ($var(sd_nat) == 1 && $sel(cfg_get.switchdeck.media_nat) == 1) {
		setflag(FLT_NAT_MEDIA);
	}
}

# Keep-alive process (rtimer, every tick). State in $shv (this process only writes it):
# ka_cs/ka_cu = the cycle's start (s, us; 0 = none), ka_pos = next item to send to (-1 = cycle
# done), ka_round = rounds sent in this cycle.
route[NAT_KEEPALIVE] {
	$var(hex) = $sel(cfg_get.switchdeck.nat_ka_hex);
	if ($var(hex) == "" || $var(hex) == $null) {
		$shv(ka_cs) = 0;
		return;
	}
	# One reading of the clock (not cached per message, unlike $TV(s)).
	$var(tv) = $TV(Sn);
	$var(s) = $(var(tv){s.select,0,.}{s.int});
	$var(u) = $(var(tv){s.select,1,.}{s.int});
	$var(elapsed) = ($var(s) - $shv(ka_cs)) * 1000 + ($var(u) - $shv(ka_cu)) / 1000;
	$var(period) = $sel(cfg_get.switchdeck.nat_ka_period) * 1000;
	# Most ticks (100 a second) fall between cycles: this cycle's rounds all sent, the next not due.
	if ($shv(ka_pos) < 0 && $shv(ka_cs) != 0 && $var(elapsed) < $var(period)) {
		return;
	}
	if ($shv(ka_cs) == 0 || $var(elapsed) >= $var(period)) {
		if ($shv(ka_cs) != 0 && $shv(ka_pos) >= 0) {
			update_stat("sd_nat_ka_missed", "+1");
		}
		$shv(ka_cs) = $var(s);
		$shv(ka_cu) = $var(u);
		$shv(ka_pos) = 0;
		$shv(ka_round) = 0;
		$var(elapsed) = 0;
		update_stat("sd_nat_ka_cycles", "+1");
	}
	$var(msg) = $(var(hex){s.decode.hexa});
	$var(batch) = $sel(cfg_get.switchdeck.nat_ka_batch);
	$var(interval) = $sel(cfg_get.switchdeck.nat_ka_interval);
	while ($shv(ka_pos) >= 0 && $var(elapsed) >= $shv(ka_round) * $var(interval)) {
		route(NAT_KEEPALIVE_ROUND);
		$shv(ka_round) = $shv(ka_round) + 1;
	}
}

# One round: up to nat_ka_batch live items from position ka_pos on.
route[NAT_KEEPALIVE_ROUND] {
	$var(i) = 0;
	$var(n) = 0;
	$var(more) = 0;
	sht_iterator_start("ka", "${NAT_KEEPALIVE_TABLE}");
	while (sht_iterator_next("ka")) {
		if ($var(i) >= $shv(ka_pos)) {
			if ($var(n) >= $var(batch)) {
				$var(more) = 1;
				break;
			}
			if ($(shtitval(ka){s.select,0,;}{s.int}) > $var(s)) {
				sendx("sip:$(shtitval(ka){s.select,2,;})", "$(shtitval(ka){s.select,1,;})", "$var(msg)");
				$var(n) = $var(n) + 1;
				update_stat("sd_nat_ka_sent", "+1");
			}
		}
		$var(i) = $var(i) + 1;
	}
	sht_iterator_end("ka");
	if ($var(more) == 1) {
		$shv(ka_pos) = $var(i);
	} else {
		$shv(ka_pos) = -1;
	}
}
`;
