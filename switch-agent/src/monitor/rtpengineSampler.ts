// rtpengine's ng `statistics` command: sessions, relayed packets/bytes/errors (counters since
// start) and, per interface, media ports used and free.
import { RateTracker } from './rateTracker';
import type { Sampler, SeriesValues } from './types';

export interface RtpengineNg {
  command(command: string): Promise<Record<string, unknown>>;
}

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const dict = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export class RtpengineStatsMapper {
  private readonly rates = new RateTracker();

  map(reply: Record<string, unknown>, t: number): SeriesValues {
    const stats = dict(reply.statistics);
    const current = dict(stats.currentstatistics);
    const total = dict(stats.totalstatistics);
    const out: SeriesValues = { 'rtp.up': 1 };
    const sessions = num(current.sessionstotal);
    if (sessions !== undefined) out['rtp.sessions'] = sessions;
    for (const [id, key] of [['rtp.packets', 'relayedpackets'], ['rtp.bytes', 'relayedbytes'], ['rtp.errors', 'relayedpacketerrors']] as const) {
      const v = num(total[key]);
      if (v !== undefined) this.rates.put(out, id, v, t);
    }
    let free = 0;
    let used = 0;
    let seen = false;
    for (const iface of Array.isArray(stats.interfaces) ? stats.interfaces : []) {
      const ports = dict(dict(iface).ports);
      const f = num(ports.free);
      const u = num(ports.used);
      if (f === undefined || u === undefined) continue;
      seen = true;
      free += f;
      used += u;
    }
    if (seen) {
      out['rtp.ports.free'] = free;
      out['rtp.ports.used_pct'] = free + used > 0 ? (used / (free + used)) * 100 : 0;
    }
    return out;
  }
}

export class RtpengineSampler implements Sampler {
  readonly name = 'rtpengine';
  private readonly mapper = new RtpengineStatsMapper();

  constructor(private readonly ng: RtpengineNg) {}

  async sample(nowMs: number): Promise<SeriesValues> {
    try {
      return this.mapper.map(await this.ng.command('statistics'), nowMs);
    } catch {
      return { 'rtp.up': 0 };
    }
  }
}
