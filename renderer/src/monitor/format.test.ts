import { describe, expect, it } from 'vitest';
import { byteTicks, formatDuration, formatTick, niceTicks, formatTimeTick, formatValue, timeTicks, unitLabel } from './format';

describe('formatValue', () => {
  it('writes each unit of the catalog the way an operator reads it', () => {
    expect(formatValue(12.345, 'percent')).toBe('12.3 %');
    expect(formatValue(1536, 'bytes')).toBe('1.5 KiB');
    expect(formatValue(3 * 1024 ** 3, 'bytes')).toBe('3 GiB');
    expect(formatValue(2_500_000, 'bytes/s')).toBe('2.5 MB/s');
    expect(formatValue(2300, 'packets/s')).toBe('2.3k/s');
    expect(formatValue(4.25, 'per_s')).toBe('4.25/s');
    expect(formatValue(42, 'count')).toBe('42');
    expect(formatValue(65, 'seconds')).toBe('1 min 5 s');
    expect(formatValue(12.5, 'seconds')).toBe('12.5 s');
    expect(formatValue(0.5, 'load')).toBe('0.50');
    expect(formatValue(Number.NaN, 'count')).toBe('–');
  });

  it('keeps ticks short and leaves the unit to the axis label', () => {
    expect(formatTick(2_000_000, 'bytes/s')).toBe('2M');
    expect(formatTick(512, 'bytes/s')).toBe('512');
    expect(formatTick(1500, 'count')).toBe('1.5k');
    expect(unitLabel('bytes/s')).toBe('bytes/s');
  });

  it('shows seconds on short ranges and the day on long ones', () => {
    const t = new Date(2026, 11, 5, 9, 7, 3).getTime();
    expect(formatTimeTick(t, 5 * 60_000)).toBe('09:07:03');
    expect(formatTimeTick(t, 3_600_000)).toBe('09:07');
    expect(formatTimeTick(t, 7 * 86_400_000)).toBe('05/12 09:07');
  });
});

describe('timeTicks', () => {
  it('picks the smallest round step that fits and places ticks on round clock times', () => {
    const from = new Date(2026, 11, 5, 10, 0, 7).getTime();
    const ticks = timeTicks(from, from + 10 * 60_000, 6);
    expect(ticks.map((t) => formatTimeTick(t, 3_600_000))).toEqual(['10:02', '10:04', '10:06', '10:08', '10:10']);
    expect(timeTicks(from, from + 7 * 86_400_000, 8).every((t) => new Date(t).getHours() === 0)).toBe(true);
    expect(timeTicks(from, from, 5)).toEqual([]);
  });
});

describe('byteTicks', () => {
  it('steps by powers of two so the labels are round in KiB, MiB, GiB', () => {
    const gib = 1024 ** 3;
    expect(byteTicks(23.5 * gib).map((v) => formatTick(v, 'bytes'))).toEqual(['0 B', '8 GiB', '16 GiB', '24 GiB']);
    expect(byteTicks(0)).toEqual([0]);
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2, 2.5 or 5 times a power of ten, whole numbers for counts', () => {
    expect(niceTicks(2.6)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(80)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(0.9)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 5, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('names a stretch of time in whole units', () => {
    expect([1000, 60_000, 150 * 60_000, 61_000, 86_400_000 + 3_600_000].map(formatDuration)).toEqual(['1 s', '1 min', '2 h 30 min', '1 min 1 s', '1 d 1 h']);
  });
});
