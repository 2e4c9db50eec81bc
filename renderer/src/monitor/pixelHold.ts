/**
 * A live chart need not redraw for a new sample that moves its picture by less than a pixel: on a
 * 1 h window 600 px wide a pixel is 6 s, and redrawing a dozen recharts charts every second costs
 * whole frames. A chart keeps the rows it last drew until its window has slid by a pixel; each
 * chart slides at its own phase so a page's charts do not all redraw in the same frame.
 */
import type { Row } from './downsample';

export interface Frame {
  rows: readonly Row[];
  from: number;
  to: number;
}

/**
 * What to draw now: `next`, or `prev` again when `next` only slid the window's end forward within
 * the same pixel (its start by less than a pixel) and both have rows. Anything else — new rows at
 * the same end (history loaded), a zoom, a jump, a first row — draws `next` at once.
 */
export function heldFrame(prev: Frame | null, next: Frame, plotWidth: number, phase: number): Frame {
  if (!prev || prev.rows.length === 0 || next.rows.length === 0 || next.to <= prev.to) return next;
  const pixelMs = (next.to - next.from) / Math.max(1, plotWidth);
  if (!(pixelMs > 0) || Math.abs(next.from - prev.from) >= pixelMs) return next;
  const slot = (t: number) => Math.floor(t / pixelMs + phase);
  return slot(next.to) === slot(prev.to) ? prev : next;
}

/** A stable fraction in [0, 1) for a chart (FNV-1a of its key): where in a pixel it redraws. */
export function chartPhase(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}
