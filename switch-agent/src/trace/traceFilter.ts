// A trace session's filter as one predicate over decoded messages. Pure. Every given field must
// match (AND); inside a list any entry may match (OR). Addresses compare in canonical form, so
// "::1" and "0:0:0:0:0:0:0:1" are one address.
import type { TraceFilter } from '@shared/rpc/traceApi';
import { canonicalHost } from '@shared/model/net';
import type { TraceMessage } from './traceIngest';
import type { SipMessage } from './sipTypes';

/** One address of a gateway; a null port matches any port. */
export interface GatewayEndpoint {
  ip: string;
  port: number | null;
}

export type TracePredicate = (m: TraceMessage) => boolean;

const sipOf = (m: TraceMessage): SipMessage | undefined => (m.sip?.ok ? m.sip.message : undefined);

/** `gateway` holds the endpoints the filter's gateway name resolved to (required when it names one). */
export function compileFilter(f: TraceFilter, gateway?: readonly GatewayEndpoint[]): TracePredicate {
  const tests: TracePredicate[] = [];
  const ipSet = (ips: readonly string[]) => new Set(ips.map(canonicalHost));
  if (f.ips) {
    const s = ipSet(f.ips);
    tests.push((m) => s.has(canonicalHost(m.hep.srcIp)) || s.has(canonicalHost(m.hep.dstIp)));
  }
  if (f.srcIp !== undefined) {
    const ip = canonicalHost(f.srcIp);
    tests.push((m) => canonicalHost(m.hep.srcIp) === ip);
  }
  if (f.dstIp !== undefined) {
    const ip = canonicalHost(f.dstIp);
    tests.push((m) => canonicalHost(m.hep.dstIp) === ip);
  }
  if (f.ports) {
    const s = new Set(f.ports);
    tests.push((m) => s.has(m.hep.srcPort) || s.has(m.hep.dstPort));
  }
  if (f.srcPort !== undefined) tests.push((m) => m.hep.srcPort === f.srcPort);
  if (f.dstPort !== undefined) tests.push((m) => m.hep.dstPort === f.dstPort);
  if (f.methods) {
    const s = new Set(f.methods);
    tests.push((m) => {
      const sip = sipOf(m);
      const method = sip?.kind === 'request' ? sip.method : sip?.cseq?.method;
      return method !== undefined && s.has(method.toUpperCase());
    });
  }
  if (f.responseClasses) {
    const s = new Set(f.responseClasses);
    tests.push((m) => {
      const status = sipOf(m)?.status;
      return status !== undefined && s.has(Math.floor(status / 100));
    });
  }
  if (f.callId !== undefined) tests.push((m) => sipOf(m)?.callId === f.callId);
  if (f.caller !== undefined) {
    const want = f.caller;
    tests.push((m) => sipOf(m)?.from?.user?.includes(want) === true);
  }
  if (f.callee !== undefined) {
    const want = f.callee;
    tests.push((m) => {
      const sip = sipOf(m);
      return sip?.to?.user?.includes(want) === true || sip?.ruriUser?.includes(want) === true;
    });
  }
  if (f.gateway !== undefined) {
    if (!gateway) throw new Error(`filter.gateway: the endpoints of gateway "${f.gateway}" were not resolved`);
    const eps = gateway.map((e) => ({ ip: canonicalHost(e.ip), port: e.port }));
    const hit = (ip: string, port: number) => {
      const c = canonicalHost(ip);
      return eps.some((e) => e.ip === c && (e.port === null || e.port === port));
    };
    tests.push((m) => hit(m.hep.srcIp, m.hep.srcPort) || hit(m.hep.dstIp, m.hep.dstPort));
  }
  if (f.text !== undefined) {
    // Both sides as bytes (latin1) with the same case folding, so UTF-8 text matches too.
    const needle = Buffer.from(f.text, 'utf8').toString('latin1').toLowerCase();
    tests.push((m) => Buffer.from(m.hep.payload.buffer, m.hep.payload.byteOffset, m.hep.payload.byteLength).toString('latin1').toLowerCase().includes(needle));
  }
  return (m) => tests.every((t) => t(m));
}
