/**
 * A small line of the last half hour, drawn as one SVG path (no chart library: a fleet of
 * hundreds of rows draws three of these each). Gaps (slots with no value) break the line.
 */
import { memo } from 'react';

export interface SparklineProps {
  values: Float64Array;
  /** Top of the scale; default: the largest value (at least 1). */
  max?: number;
  width?: number;
  height?: number;
  color: string;
  label: string;
}

/** The path's `d`: x evenly over the slots, y from the bottom; a NaN starts a new segment. */
export function sparkPath(values: ArrayLike<number>, width: number, height: number, max: number): string {
  const n = values.length;
  if (n === 0) return '';
  const dx = n > 1 ? width / (n - 1) : 0;
  let d = '';
  let pen = false;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? NaN;
    if (Number.isNaN(v)) {
      pen = false;
      continue;
    }
    const y = height - 1 - (Math.min(v, max) / max) * (height - 2);
    d += `${pen ? 'L' : 'M'}${(i * dx).toFixed(1)} ${y.toFixed(1)}`;
    pen = true;
  }
  return d;
}

function SparklineImpl({ values, max, width = 64, height = 24, color, label }: SparklineProps) {
  let top = max ?? 1;
  if (max === undefined) for (const v of values) if (v > top) top = v;
  return (
    <svg className="sparkline" width={width} height={height} role="img" aria-label={label}>
      <title>{label}</title>
      <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} className="sparkline-base" />
      <path d={sparkPath(values, width, height, top)} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}

export const Sparkline = memo(SparklineImpl);
