/**
 * Numbers of the monitor's series as people read them: every unit of the series catalog gets a
 * short label for axes and a value format for tooltips and ticks.
 */
import type { SeriesUnit } from '@shared/monitor/series';

const UNIT_LABEL: Record<SeriesUnit, string> = {
  percent: '%',
  bytes: 'bytes',
  'bytes/s': 'bytes/s',
  'packets/s': 'packets/s',
  per_s: 'per second',
  count: 'count',
  seconds: 'seconds',
  load: 'load',
};

/** The axis label of a unit ("bytes/s", "%"). */
export function unitLabel(unit: SeriesUnit): string {
  return UNIT_LABEL[unit];
}

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
const DECIMAL = ['', 'k', 'M', 'G', 'T'];

function scaled(v: number, base: number, names: readonly string[]): { n: number; name: string } {
  let n = v;
  let i = 0;
  while (Math.abs(n) >= base && i < names.length - 1) {
    n /= base;
    i += 1;
  }
  return { n, name: names[i] ?? '' };
}

/** Up to 3 significant digits, never exponent notation, no trailing zeros. */
function short(n: number): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return String(Number(n.toFixed(digits)));
}

/** A value with its unit, e.g. "12.5 %", "1.5 MiB", "2.3k packets/s", "1 min 5 s". */
export function formatValue(v: number, unit: SeriesUnit): string {
  if (!Number.isFinite(v)) return '–';
  switch (unit) {
    case 'percent':
      return `${short(v)} %`;
    case 'bytes': {
      const s = scaled(v, 1024, BINARY);
      return `${short(s.n)} ${s.name}`;
    }
    case 'bytes/s': {
      const s = scaled(v, 1000, ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s']);
      return `${short(s.n)} ${s.name}`;
    }
    case 'packets/s':
    case 'per_s': {
      const s = scaled(v, 1000, DECIMAL);
      return `${short(s.n)}${s.name}/s`;
    }
    case 'seconds':
      return formatSeconds(v);
    case 'load':
      return v.toFixed(2);
    case 'count': {
      const s = scaled(v, 1000, DECIMAL);
      return `${short(s.n)}${s.name}`;
    }
  }
}

/** A tick on a value axis: the number scaled, without the unit (the axis label carries it). */
export function formatTick(v: number, unit: SeriesUnit): string {
  if (unit === 'bytes') {
    const s = scaled(v, 1024, BINARY);
    return `${short(s.n)} ${s.name}`;
  }
  if (unit === 'bytes/s') {
    const s = scaled(v, 1000, ['B', 'k', 'M', 'G', 'T']);
    return `${short(s.n)}${s.name === 'B' ? '' : s.name}`;
  }
  if (unit === 'seconds') return formatSeconds(v);
  if (unit === 'load') return short(v);
  const s = scaled(v, 1000, DECIMAL);
  return `${short(s.n)}${s.name}`;
}

function formatSeconds(v: number): string {
  if (Math.abs(v) < 60) return `${short(v)} s`;
  const m = Math.floor(v / 60);
  const s = Math.round(v - m * 60);
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** A time tick: hours and minutes for short ranges, the day as well beyond 24 h. */
export function formatTimeTick(t: number, rangeMs: number): string {
  const d = new Date(t);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  if (rangeMs <= 15 * 60_000) return `${hm}:${String(d.getSeconds()).padStart(2, '0')}`;
  if (rangeMs <= 24 * 3_600_000) return hm;
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')} ${hm}`;
}

/** A stretch of time in the largest whole units that fit: "5 s", "1 min", "2 h 30 min", "1 d". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const parts: string[] = [];
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (rest && !d) parts.push(`${rest} s`);
  return parts.join(' ');
}

const TICK_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/**
 * Round times for a time axis over [from, to]: the smallest step from 1 s to 1 day that gives at
 * most `maxTicks`, aligned to local clock time (10:15, 10:30 … rather than odd seconds).
 */
export function timeTicks(from: number, to: number, maxTicks: number): number[] {
  const span = to - from;
  if (!(span > 0) || maxTicks < 1) return [];
  const step = (TICK_STEPS_S.find((s) => span / (s * 1000) <= maxTicks) ?? Math.ceil(span / maxTicks / 86_400_000) * 86_400) * 1000;
  // Local midnight-aligned: shift by the zone offset so steps of hours and days fall on local times.
  const off = -new Date(from).getTimezoneOffset() * 60_000;
  const out: number[] = [];
  for (let t = Math.ceil((from + off) / step) * step - off; t <= to; t += step) out.push(t);
  return out;
}

/**
 * Ticks for a bytes axis from 0 to past `max` at binary-round steps (256 MiB, 1 GiB, 4 GiB …), so
 * labels read "8 GiB" rather than the decimal-round "6.05 GiB" a generic axis picks.
 */
export function byteTicks(max: number, maxTicks = 5): number[] {
  if (!(max > 0)) return [0];
  let step = 1;
  while (max / step > maxTicks) step *= 2;
  const out: number[] = [];
  for (let v = 0; v < max + step; v += step) out.push(v);
  return out;
}

/** Ticks from 0 to past `max` at a step of 1, 2, 2.5 or 5 × 10ⁿ: "0, 0.5, 1 … 3" rather than "0.65, 1.3, 1.95". */
export function niceTicks(max: number, maxTicks = 5, integers = false): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / maxTicks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  let step = ([1, 2, 2.5, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow;
  if (integers) step = Math.max(1, Math.ceil(step));
  const out: number[] = [];
  for (let i = 0; i * step < max + step && out.length <= maxTicks + 1; i += 1) out.push(Number((i * step).toPrecision(12)));
  return out;
}
