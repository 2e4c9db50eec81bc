// Which SIP transports the engine can use for a configuration. Kamailio sends a request over TCP
// or TLS from a listening socket of that transport (it has no other source socket for it), so a
// routing gateway reached over TCP/TLS needs a configured listener of the same transport; without
// one the apply is refused naming the gateway's field rather than every call to it failing 477/500.
import type { RoutingGateway } from '@shared/model/routingGateway';
import { transportOf, type ListenAddress } from './kamailio/cfgListen';

const NAMES = { udp: 'UDP', tcp: 'TCP', tls: 'TLS' } as const;

/** Throws naming the first enabled gateway address whose transport has no listener. */
export function checkGatewayTransports(gateways: readonly RoutingGateway[], listen: readonly ListenAddress[] | null): void {
  const have = new Set(listen ? listen.map(transportOf) : ['udp']);
  for (const g of gateways) {
    if (!g.enabled) continue;
    g.addresses.forEach((a, i) => {
      if (have.has(a.transport)) return;
      const name = NAMES[a.transport];
      throw new Error(
        `routingGateways[${g.name}].addresses[${i}].transport: the switch has no ${name} listening address to reach this gateway from; add a SIP listener with transport ${name}`,
      );
    });
  }
}

