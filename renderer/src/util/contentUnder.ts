// Whether a box (the toasts floating over the bottom-right of the pages) would hide something on the
// page below it: a table row, a control, a chart or diagram, a notice, or any visible text.

/** Things that count as content by their whole box (a row, even where its cells are empty, is the table). */
const CONTENT_BOXES = 'tr, [role=row], button, input, select, textarea, svg, canvas, img, [role=timer], [role=status], .bp6-callout, .staged-bar, .rollback-notice';

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** True when the two rectangles share some area (touching edges do not count). */
export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * True when `box` covers any content of `root`. Hidden elements have empty boxes, so a hidden tab's
 * rows never count; neither does the empty background of a page below a short table.
 */
export function contentUnder(box: Rect, root: Element): boolean {
  for (const el of Array.from(root.querySelectorAll(CONTENT_BOXES))) {
    if (rectsOverlap(el.getBoundingClientRect(), box)) return true;
  }
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = doc.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent?.trim()) continue;
    range.selectNodeContents(node);
    for (const r of Array.from(range.getClientRects())) if (rectsOverlap(r, box)) return true;
  }
  return false;
}
