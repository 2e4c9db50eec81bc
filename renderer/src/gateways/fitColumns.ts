import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';

/**
 * Column widths that fit a pane without cutting a header. Every column keeps at least its floor (what
 * its header needs to be read in full); only the room above the floors shrinks, in proportion to it.
 * When even the floors do not fit, the table keeps them and scrolls sideways inside its own box.
 * A pane not measured yet (0) leaves the widths as they are.
 */
export function fitWidths(paneWidth: number, sizes: readonly number[], floors: readonly number[]): number[] {
  const base = sizes.map((s, i) => Math.max(s, floors[i] ?? 0));
  const total = base.reduce((a, b) => a + b, 0);
  if (paneWidth <= 0 || total <= paneWidth) return base;
  const floorTotal = base.reduce((a, _, i) => a + Math.min(base[i] ?? 0, floors[i] ?? 0), 0);
  const slack = total - floorTotal;
  if (floorTotal >= paneWidth || slack <= 0) return base.map((b, i) => Math.min(b, floors[i] ?? b));
  const keep = (paneWidth - floorTotal) / slack;
  // Whole pixels, rounded down, so the sum never passes the pane and no scroll bar appears for a fraction.
  return base.map((b, i) => {
    const f = Math.min(b, floors[i] ?? 0);
    return Math.floor(f + (b - f) * keep);
  });
}

/** The inner width of an element (without its scroll bar), following resizes. */
export function usePaneWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    const measure = () => setWidth(el.clientWidth);
    measure();
    const obs = new ResizeObserver(measure);
    obs.observe(el);
    return () => obs.disconnect();
  }, [ref]);
  return width;
}

/**
 * The width each header cell needs to show its whole content (label, icons, padding), measured in the
 * page's font, keyed by column id. Measured again when the labels change (another language). Labels
 * are nowrap inline boxes, so their width does not depend on the cell's and the measure is stable.
 */
export function useHeaderFloors(ref: RefObject<HTMLElement | null>, labelsKey: string): Record<string, number> {
  const [floors, setFloors] = useState<Record<string, number>>({});
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const next: Record<string, number> = {};
    for (const th of Array.from(el.querySelectorAll<HTMLElement>('thead th[data-col]'))) {
      const style = getComputedStyle(th);
      const pad = (parseFloat(style.paddingLeft) || 0) + (parseFloat(style.paddingRight) || 0);
      const parts = Array.from(th.querySelectorAll<HTMLElement>('[data-fit]')).reduce((sum, c) => sum + c.getBoundingClientRect().width + (parseFloat(getComputedStyle(c).marginLeft) || 0), 0);
      // jsdom and hidden panes measure 0: no floor then, rather than a wrong one.
      if (parts > 0) next[th.dataset.col ?? ''] = Math.ceil(parts + pad + 2);
    }
    setFloors((old) => (JSON.stringify(old) === JSON.stringify(next) ? old : next));
  }, [ref, labelsKey]);
  return floors;
}
