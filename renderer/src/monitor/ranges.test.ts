import { describe, expect, it } from 'vitest';
import { fromLocalInput, presetRange, toLocalInput } from './ranges';

describe('ranges', () => {
  it('ends presets now and keeps a custom window as given', () => {
    expect(presetRange('15m', 1_000_000_000)).toEqual({ preset: '15m', from: 1_000_000_000 - 900_000, to: 1_000_000_000 });
    expect(presetRange('live', 5)).toEqual({ preset: 'live' });
    expect(presetRange('custom', 10_000_000, { from: 1, to: 2 })).toEqual({ preset: 'custom', from: 1, to: 2 });
  });

  it('reads back what a time field shows, and refuses text that is not a time', () => {
    const t = new Date(2026, 11, 5, 3, 50).getTime();
    expect(toLocalInput(t)).toBe('2026-12-05 03:50');
    expect(fromLocalInput(toLocalInput(t))).toBe(t);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('yesterday')).toBeNull();
  });
});
