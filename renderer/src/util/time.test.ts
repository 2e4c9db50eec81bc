import { describe, expect, it } from 'vitest';
import { formatTimeIn, offsetText } from './time';

const at = new Date('2026-12-05T09:16:32.000Z');

describe('formatTime', () => {
  it('is ISO and 24-hour, marked UTC on a UTC workstation', () => {
    expect(formatTimeIn(at, 0)).toBe('2026-12-05 09:16:32 UTC');
    expect(formatTimeIn(new Date('2026-12-05T21:05:09.000Z'), 0)).toBe('2026-12-05 21:05:09 UTC');
  });

  it('shows the workstation time with its offset, then the UTC the server records', () => {
    expect(formatTimeIn(at, 330)).toBe('2026-12-05 14:46:32 UTC+05:30 (09:16:32 UTC)');
    expect(formatTimeIn(at, -600)).toBe('2026-12-04 23:16:32 UTC-10:00 (09:16:32 UTC)');
  });

  it('adds milliseconds when asked, on both clocks', () => {
    const t = new Date('2026-12-05T09:16:32.045Z');
    expect(formatTimeIn(t, 0, { ms: true })).toBe('2026-12-05 09:16:32.045 UTC');
    expect(formatTimeIn(t, 60, { ms: true })).toBe('2026-12-05 10:16:32.045 UTC+01:00 (09:16:32.045 UTC)');
  });

  it('writes offsets with sign, hours and minutes', () => {
    expect(offsetText(60)).toBe('UTC+01:00');
    expect(offsetText(-210)).toBe('UTC-03:30');
  });
});
