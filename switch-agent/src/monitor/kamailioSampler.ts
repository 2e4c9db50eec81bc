// Kamailio's own counters over the jsonrpcs FIFO the driver already uses: one
// `stats.get_statistics all` per second (about 150 numbers, ~6 KB).
import { REPLY_CLASSES, SIP_METHODS, seriesId } from '@shared/monitor/series';
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
    for (const m of SIP_METHODS) rate(seriesId('engine.sip.requests.{name}', m), `core:rcv_requests_${m}`);
    rate('engine.sip.requests.total', 'core:rcv_requests');
    // Final replies we sent: stateless (sl) plus transaction ones (tmx counts UAS transactions
    // by the class of their final reply). Provisional replies relayed by tm are not counted.
    for (const c of REPLY_CLASSES) rate(seriesId('engine.sip.replies.{name}', c), `sl:${c}_replies`, `tmx:${c}_transactions`);
    rate('engine.sip.unauthorized_replied', 'script:sd_unauth_replied');
    rate('engine.sip.unauthorized_dropped', 'script:sd_unauth_dropped');
    gauge('engine.tm.transactions', 'tmx:inuse_transactions');
    rate('engine.tm.created', 'tmx:UAS_transactions', 'tmx:UAC_transactions');
    // No registrar module in the switch's cfg: mapping gateways authenticate per request.
    out['engine.registrations'] = g('usrloc:registered_users') ?? 0;
    const used = g('shmem:real_used_size');
    const total = g('shmem:total_size');
    if (used !== undefined && total) out['engine.shm.used_pct'] = (used / total) * 100;
    return out;
  }
}

export class KamailioSampler implements Sampler {
  readonly name = 'kamailio';
  private readonly mapper = new KamailioStatsMapper();

  constructor(private readonly rpc: () => KamailioRpc | null) {}

  async sample(nowMs: number): Promise<SeriesValues> {
    const rpc = this.rpc();
    if (!rpc) return { 'engine.up': 0 };
    try {
      return this.mapper.map(parseKamailioStats(await rpc.call('stats.get_statistics', ['all'], 900)), nowMs);
    } catch {
      // Kamailio down or restarting: say so rather than repeat stale numbers.
      return { 'engine.up': 0 };
    }
  }
}
