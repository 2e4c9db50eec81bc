// Kamailio's own counters over the jsonrpcs FIFO the driver already uses: per second one
// `stats.get_statistics all` (about 150 numbers, ~6 KB), `tm.stats` (transactions, live) and
// `htable.dump` of the two per-gateway tables of calls up (one entry per gateway that has had a call)
// and of the two of refusals for gateway limits (gatewayLimitRates.ts).
//
// Transaction counters come from `tm.stats`, not from the tmx module's `tmx:*` statistics: tmx
// refreshes its copy of tm's counters at most every other second (measured on 5.6: under a steady
// 4 calls/s `tmx:2xx_transactions` stood still for 2 s, then jumped by 16), so a 1-s rate of it
// read 0, 16, 0, 16 … where `tm.stats` gives 8 every second.
import { REPLY_CLASSES, SERIES_ID_PATTERN, SIP_METHODS, seriesId } from '@shared/monitor/series';
import { GatewayLimitRates, LIMIT_TABLES } from './gatewayLimitRates';
import { RateTracker } from './rateTracker';
import type { Sampler, SeriesValues } from './types';

/** What the sampler needs from Kamailio: one RPC call. */
export interface KamailioRpc {
  call(method: string, params?: Array<string | number>, timeoutMs?: number): Promise<unknown>;
}

/**
 * The statistics as "group:name" → number. Kamailio answers `stats.get_statistics` with lines
 * "group:name = value"; `stats.fetch` with an object keyed "group.name" — both are accepted.
 */
export function parseKamailioStats(result: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (Array.isArray(result)) {
    for (const line of result) {
      const m = typeof line === 'string' ? /^([^:\s]+):(\S+)\s*=\s*(-?\d+(?:\.\d+)?)\s*$/.exec(line) : null;
      if (m?.[1] && m[2] && m[3]) out.set(`${m[1]}:${m[2]}`, Number(m[3]));
    }
  } else if (result && typeof result === 'object') {
    for (const [k, v] of Object.entries(result)) {
      const dot = k.indexOf('.');
      const n = Number(v);
      if (dot > 0 && Number.isFinite(n)) out.set(`${k.slice(0, dot)}:${k.slice(dot + 1)}`, n);
    }
  }
  return out;
}

/** Adds the numbers of a `tm.stats` answer (`{current, total, 2xx, …}`) as "tm:<name>". */
export function addTmStats(stats: Map<string, number>, result: unknown): Map<string, number> {
  if (result && typeof result === 'object' && !Array.isArray(result)) {
    for (const [k, v] of Object.entries(result)) if (typeof v === 'number') stats.set(`tm:${k}`, v);
  }
  return stats;
}

/** Maps Kamailio's counters onto catalog series; counters become per-second rates. */
export class KamailioStatsMapper {
  private readonly rates = new RateTracker();

  map(stats: ReadonlyMap<string, number>, t: number): SeriesValues {
    const out: SeriesValues = { 'engine.up': 1 };
    const g = (k: string) => stats.get(k);
    const gauge = (id: string, k: string) => {
      const v = g(k);
      if (v !== undefined) out[id] = v;
    };
    const rate = (id: string, ...keys: string[]) => {
      const vs = keys.map(g).filter((v): v is number => v !== undefined);
      if (vs.length > 0) this.rates.put(out, id, vs.reduce((a, b) => a + b, 0), t);
    };
    gauge('engine.calls.active', 'dialog:active_dialogs');
    gauge('engine.calls.early', 'dialog:early_dialogs');
    // An attempt is a new INVITE the script took on (a dialog was created) or refused for
    // memory; retransmissions and re-INVITEs, which core:rcv_requests_invite also counts, are not.
    rate('engine.calls.attempts', 'dialog:processed_dialogs', 'script:sd_admission_503');
    rate('engine.calls.answered', 'script:sd_answered');
    rate('engine.calls.failed', 'dialog:failed_dialogs');
    rate('engine.calls.refused_admission', 'script:sd_admission_503');
    rate('engine.calls.refused_gateway_limit', 'script:sd_gw_limit_503');
    rate('engine.calls.gateway_skipped_limit', 'script:sd_rgw_skipped');
    rate('engine.calls.refused_media', 'script:sd_media_503');
    for (const m of SIP_METHODS) rate(seriesId('engine.sip.requests.{name}', m), `core:rcv_requests_${m}`);
    rate('engine.sip.requests.total', 'core:rcv_requests');
    // Final replies we sent: stateless (sl) plus transaction ones (tm counts UAS transactions
    // by the class of their final reply). Provisional replies relayed by tm are not counted.
    for (const c of REPLY_CLASSES) rate(seriesId('engine.sip.replies.{name}', c), `sl:${c}_replies`, `tm:${c}`);
    rate('engine.sip.unauthorized_replied', 'script:sd_unauth_replied');
    rate('engine.sip.unauthorized_dropped', 'script:sd_unauth_dropped');
    gauge('engine.tm.transactions', 'tm:current');
    // tm's `total` counts every transaction created, server and client (`total_local`) alike.
    rate('engine.tm.created', 'tm:total');
    // No registrar module in the switch's cfg: mapping gateways authenticate per request.
    out['engine.registrations'] = g('usrloc:registered_users') ?? 0;
    const used = g('shmem:real_used_size');
    const total = g('shmem:total_size');
    if (used !== undefined && total) out['engine.shm.used_pct'] = (used / total) * 100;
    return out;
  }
}

