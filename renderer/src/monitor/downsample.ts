/**
 * Fewer points than pixels: Largest-Triangle-Three-Buckets keeps the points that shape a line
 * (peaks and dips survive, flat stretches thin out), so a long range draws as fast as a short one.
 */

import { GAP_KEY } from './rowKeys';

/** Indices of the points LTTB keeps from (xs, ys), at most `threshold`, first and last always kept. */
export function lttbIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): number[] {
  const n = xs.length;
  if (threshold >= n || threshold < 3) return Array.from({ length: n }, (_, i) => i);
  const out = [0];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i += 1) {
    // Average of the next bucket: the third corner of the triangle.
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j += 1) {
      avgX += xs[j] ?? 0;
      avgY += ys[j] ?? 0;
    }
    const len = Math.max(1, nextEnd - nextStart);
    avgX /= len;
    avgY /= len;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const ax = xs[a] ?? 0;
    const ay = ys[a] ?? 0;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j += 1) {
      const area = Math.abs((ax - avgX) * ((ys[j] ?? 0) - ay) - (ax - (xs[j] ?? 0)) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.push(best);
    a = best;
  }
  out.push(n - 1);
  return out;
}

export type Row = { t: number } & Record<string, number | null>;

/**
 * Thins rows that share one time axis (every series sampled at the same instants) to about
 * `maxRows`: each series keeps its own LTTB points within an equal share of the budget, and a row
 * stays when any series needs it, so every line keeps its shape and rows stay aligned for the tooltip.
 */
export function downsampleRows(rows: readonly Row[], keys: readonly string[], maxRows: number): Row[] {
  if (rows.length <= maxRows || keys.length === 0) return [...rows];
  const per = Math.max(3, Math.floor(maxRows / keys.length));
  const xs = rows.map((r) => r.t);
  const keep = new Uint8Array(rows.length);
  for (const key of keys) {
    // A missing value counts as 0 for choosing points; the row still shows it as missing.
    const ys = rows.map((r) => r[key] ?? 0);
    for (const i of lttbIndices(xs, ys, per)) keep[i] = 1;
  }
  // A gap stays a gap however far the range is zoomed out.
  rows.forEach((r, i) => {
    if (r[GAP_KEY] === 1) keep[i] = 1;
  });
  return rows.filter((_, i) => keep[i] === 1);
}
