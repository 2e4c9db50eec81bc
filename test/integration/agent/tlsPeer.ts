// A second Kamailio (Debian's, with its tls module) as the switch's TLS peer, because Debian's sipp
// has no TLS: it bridges UDP to TLS and back, so sipp can stand at both ends of a call or
// registration whose legs to and from the switch are TLS.
//
//   request from UDP (sipp)          → the switch's TLS listener
//   request from TLS (the switch)    → REGISTER: `registrar`, anything else: `callee` (both UDP)
//   in-dialog requests               → their Route set (the peer record-routes the INVITEs it relays)
//
// One address, two listeners (UDP and TLS), a self-signed certificate, no certificate checks.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { freeTcpPort, freeUdpPort, startGroup, stopGroup, tcpPortListening, udpPortBound, waitFor } from '../engine/procs';

export interface HostPort { host: string; port: number }

export interface TlsPeerOptions {
  /** The peer's own address (both listeners). */
  host: string;
  /** The switch's TLS listener, where requests from UDP go. */
  switchTls: HostPort;
  /** PEM files of the peer's certificate and key. */
  certFile: string;
  keyFile: string;
  /** UDP targets of requests arriving from the switch over TLS. */
  callee: HostPort;
  registrar: HostPort;
}

export interface TlsPeer {
  udp: HostPort;
  tls: HostPort;
  log(): string;
  stop(): Promise<void>;
}

/** A self-signed EC certificate and its key, made by openssl in `dir` as `<name>.crt` / `<name>.key`. */
export function makeCertificate(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`], { stdio: 'ignore' });
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

const MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules/';

function peerCfg(o: TlsPeerOptions, udpPort: number, tlsPort: number, dir: string): string {
  const uri = (h: HostPort, transport?: string) => `sip:${h.host}:${h.port}${transport ? `;transport=${transport}` : ''}`;
  return `#!KAMAILIO
# TLS peer of the switch in tests (test/integration/agent/tlsPeer.ts).
debug=2
log_stderror=yes
children=2
tcp_children=2
rundir="${dir}"
enable_tls=yes
tcp_accept_no_cl=no
# Outgoing TLS connections leave from the peer's own address (else from 127.0.0.1).
tcp_source_ipv4=${o.host}
listen=udp:${o.host}:${udpPort}
listen=tls:${o.host}:${tlsPort}
mpath="${MODULES}"
loadmodule "tls.so"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "siputils.so"
loadmodule "textops.so"
loadmodule "xlog.so"
modparam("tls", "config", "${join(dir, 'tls.cfg')}")

request_route {
	xlog("L_INFO", "peer: $rm from $proto:$si:$sp\\n");
	if (has_totag()) {
		if (loose_route()) {
			t_relay();
		} else if (is_method("ACK")) {
			if (t_check_trans()) {
				t_relay();
			}
		} else {
			sl_send_reply("404", "Not here");
		}
		exit;
	}
	if (is_method("CANCEL")) {
		if (t_check_trans()) {
			t_relay();
		}
		exit;
	}
	if (is_method("INVITE")) {
		record_route();
	}
	if ($pr == "tls") {
		if (is_method("REGISTER")) {
			$du = "${uri(o.registrar)}";
		} else {
			$du = "${uri(o.callee)}";
		}
	} else {
		$du = "${uri(o.switchTls, 'tls')}";
	}
	if (!t_relay()) {
		sl_reply_error();
	}
	exit;
}
`;
}

export async function startTlsPeer(dir: string, o: TlsPeerOptions): Promise<TlsPeer> {
  mkdirSync(dir, { recursive: true });
  const udp = { host: o.host, port: await freeUdpPort(o.host) };
  const tls = { host: o.host, port: await freeTcpPort(o.host) };
  writeFileSync(join(dir, 'tls.cfg'), `[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
certificate = ${o.certFile}
private_key = ${o.keyFile}

[client:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
`);
  const cfg = join(dir, 'peer.cfg');
  writeFileSync(cfg, peerCfg(o, udp.port, tls.port, dir));
  let out = '';
  const proc: ChildProcess = startGroup('kamailio', ['-DD', '-E', '-f', cfg, '-P', join(dir, 'peer.pid'), '-m', '32', '-M', '4'], dir);
  const keep = (d: Buffer) => void (out = (out + d.toString()).slice(-20_000));
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  await waitFor(`TLS peer Kamailio on ${o.host}`, 10_000, async () => {
    if (proc.exitCode !== null) throw new Error(`the TLS peer Kamailio exited with code ${proc.exitCode}:\n${out}`);
    return (await udpPortBound(udp.host, udp.port)) && (await tcpPortListening(tls.host, tls.port)) ? true : undefined;
  });
  return { udp, tls, log: () => out, stop: () => stopGroup(proc) };
}
