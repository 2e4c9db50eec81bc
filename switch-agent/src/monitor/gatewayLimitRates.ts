// Per-gateway refusals for limits (engine/kamailio/cfgGatewayLimits.ts), from `htable.dump` of
// sd_mgw_limited (calls refused per mapping gateway) and sd_rgw_limited (times a routing gateway
// was skipped as full): cumulative counters keyed by gateway name, turned into per-second rates.
// A key appears only at a gateway's first refusal, so a key first seen after the first reading
// of the table counts from 0 (a plain rate tracker would give that first burst no rate); keys present
// at the first reading (the agent started with the engine already counting) count from then on.
import { SERIES_ID_PATTERN, seriesId } from '@shared/monitor/series';
import type { SeriesValues } from './types';

export const LIMIT_TABLES = { mapping: 'sd_mgw_limited', routing: 'sd_rgw_limited' } as const;
const SERIES = { mapping: 'gw.mapping.{name}.refused_limit', routing: 'gw.routing.{name}.skipped_limit' } as const;

/** name → counter from an `htable.dump` answer (`[{slot: [{name, value}]}]`). */
export function htableCounters(result: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (!Array.isArray(result)) return out;
  for (const entry of result as Array<{ slot?: unknown }>) {
    if (!Array.isArray(entry?.slot)) continue;
    for (const item of entry.slot as Array<{ name?: unknown; value?: unknown }>) {
      if (typeof item?.name === 'string' && typeof item.value === 'number' && SERIES_ID_PATTERN.test(item.name)) out.set(item.name, item.value);
    }
  }
  return out;
}

export class GatewayLimitRates {
  private readonly last = new Map<string, number>();
  private readonly read = { mapping: false, routing: false };
  private lastT: number | null = null;

  /** Adds the rate of every counter in `dumps` (an htable.dump answer per kind) at time `tMs`. */
  add(out: SeriesValues, dumps: Record<'mapping' | 'routing', unknown>, tMs: number): void {
    const dt = this.lastT === null ? 0 : (tMs - this.lastT) / 1000;
    for (const kind of ['mapping', 'routing'] as const) {
      for (const [name, value] of htableCounters(dumps[kind])) {
        const id = seriesId(SERIES[kind], name);
        const prev = this.last.get(id) ?? (this.read[kind] ? 0 : undefined);
        this.last.set(id, value);
        if (prev !== undefined && dt > 0) out[id] = value >= prev ? (value - prev) / dt : 0;
      }
      this.read[kind] = true;
    }
    this.lastT = tMs;
  }
}
