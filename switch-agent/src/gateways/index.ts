// Gateway status wiring, so serve.ts only calls startGatewayStatus(): a monitor sampler that reads
// Kamailio's probe states once a second (one `dispatcher.list`, only while some gateway is probed),
// the mapping gateways' traffic from the monitor's own samples, and the `gateways.status` handler.
import type { ConfigSnapshot } from '@shared/model';
import type { MonitorSample } from '@shared/rpc/agentApi';
import type { GATEWAY_METHODS } from '@shared/rpc/gatewaysApi';
import type { HandlerMap } from '../rpc/dispatcher';
import { probeUri } from '../engine/kamailio/routingPlan';
import type { Sampler } from '../monitor/types';
import { GatewayStatusTracker, mappingTrafficIn, parseDispatcherList, type RoutingTarget } from './gatewayStatus';

export { GatewayStatusTracker, parseDispatcherList } from './gatewayStatus';

/** Kamailio's RPC, or null while the engine is not started. */
export interface ProbeRpc {
  call(method: string, params?: Array<string | number>, timeoutMs?: number): Promise<unknown>;
}

export interface GatewayStatusDeps {
  current: () => ConfigSnapshot;
  rpc: () => ProbeRpc | null;
  probeIntervalSec: number;
  now?: () => number;
  /** Default 5 minutes, the window of the per-gateway call figures. */
  onlineWindowMs?: number;
}

export interface RunningGatewayStatus {
  sampler: Sampler;
  handlers: HandlerMap<typeof GATEWAY_METHODS>;
  /** Feed every monitor sample (mapping gateways' calls). */
  onSample(s: MonitorSample): void;
  configChanged(): void;
}

export function routingTargets(s: ConfigSnapshot): RoutingTarget[] {
  return s.routingGateways
    .filter((g) => g.enabled)
    .map((g) => ({
      name: g.name,
      probe: g.optionsProbe === true,
      addresses: g.addresses.map((a) => ({ address: `${a.host}:${a.port}`, uri: probeUri(a.host, a.port) })),
    }));
}

export function startGatewayStatus(d: GatewayStatusDeps): RunningGatewayStatus {
  const now = d.now ?? Date.now;
  const tracker = new GatewayStatusTracker({ probeIntervalSec: d.probeIntervalSec, onlineWindowMs: d.onlineWindowMs ?? 300_000 });
  // Read again only after a change: parsing the snapshot every second would cost too much at scale.
  let targets: RoutingTarget[] | null = null;
  const load = (): RoutingTarget[] => {
    if (!targets) {
      const s = d.current();
      targets = routingTargets(s);
      tracker.setMappingGateways(s.mappingGateways.filter((g) => g.enabled).map((g) => g.name));
    }
    return targets;
  };

  const sampler: Sampler = {
    name: 'gateway-status',
    async sample(t) {
      const list = load();
      let states: Map<string, 'up' | 'down'> | null = new Map();
      if (list.some((g) => g.probe)) {
        try {
          const rpc = d.rpc();
          states = rpc ? parseDispatcherList(await rpc.call('dispatcher.list', [], 1000)) : null;
        } catch {
          // Engine down or restarting: the probed gateways read unknown, not stale.
          states = null;
        }
      }
      tracker.updateRouting(list, states, t);
      return tracker.series(t);
    },
  };

  return {
    sampler,
    handlers: {
      'gateways.status': () => {
        load();
        return tracker.status(now());
      },
    },
    onSample(s) {
      for (const name of mappingTrafficIn(s.values)) tracker.sawMappingTraffic(name, s.t);
    },
    configChanged() {
      targets = null;
    },
  };
}

/** The engine's RPC client, or null when there is no engine or it is not started yet. */
export function kamailioRpcOrNull(engine: { rpcClient(): ProbeRpc } | null): ProbeRpc | null {
  try {
    return engine?.rpcClient() ?? null;
  } catch {
    return null;
  }
}
