import { fromTimeField, toTimeField } from '../util/time';
/** The time ranges a monitor page offers; "live" draws from the client's ring, the others ask for history. */
export const RANGE_PRESETS = ['live', '15m', '1h', '24h', '7d', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** What live mode shows: the last 10 minutes, scrolling. The ring holds an hour for zooming back. */
export const LIVE_WINDOW_MS = 10 * 60_000;
/** The shortest live axis: a fresh agent's first seconds are not stretched across the whole chart. */
export const MIN_LIVE_SPAN_MS = 2 * 60_000;
/** One hour at one item per second. */
export const RING_CAPACITY = 3600;

const PRESET_MS: Record<Exclude<RangePreset, 'live' | 'custom'>, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
};

export type Range = { preset: 'live' } | { preset: Exclude<RangePreset, 'live'>; from: number; to: number };

/** The window a preset covers ending now. */
export function presetRange(preset: RangePreset, now: number, custom?: { from: number; to: number }): Range {
  if (preset === 'live') return { preset };
  if (preset === 'custom') return { preset, from: custom?.from ?? now - 3_600_000, to: custom?.to ?? now };
  return { preset, from: now - PRESET_MS[preset], to: now };
}

/** Text of a time field ("2026-12-05 03:50") for a time, in local time. */
export const toLocalInput = toTimeField;

/** The time of a time field's text, or null when it is empty or not a date. */
export const fromLocalInput = fromTimeField;
