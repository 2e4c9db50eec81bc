/**
 * What the fleet overview keeps of one server: the last 30 minutes of a few series in 15-s slots
 * (a fixed 120 per series, whatever the server sends), and the latest value of every series it
 * was sent. Bounded work and memory per server, so many servers cost little.
 */
import type { HistorySeries, MonitorSample } from '@shared/rpc/agentApi';

export const TREND_SLOT_MS = 15_000;
export const TREND_SLOTS = 120;
/** The series a sparkline or a trouble rule reads over time. */
export const TREND_SERIES = ['engine.calls.active', 'sys.cpu.total', 'engine.calls.attempts', 'engine.calls.answered'] as const;
export type TrendSeries = (typeof TREND_SERIES)[number];
/** What the fleet subscription asks for: the trend series and the levels the trouble rules read. */
export const FLEET_SELECTORS = [...TREND_SERIES, 'engine.up', 'rtp.up', 'rtp.ports.used_pct', 'sys.fs.*', 'gw.status.*'];

export class FleetTrend {
  /** Slot index (t / TREND_SLOT_MS) held in each position, -1 when empty. */
  private readonly slots = new Float64Array(TREND_SLOTS).fill(-1);
  private readonly values = new Map<TrendSeries, Float64Array>(TREND_SERIES.map((id) => [id, new Float64Array(TREND_SLOTS).fill(NaN)]));
  latest: Readonly<Record<string, number>> = {};
  latestT = 0;
  /** Bumped on every change: what a row compares to know it must draw again. */
  version = 0;

  /** Adds a live item (one second, or a merged period). */
  addSample(s: MonitorSample): void {
    this.put(s.t + (s.step * 1000) / 2, s.values);
    if (s.t >= this.latestT) {
      this.latest = { ...this.latest, ...s.values };
      this.latestT = s.t;
    }
    this.version += 1;
  }

  /** Adds the points of a history answer, each in the slot of its middle. */
  addHistory(series: readonly HistorySeries[]): void {
    for (const s of series) {
      if (!(TREND_SERIES as readonly string[]).includes(s.id)) continue;
      for (const [start, , avg, , width] of s.points) this.put(start + width / 2, { [s.id]: avg });
    }
    this.version += 1;
  }

  /** One series over the slots ending at `now`'s slot, oldest first; NaN where nothing was heard. */
  series(id: TrendSeries, now: number): Float64Array {
    const out = new Float64Array(TREND_SLOTS).fill(NaN);
    const last = Math.floor(now / TREND_SLOT_MS);
    const col = this.values.get(id);
    if (!col) return out;
    for (let k = 0; k < TREND_SLOTS; k++) {
      const slot = last - (TREND_SLOTS - 1) + k;
      const pos = ((slot % TREND_SLOTS) + TREND_SLOTS) % TREND_SLOTS;
      if (this.slots[pos] === slot) out[k] = col[pos] ?? NaN;
    }
    return out;
  }

  private put(t: number, values: Readonly<Record<string, number>>): void {
    const slot = Math.floor(t / TREND_SLOT_MS);
    const pos = ((slot % TREND_SLOTS) + TREND_SLOTS) % TREND_SLOTS;
    if (this.slots[pos] !== slot) {
      // An older slot is only overwritten by a newer one (a late history answer loses to live items).
      if ((this.slots[pos] ?? -1) > slot) return;
      this.slots[pos] = slot;
      for (const col of this.values.values()) col[pos] = NaN;
    }
    for (const id of TREND_SERIES) {
      const v = values[id];
      const col = this.values.get(id);
      if (v !== undefined && col) col[pos] = v;
    }
  }
}

/** Per-slot answer-seizure ratio in percent (NaN where there were no attempts). */
export function asrSeries(attempts: Float64Array, answered: Float64Array): Float64Array {
  return attempts.map((a, i) => (a > 0 ? Math.min(100, ((answered[i] ?? 0) / a) * 100) : NaN));
}
