// Gateway status wiring, so serve.ts only calls startGatewayStatus(): a monitor sampler that reads
// Kamailio's probe states once a second (one `dispatcher.list`, only while some gateway is probed)
// and the registrar every few seconds (one `ul.dump`, only while some mapping gateway authenticates
// by password: such a gateway is online while registered), the mapping gateways' traffic from the
// monitor's own samples, and the `gateways.status` handler.
import type { ConfigSnapshot } from '@shared/model';
import type { MonitorSample } from '@shared/rpc/agentApi';
import type { GATEWAY_METHODS } from '@shared/rpc/gatewaysApi';
import type { HandlerMap } from '../rpc/dispatcher';
import { probeUri } from '../engine/kamailio/routingPlan';
import { parseUlDump } from '../registrations/ulDumpParse';
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
  /** How often the registrar is read for password mapping gateways; default 10 s. */
  registrationEveryMs?: number;
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

/** Registered password mapping gateways from a `ul.dump` answer: an AoR is the account ("user" or "user@domain"). */
export function registeredMappings(dump: unknown, accounts: ReadonlyMap<string, string>, nowMs: number): Set<string> {
  const out = new Set<string>();
  for (const r of parseUlDump(dump, nowMs).registrations) {
    const name = accounts.get(r.aor.split('@')[0]!);
    if (name !== undefined) out.add(name);
  }
  return out;
}

export function startGatewayStatus(d: GatewayStatusDeps): RunningGatewayStatus {
  const now = d.now ?? Date.now;
  const registrationEveryMs = d.registrationEveryMs ?? 10_000;
  // Account → gateway name of the enabled password mapping gateways.
  let accounts = new Map<string, string>();
  let registrarReadAt = -Infinity;
  const tracker = new GatewayStatusTracker({ probeIntervalSec: d.probeIntervalSec, onlineWindowMs: d.onlineWindowMs ?? 300_000 });
  // Read again only after a change: parsing the snapshot every second would cost too much at scale.
  let targets: RoutingTarget[] | null = null;
  const load = (): RoutingTarget[] => {
    if (!targets) {
      const s = d.current();
      targets = routingTargets(s);
      tracker.setMappingGateways(s.mappingGateways.filter((g) => g.enabled).map((g) => g.name));
      accounts = new Map(s.mappingGateways.filter((g) => g.enabled && g.authMode === 'password' && g.username !== '').map((g) => [g.username, g.name]));
      registrarReadAt = -Infinity;
      if (accounts.size === 0) tracker.setRegistered(null);
    }
    return targets;
  };
  const readRegistrar = async (t: number) => {
    if (accounts.size === 0 || t - registrarReadAt < registrationEveryMs) return;
    registrarReadAt = t;
    try {
      const rpc = d.rpc();
      tracker.setRegistered(rpc ? registeredMappings(await rpc.call('ul.dump', [], 5000), accounts, t) : null);
    } catch {
      // Engine down or restarting: registrations unknown, so only traffic counts.
      tracker.setRegistered(null);
    }
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
      await readRegistrar(t);
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
