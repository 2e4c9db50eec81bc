// Devices that register over TCP or TLS (connection-oriented transports): what the NAT handling of
// cfgNat.ts means for them. cfgNat's route[NAT_REG_SAVED] calls route(STREAM_REG_SAVED) after a
// successful save() of a contact that came over TCP/TLS.
//
// Detection: a TCP/TLS client connects from an ephemeral port, so "Via port != source port" says
// nothing about NAT there; a stream request is NATed only by address (nat_uac_test 1+2: a private
// address in the Contact, or a Via address other than the source). So SS_ENDPOINT_NAT_EXPIRE
// applies to a stream device behind NAT, and a device on a public address gets SS_ENDPOINT_EXPIRE.
//
// The connection is the way back: a device behind NAT cannot accept a new connection, and one that is
// not behind NAT usually does not listen either (RFC 5626), so calls to it must use the connection
// it registered over (the registrar keeps its source with `;transport=`, cfgAuth.ts). Kamailio closes
// a connection idle for tcp_connection_lifetime (cfgTransports.ts, 3605 s), which a registration of
// up to SS_ENDPOINT_EXPIRE (86,400 s) outlives: every REGISTER sets its connection's lifetime to the
// granted lifetime plus STREAM_LIFETIME_MARGIN_SEC, never below the default (tcpops
// tcp_set_connection_lifetime; the per-connection value stays in force for later traffic on it).
//
// Keep-alive: the operator's keep-alive text is a raw UDP payload (SS_SIP_NAT_KEEP_ALIVE_MESSAGE);
// written into a SIP stream it would be a framing error that makes the device drop the connection,
// so it is never sent over TCP/TLS (cfgNat.ts keeps stream contacts out of its list). A NATed stream
// device's mapping is kept open by the kernel's TCP keep-alive on its connection instead (tcpops
// tcp_keepalive_enable: empty ACK probes, invisible to SIP), every SS_SIP_NAT_KEEP_ALIVE_PERIOD
// seconds of silence, the connection closed after STREAM_KEEPALIVE_PROBES unanswered probes (the
// device is gone). An empty keep-alive text turns it off for stream devices too (read at each
// REGISTER, so a change applies from the device's next refresh). The rounds and batches of
// SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL / _SEND_ONE_TIME do not apply: the kernel times each probe.
import { DEFAULT_TCP } from './cfgTransports';

/** Seconds a registered device's connection stays open past its registration's end. */
export const STREAM_LIFETIME_MARGIN_SEC = 30;
/** Unanswered TCP keep-alive probes before the kernel closes a NATed device's connection. */
export const STREAM_KEEPALIVE_PROBES = 3;

export const STREAM_REG_MODULES = `
# Connection lifetime and TCP keep-alive of devices registered over TCP/TLS (cfgStreamRegistrations.ts).
loadmodule "tcpops.so"
`;

export const CFG_STREAM_REG_ROUTES = String.raw`
####### Registrations over TCP/TLS (cfgStreamRegistrations.ts) #######

# After save() of a contact that came over TCP/TLS ($var(sd_reg_expires) > 0). tcpops takes only
# integer variables: the limit read with $sel(cfg_get…) is a string, hence {s.int}.
route[STREAM_REG_SAVED] {
	$var(life) = $(var(sd_reg_expires){s.int}) + ${STREAM_LIFETIME_MARGIN_SEC};
	if ($var(life) < ${DEFAULT_TCP.connectionLifetimeSec}) {
		$var(life) = ${DEFAULT_TCP.connectionLifetimeSec};
	}
	tcp_set_connection_lifetime("$var(life)");
	if ($var(sd_nat) != 1) {
		return;
	}
	$var(hex) = $sel(cfg_get.switchdeck.nat_ka_hex);
	if ($var(hex) == "" || $var(hex) == $null) {
		return;
	}
	$var(ka) = $sel(cfg_get.switchdeck.nat_ka_period);
	$var(ka) = $(var(ka){s.int});
	tcp_keepalive_enable("$var(ka)", "${STREAM_KEEPALIVE_PROBES}", "$var(ka)");
}
`;
