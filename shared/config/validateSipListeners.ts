import { MAX_SIP_LISTENERS, type SipListener } from '../model/sipListener';
import type { Findings } from './validateGateways';
import { finding, itemPath } from './paths';

/**
 * Checks of SIP listening addresses their schema cannot express: no two on the same address and
 * port, and `0.0.0.0` (every interface) not combined with another address on its port, which
 * Kamailio could not bind twice. UDP and TCP ports are separate, so UDP and TCP may share a port;
 * TCP and TLS are both TCP sockets and may not.
 */
export function checkSipListeners(listeners: readonly SipListener[], out: Findings): void {
  if (listeners.length > MAX_SIP_LISTENERS) {
    out.errors.push(finding('sipListeners', `at most ${MAX_SIP_LISTENERS} listening addresses, got ${listeners.length}`, 'listener.tooMany', { max: MAX_SIP_LISTENERS, count: listeners.length }));
  }
  const byPair = new Map<string, string>();
  const anyByPort = new Map<string, string>();
  const socket = (l: SipListener) => `${(l.transport ?? 'udp') === 'udp' ? 'udp' : 'tcp'}:${l.port}`;
  for (const l of listeners) if (l.address === '0.0.0.0') anyByPort.set(socket(l), l.name);
  for (const l of listeners) {
    const pair = `${l.address}:${socket(l)}`;
    const twin = byPair.get(pair);
    if (twin !== undefined) {
      out.errors.push(finding(itemPath('sipListeners', l.name, ['port']), `${l.address} port ${l.port} is already used by listening address ${twin}`, 'listener.portTaken', { address: l.address, port: l.port, other: twin }));
      continue;
    }
    byPair.set(pair, l.name);
    const any = anyByPort.get(socket(l));
    if (any !== undefined && any !== l.name) {
      out.errors.push(finding(itemPath('sipListeners', l.name, ['port']), `listening address ${any} already takes port ${l.port} on every interface (0.0.0.0)`, 'listener.anyTaken', { port: l.port, other: any }));
    }
  }
}
