import { SERIES_CATALOG } from '@shared/monitor/series';

/** The i18n key of a series pattern ("engine.calls.active" → "engine_calls_active"): dots would nest. */
export function seriesKey(pattern: string): string {
  return pattern.replace(/\./g, '_').replace(/[{}]/g, '');
}

// English names of the monitor's series are the catalog's own labels (shared/monitor/series.ts);
// zhSeries.ts has the Chinese ones under the same keys, checked by tables.test.ts.
export const enSeries: Record<string, string> = Object.fromEntries(SERIES_CATALOG.map((s) => [seriesKey(s.id), s.label]));

export const enSeriesUnits = { percent: '%', bytes: 'bytes', 'bytes/s': 'bytes/s', 'packets/s': 'packets/s', per_s: 'per second', count: 'count', seconds: 'seconds', load: 'load' };
