/** Small hand-written gateways and snapshots for example tests. */
import { MappingGatewaySchema, type MappingGateway, type MappingGatewayInput } from '../../../shared/model/mappingGateway';
import { RoutingGatewaySchema, type RoutingGateway, type RoutingGatewayInput } from '../../../shared/model/routingGateway';
import type { ConfigSnapshot } from '../../../shared/model/snapshot';
import { normalizeSnapshot } from '../../../shared/config/snapshot';

export function rgw(name: string, extra: Partial<RoutingGatewayInput> = {}): RoutingGateway {
  return RoutingGatewaySchema.parse({ name, addresses: [{ host: '192.0.2.10' }], ...extra });
}

export function mgw(name: string, extra: Partial<MappingGatewayInput> = {}): MappingGateway {
  return MappingGatewaySchema.parse({ name, authMode: 'ip', ips: [{ ip: '198.51.100.1' }], ...extra });
}

export function snap(parts: Partial<Pick<ConfigSnapshot, 'params' | 'routingGateways' | 'mappingGateways' | 'revision'>> = {}): ConfigSnapshot {
  return normalizeSnapshot({ revision: 1, hash: '', params: {}, routingGateways: [], mappingGateways: [], endpoints: [], ...parts });
}
