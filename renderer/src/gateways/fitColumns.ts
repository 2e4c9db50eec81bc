import { useEffect, useState, type RefObject } from 'react';

/** Columns narrower than this share of their set width cut too much text: the table scrolls sideways instead. */
export const MIN_FIT = 0.6;

/**
 * How much to narrow every column so a table fits its pane (1 when it already fits or the pane is not
 * measured yet): at 1280 px a table of many columns shows all of them rather than opening cut at the edge.
 */
export function fitFactor(paneWidth: number, totalWidth: number): number {
  if (paneWidth <= 0 || totalWidth <= paneWidth) return 1;
  return Math.max(MIN_FIT, paneWidth / totalWidth);
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
