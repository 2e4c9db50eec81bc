// Gateway status, pure: Kamailio's dispatcher probe states turned into up/down per routing gateway,
// recent calls or a current registration turned into online/offline per mapping gateway, and the
// time of each change.
// The probing itself is Kamailio's (engine/kamailio/cfgGatewayProbe.ts); this only reads it.
import type { GatewayStatusResult, MappingGatewayStatus, RoutingGatewayState, RoutingGatewayStatus } from '@shared/rpc/gatewaysApi';

export type AddressState = 'up' | 'down';

/**
 * Probe state per destination URI from a `dispatcher.list` answer. FLAGS is two letters: the first
 * A (active), T (trying: missed a probe but not yet down), I (inactive) or D (disabled); routing
 * skips I and D (dispatcher's ds_skip_dst), so those read as down.
 */
export function parseDispatcherList(result: unknown): Map<string, AddressState> {
  const out = new Map<string, AddressState>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.URI === 'string' && typeof o.FLAGS === 'string') {
      out.set(o.URI, /^[ID]/.test(o.FLAGS) ? 'down' : 'up');
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(result);
  return out;
}

export interface RoutingTarget {
  name: string;
  probe: boolean;
  /** host:port as configured, and the URI the probes go to. */
  addresses: { address: string; uri: string }[];
}

export interface GatewayStatusOptions {
  probeIntervalSec: number;
  /** A mapping gateway is online while its last call is at most this old (ms). */
  onlineWindowMs: number;
}

/** Keeps the state of every gateway and when it last changed. */
export class GatewayStatusTracker {
  private routing: RoutingGatewayStatus[] = [];
  private readonly since = new Map<string, { state: RoutingGatewayState; at: number }>();
  private readonly lastSeen = new Map<string, number>();
  private mappingNames: readonly string[] = [];
  /** Password mapping gateways whose account is registered; null: not known (no registrar read). */
  private registered: ReadonlySet<string> | null = null;

  constructor(private readonly o: GatewayStatusOptions) {}

  /** Probe states from the engine; `states` null: the engine did not answer. */
  updateRouting(targets: readonly RoutingTarget[], states: ReadonlyMap<string, AddressState> | null, now: number): void {
    this.routing = targets.map((t) => {
      const addresses = t.addresses.map((a) => ({
        address: a.address,
        state: !t.probe ? ('unprobed' as const) : (states?.get(a.uri) ?? ('unknown' as const)),
      }));
      const state: RoutingGatewayState = !t.probe
        ? 'unprobed'
        : addresses.some((a) => a.state === 'up') ? 'up' : addresses.every((a) => a.state === 'down') ? 'down' : 'unknown';
      const prev = this.since.get(t.name);
      if (!prev || prev.state !== state) this.since.set(t.name, { state, at: now });
      return { name: t.name, state, since: state === 'unprobed' ? null : this.since.get(t.name)!.at, addresses };
    });
    const names = new Set(targets.map((t) => t.name));
    for (const n of [...this.since.keys()]) if (!names.has(n)) this.since.delete(n);
  }

  setMappingGateways(names: readonly string[]): void {
    this.mappingNames = names;
  }

  /** Mapping gateways (by name) whose account has a current registration, from the registrar; null: unknown. */
  setRegistered(names: ReadonlySet<string> | null): void {
    this.registered = names;
  }

  /** A call from mapping gateway `name` was seen (ended, or up) at `at`. */
  sawMappingTraffic(name: string, at: number): void {
    if ((this.lastSeen.get(name) ?? -Infinity) < at) this.lastSeen.set(name, at);
  }

  mapping(now: number): MappingGatewayStatus[] {
    return this.mappingNames.map((name) => {
      const seen = this.lastSeen.get(name) ?? null;
      const registered = this.registered?.has(name);
      const recent = seen !== null && now - seen <= this.o.onlineWindowMs;
      return { name, state: recent || registered === true ? 'online' : 'offline', lastSeen: seen, ...(registered !== undefined && { registered }) };
    });
  }

  status(now: number): GatewayStatusResult {
    return {
      at: now,
      probeIntervalSec: this.o.probeIntervalSec,
      onlineWindowSec: Math.round(this.o.onlineWindowMs / 1000),
      routing: this.routing,
      mapping: this.mapping(now),
    };
  }

  /** Monitor series: per gateway (probed routing, every mapping) and the counts the fleet overview shows. */
  series(now: number): Record<string, number> {
    const out: Record<string, number> = {};
    let up = 0;
    let down = 0;
    for (const g of this.routing) {
      if (g.state !== 'up' && g.state !== 'down') continue;
      out[`gw.routing.${g.name}.up`] = g.state === 'up' ? 1 : 0;
      if (g.state === 'up') up++;
      else down++;
    }
    let online = 0;
    for (const m of this.mapping(now)) {
      out[`gw.mapping.${m.name}.online`] = m.state === 'online' ? 1 : 0;
      if (m.state === 'online') online++;
    }
    out['gw.status.routing_up'] = up;
    out['gw.status.routing_down'] = down;
    out['gw.status.mapping_online'] = online;
    out['gw.status.mapping_offline'] = this.mappingNames.length - online;
    return out;
  }
}

/** Mapping gateways that had traffic in a monitor sample: calls ended (attempts) or calls up (active). */
export function mappingTrafficIn(values: Readonly<Record<string, number>>): string[] {
  const out: string[] = [];
  for (const [id, v] of Object.entries(values)) {
    if (v <= 0 || !id.startsWith('gw.mapping.')) continue;
    const m = /^gw\.mapping\.(.+)\.(attempts|active)$/.exec(id);
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}