/**
 * Calls up per gateway from `htable.dump` of one of the cfg's sd_*_active tables: entries of
 * `{slot: [{name, value}]}`. Keys whose value went back to 0 stay (a gateway with no call).
 */
export function parseActiveTable(result: unknown, kind: 'routing' | 'mapping', out: SeriesValues): void {
  if (!Array.isArray(result)) return;
  for (const entry of result as Array<{ slot?: unknown }>) {
    if (!Array.isArray(entry?.slot)) continue;
    for (const item of entry.slot as Array<{ name?: unknown; value?: unknown }>) {
      if (typeof item?.name !== 'string' || typeof item.value !== 'number' || !SERIES_ID_PATTERN.test(item.name)) continue;
      out[seriesId(`gw.${kind}.{name}.active`, item.name)] = Math.max(0, item.value);
    }
  }
}

/** Maximum concurrent calls per gateway name, where the configuration sets one. */
export interface GatewayLimits {
  routing: ReadonlyMap<string, number>;
  mapping: ReadonlyMap<string, number>;
}

/** Adds `capacity_pct` for every gateway with calls-up figures and a configured maximum. */
export function addCapacity(out: SeriesValues, limits: GatewayLimits): void {
  for (const kind of ['routing', 'mapping'] as const) {
    for (const [name, max] of limits[kind]) {
      const active = out[seriesId(`gw.${kind}.{name}.active`, name)];
      if (active !== undefined && max > 0) out[seriesId(`gw.${kind}.{name}.capacity_pct`, name)] = (active / max) * 100;
    }
  }
}

export class KamailioSampler implements Sampler {
  readonly name = 'kamailio';
  private readonly mapper = new KamailioStatsMapper();
  private readonly limited = new GatewayLimitRates();

  constructor(
    private readonly rpc: () => KamailioRpc | null,
    private readonly limits: () => GatewayLimits = () => ({ routing: new Map(), mapping: new Map() }),
  ) {}

  async sample(nowMs: number): Promise<SeriesValues> {
    const rpc = this.rpc();
    if (!rpc) return { 'engine.up': 0 };
    try {
      const [stats, tm, routing, mapping, routingLimited, mappingLimited] = await Promise.all([
        rpc.call('stats.get_statistics', ['all'], 900),
        rpc.call('tm.stats', [], 900),
        rpc.call('htable.dump', ['sd_rgw_active'], 900),
        rpc.call('htable.dump', ['sd_mgw_active'], 900),
        rpc.call('htable.dump', [LIMIT_TABLES.routing], 900),
        rpc.call('htable.dump', [LIMIT_TABLES.mapping], 900),
      ]);
      const out = this.mapper.map(addTmStats(parseKamailioStats(stats), tm), nowMs);
      parseActiveTable(routing, 'routing', out);
      parseActiveTable(mapping, 'mapping', out);
      addCapacity(out, this.limits());
      this.limited.add(out, { mapping: mappingLimited, routing: routingLimited }, nowMs);
      return out;
    } catch {
      // Kamailio down or restarting: say so rather than repeat stale numbers.
      return { 'engine.up': 0 };
    }
  }
}
