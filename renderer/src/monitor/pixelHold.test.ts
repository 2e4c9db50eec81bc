import { describe, expect, it } from 'vitest';
import { chartPhase, heldFrame, type Frame } from './pixelHold';

const HOUR = 3_600_000;
const rows = (to: number) => [{ t: to - 1000 }, { t: to }];
const frame = (to: number, from = to - HOUR): Frame => ({ rows: rows(to), from, to });

describe('heldFrame', () => {
  // 1 h over 600 px: a pixel is 6 s.
  it('keeps the drawn frame while the window slides by less than a pixel, and redraws once it has slid by one', () => {
    const first = frame(60_000_000);
    expect(heldFrame(first, frame(60_001_000), 600, 0)).toBe(first);
    expect(heldFrame(first, frame(60_005_000), 600, 0)).toBe(first);
    const moved = frame(60_006_000);
    expect(heldFrame(first, moved, 600, 0)).toBe(moved);
  });

  it('redraws at its own phase within the pixel', () => {
    const first = frame(60_000_000);
    const next = frame(60_003_000);
    expect(heldFrame(first, next, 600, 0)).toBe(first);
    expect(heldFrame(first, next, 600, 0.5)).toBe(next);
  });

  it('draws new rows at once when the window end did not move (history loaded), when rows first come, and on a zoom', () => {
    const first = frame(60_000_000);
    const loaded = { ...first, rows: [...first.rows, { t: 60_000_000 - 500 }] };
    expect(heldFrame(first, loaded, 600, 0)).toBe(loaded);
    const empty = { ...first, rows: [] };
    const filled = frame(60_001_000);
    expect(heldFrame(empty, filled, 600, 0)).toBe(filled);
    const zoomed = frame(60_001_000, 60_001_000 - 60_000);
    expect(heldFrame(first, zoomed, 600, 0)).toBe(zoomed);
    expect(heldFrame(null, first, 600, 0)).toBe(first);
  });

  it('holds a young agent\u2019s window whose start stays put while its end grows', () => {
    const first = frame(60_000_000, 60_000_000 - 120_000);
    // 2 min over 600 px: a pixel is 200 ms, so one second always redraws.
    const next = frame(60_001_000, first.from);
    expect(heldFrame(first, next, 600, 0)).toBe(next);
  });
});

describe('chartPhase', () => {
  it('is stable per chart and spread over [0, 1)', () => {
    expect(chartPhase('edge-1\u0000CPU busy')).toBe(chartPhase('edge-1\u0000CPU busy'));
    const phases = Array.from({ length: 12 }, (_, i) => chartPhase(`server ${i % 2}\u0000chart ${i}`));
    expect(phases.every((p) => p >= 0 && p < 1)).toBe(true);
    expect(new Set(phases.map((p) => Math.floor(p * 4))).size).toBeGreaterThan(2);
  });
});
