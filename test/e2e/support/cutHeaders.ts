// Column headers whose text does not fit their cell: the measurable half of "every header readable".
import type { Page } from 'playwright-core';

/** Header cells of the visible tab (or the whole page) whose content is wider than the cell shows. */
export async function cutHeaders(page: Page, scope = '.tab-body[role=tabpanel]:not([hidden])'): Promise<string[]> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel) ?? document.body;
    const cut: string[] = [];
    for (const th of Array.from(root.querySelectorAll('th, [role=columnheader]'))) {
      if (!(th instanceof HTMLElement) || !th.checkVisibility()) continue;
      // The cell itself and anything inside it that clips (a label span with an ellipsis).
      const boxes = [th, ...Array.from(th.querySelectorAll<HTMLElement>('*'))];
      const clipped = boxes.some((el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && getComputedStyle(el).overflowX !== 'visible');
      if (clipped) cut.push(`"${(th.textContent ?? '').trim()}" (${th.clientWidth}px, needs ${th.scrollWidth}px)`);
    }
    return cut;
  }, scope);
}
