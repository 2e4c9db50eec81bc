import { describe, expect, it } from 'vitest';
import { FleetTrend, TREND_SLOT_MS, TREND_SLOTS } from './fleetTrend';
import { sparkPath } from './Sparkline';
import { troubleOf, compareTrouble } from './trouble';

const T = 1_764_900_000_000 - (1_764_900_000_000 % TREND_SLOT_MS);
const item = (t: number, values: Record<string, number>, step = 15) => ({ t, step, values });

describe('FleetTrend', () => {
  it('keeps a fixed 30 minutes in 15-s slots: live items, history seeds, older slots dropped', () => {
    const tr = new FleetTrend();
    tr.addHistory([{ id: 'sys.cpu.total', stepMs: 60_000, points: [[T - 60_000, 1, 10, 20, 60_000], [T - 15_000, 5, 30, 40, 15_000]] }]);
    tr.addSample(item(T, { 'sys.cpu.total': 50, 'engine.up': 1 }));
    const cpu = tr.series('sys.cpu.total', T);
    expect(cpu.length).toBe(TREND_SLOTS);
    // The minute point sits in the slot of its middle; the last two slots are the 15-s point and the live item.
    expect([...cpu.slice(-5)].map((v) => (Number.isNaN(v) ? null : v))).toEqual([null, null, 10, 30, 50]);
    expect(tr.latest).toEqual({ 'sys.cpu.total': 50, 'engine.up': 1 });
    // Half an hour later the old slots are gone; memory stays 120 slots however long it runs.
    for (let i = 1; i <= TREND_SLOTS; i++) tr.addSample(item(T + i * TREND_SLOT_MS, { 'sys.cpu.total': i }));
    const later = tr.series('sys.cpu.total', T + TREND_SLOTS * TREND_SLOT_MS);
    expect(later[0]).toBe(1);
    expect(later[TREND_SLOTS - 1]).toBe(TREND_SLOTS);
  });

  it('a late history answer does not overwrite newer live slots', () => {
    const tr = new FleetTrend();
    tr.addSample(item(T + TREND_SLOTS * TREND_SLOT_MS, { 'engine.calls.active': 9 }));
    tr.addHistory([{ id: 'engine.calls.active', stepMs: 15_000, points: [[T, 1, 1, 1, 15_000]] }]);
    expect(tr.series('engine.calls.active', T + TREND_SLOTS * TREND_SLOT_MS).at(-1)).toBe(9);
  });
});

describe('trouble', () => {
  const trendWith = (latest: Record<string, number>, perSlot: Record<string, number> = {}) => {
    const tr = new FleetTrend();
    for (let i = 0; i < 60; i++) tr.addSample(item(T - (59 - i) * TREND_SLOT_MS, { ...perSlot, ...latest }));
    return tr;
  };

  it('finds what needs a look, worst first', () => {
    const ok = troubleOf('connected', trendWith({ 'engine.up': 1, 'rtp.up': 1, 'sys.fs.root.used_pct': 40 }, { 'sys.cpu.total': 10, 'engine.calls.attempts': 2, 'engine.calls.answered': 1.5 }), T);
    expect(ok).toEqual({ score: 0, reasons: [] });
    const bad = troubleOf('connected', trendWith({ 'engine.up': 0, 'sys.fs.root.used_pct': 96, 'rtp.ports.used_pct': 91 }, { 'sys.cpu.total': 95, 'engine.calls.attempts': 2, 'engine.calls.answered': 0.2 }), T);
    expect(bad.reasons.map((r) => r.reason)).toEqual(['engineDown', 'diskFull', 'asrLow', 'portsLow', 'cpuHigh']);
    expect(bad.score).toBe(100);
    // Too few attempts say nothing about ASR.
    const quiet = troubleOf('connected', trendWith({ 'engine.up': 1 }, { 'engine.calls.attempts': 0.01, 'engine.calls.answered': 0 }), T);
    expect(quiet.reasons).toEqual([]);
    expect(troubleOf('failed', undefined, T).reasons.map((r) => r.reason)).toEqual(['unreachable']);
    expect(troubleOf('disconnected', undefined, T).score).toBe(-1);
  });

  it('orders worst first, then more reasons, then by name; servers not connected last', () => {
    const rows = [
      { name: 'b', trouble: { score: 0, reasons: [] } },
      { name: 'off', trouble: { score: -1, reasons: [] } },
      { name: 'c', trouble: { score: 60, reasons: [{ reason: 'cpuHigh' as const, severity: 60 }] } },
      { name: 'a', trouble: { score: 0, reasons: [] } },
      { name: 'd', trouble: { score: 60, reasons: [{ reason: 'cpuHigh' as const, severity: 60 }, { reason: 'cpuBusy' as const, severity: 30 }] } },
    ];
    expect(rows.sort(compareTrouble).map((r) => r.name)).toEqual(['d', 'c', 'a', 'b', 'off']);
  });
});

describe('sparkPath', () => {
  it('scales to the box and breaks the line at gaps', () => {
    expect(sparkPath([0, 10, NaN, 5], 30, 12, 10)).toBe('M0.0 11.0L10.0 1.0M30.0 6.0');
  });
});
