// SIP over TCP (and the TCP stack TLS runs on) in kamailio.cfg.
//
// Listening: one `listen=` line per configured socket (cfgListen.ts). Kamailio's TCP stack is off
// (`disable_tcp=yes`) unless some listener is TCP or TLS, so a UDP-only switch opens no TCP port.
//
// Routing out: a routing gateway address carries its transport in its drouting attrs (`tr=tcp`,
// `tr=tls`; absent = UDP). drouting rewrites only the R-URI's host and port, so route[GW_TRANSPORT]
// (called by RELAY_GW for every attempt, failover included) points the destination URI at the same
// host and port with `;transport=`; a UDP attempt after a TCP one clears it again. The R-URI the
// gateway receives is unchanged. rr's default double Record-Route (a UDP caller leg and a TCP
// gateway leg use different sockets) makes in-dialog requests in both directions use the right one.
//
// TCP connection limits (why these values): connections idle longer than a call's longest
// refresh interval plus margin are closed (tcp_connection_lifetime 3605 s, Kamailio's own default
// is 120 s which drops the connection of a long call between re-INVITEs and makes the gateway's
// BYE open a new one); a gateway that does not accept within 5 s fails the attempt fast enough to
// switch to the next gateway; 4096 concurrent connections bound the memory a flood can take.
import { checkInt } from './validate';
import { needsTcpStack, transportOf, type ListenAddress } from './cfgListen';
import { checkPath } from './validate';

export type GatewayTransport = 'udp' | 'tcp' | 'tls';

/** `;tr=tcp` / `;tr=tls` for the drouting attrs of an address; '' for UDP. */
export function transportAttr(field: string, t: GatewayTransport | undefined): string {
  if (t === undefined || t === 'udp') return '';
  if (t !== 'tcp' && t !== 'tls') throw new Error(`${field}: must be udp, tcp or tls`);
  return `;tr=${t}`;
}

export interface TcpSettings {
  connectionLifetimeSec: number;
  connectTimeoutSec: number;
  maxConnections: number;
}

export const DEFAULT_TCP: TcpSettings = { connectionLifetimeSec: 3605, connectTimeoutSec: 5, maxConnections: 4096 };

export function needsTls(listen: readonly ListenAddress[]): boolean {
  return listen.some((l) => transportOf(l) === 'tls');
}

/** Global parameters of the TCP stack: off without a TCP/TLS listener; TLS on with a TLS listener. */
export function renderTcpGlobals(listen: readonly ListenAddress[], tcp: TcpSettings = DEFAULT_TCP): string {
  if (!needsTcpStack(listen)) return 'disable_tcp=yes';
  return [
    ...(needsTls(listen) ? ['enable_tls=yes'] : []),
    'disable_tcp=no',
    `tcp_connection_lifetime=${checkInt('tcp.connectionLifetimeSec', tcp.connectionLifetimeSec, 60, 86_400)}`,
    `tcp_connect_timeout=${checkInt('tcp.connectTimeoutSec', tcp.connectTimeoutSec, 1, 60)}`,
    `tcp_max_connections=${checkInt('tcp.maxConnections', tcp.maxConnections, 16, 1_000_000)}`,
    // A stream message without Content-Length cannot be framed: refuse it.
    'tcp_accept_no_cl=no',
  ].join('\n');
}

/**
 * tls.so, only with a TLS listener. Its domains live in a file (tlsConfigText) rather than in
 * modparams because Kamailio's tls.reload re-reads only that file: an installed certificate is
 * taken by the running listener without a restart.
 */
export function renderTlsModule(listen: readonly ListenAddress[], configFile: string): string {
  if (!needsTls(listen)) return '';
  // The tls module closes a TLS connection idle for its own connection_timeout (600 s by default),
  // not tcp_connection_lifetime: the same lifetime as TCP, for the same reason (long calls).
  return `loadmodule "tls.so"\nmodparam("tls", "config", "${checkPath('tls.configFile', configFile)}")\nmodparam("tls", "connection_timeout", ${DEFAULT_TCP.connectionLifetimeSec})\n`;
}

/**
 * The tls module's domains. Server: the certificate the operator installed (tls.install), no client
 * certificate asked for (callers authenticate by IP or digest as over UDP). Client (towards TLS
 * gateways): the gateway's certificate is NOT verified: there is no store of carriers' CAs yet,
 * so TLS to a gateway encrypts but does not authenticate it.
 */
export function tlsConfigText(certFile: string, keyFile: string): string {
  const cert = checkPath('tls.certificate', certFile);
  const key = checkPath('tls.privateKey', keyFile);
  return `# Rendered by switch-agent (cfgTransports.ts). Do not edit.
[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
certificate = ${cert}
private_key = ${key}

[client:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
`;
}

export const CFG_TRANSPORT_ROUTES = String.raw`
# The transport of the gateway address drouting put into the R-URI (cfgTransports.ts).
route[GW_TRANSPORT] {
	$var(tr) = $(avp(dr_attrs){param.value,tr});
	if ($var(tr) != "") {
		$du = "sip:" + $rd + ":" + $rp + ";transport=" + $var(tr);
	} else if ($du != $null) {
		$du = $null;
	}
}
`;
