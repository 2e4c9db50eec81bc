// The layout sweep's measurable checks, run in the page: a screen opened wider than its pane, text
// drawn over other text, and a dialog reaching past the window.
import type { Page } from 'playwright-core';

/** How far the open tab's content is wider than its pane, and whether it opened scrolled sideways. */
export async function sideways(page: Page): Promise<{ overflow: number; scrolled: number; where: string }> {
  return page.evaluate(() => {
    let worst = { overflow: 0, scrolled: 0, where: '' };
    const panel = document.querySelector('.tab-body[role=tabpanel]:not([hidden])');
    if (!panel) return worst;
    for (const el of [panel, ...Array.from(panel.querySelectorAll('*'))]) {
      if (!(el instanceof HTMLElement) || !el.checkVisibility()) continue;
      const style = getComputedStyle(el);
      if (!['auto', 'scroll'].includes(style.overflowX) && el !== panel) continue;
      // Tables are allowed to scroll sideways inside their own box (.table-scroll holds one table); a whole page is not.
      if (el.matches('.table-scroll') || el.closest('.virtual-table, .bp6-html-table, table, .xterm')) continue;
      const overflow = el.scrollWidth - el.clientWidth;
      if (overflow > worst.overflow || el.scrollLeft > worst.scrolled) worst = { overflow, scrolled: el.scrollLeft, where: `${el.tagName.toLowerCase()}.${el.className}` };
    }
    return worst;
  });
}

/**
 * Pieces of visible text that overlap another piece of text (labels of a diagram drawn over each other,
 * a cell's text running into the next cell), in the open dialog or else the visible tab page. Each text
 * is measured by its own glyph boxes, clipped to the box that scrolls or clips it, so text scrolled out
 * of sight does not count. At most `limit` pairs are returned, each as "a" × "b" (where).
 */
export async function overlappingText(page: Page, limit = 10): Promise<string[]> {
  return page.evaluate((max) => {
    const root = Array.from(document.querySelectorAll('[role=dialog], .tab-body[role=tabpanel]:not([hidden])')).find((el) => el.checkVisibility()) ?? null;
    if (!root) return [];
    interface Piece { text: string; el: Element; r: DOMRect }
    const pieces: Piece[] = [];
    const clipOf = (el: Element): DOMRect => {
      let box = new DOMRect(0, 0, window.innerWidth, window.innerHeight);
      for (let a: Element | null = el.parentElement; a; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const b = a.getBoundingClientRect();
        const left = Math.max(box.left, b.left);
        const top = Math.max(box.top, b.top);
        box = new DOMRect(left, top, Math.max(0, Math.min(box.right, b.right) - left), Math.max(0, Math.min(box.bottom, b.bottom) - top));
      }
      return box;
    };
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = (n.textContent ?? '').trim();
      if (!el || !text || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      const c = clipOf(el);
      const left = Math.max(r.left, c.left);
      const top = Math.max(r.top, c.top);
      const right = Math.min(r.right, c.right);
      const bottom = Math.min(r.bottom, c.bottom);
      if (right - left < 1 || bottom - top < 1) continue;
      pieces.push({ text, el, r: new DOMRect(left, top, right - left, bottom - top) });
    }
    const out: string[] = [];
    for (let i = 0; i < pieces.length && out.length < max; i++) {
      for (let j = i + 1; j < pieces.length && out.length < max; j++) {
        const a = pieces[i] as Piece;
        const b = pieces[j] as Piece;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        // A shared edge or a pixel of antialiasing is not an overlap a reader notices.
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 2 && h > 2) out.push(`"${a.text.slice(0, 40)}" × "${b.text.slice(0, 40)}" (${a.el.tagName.toLowerCase()}.${String(a.el.getAttribute('class') ?? '').slice(0, 30)} / ${b.el.tagName.toLowerCase()}.${String(b.el.getAttribute('class') ?? '').slice(0, 30)})`);
      }
    }
    return out;
  }, limit);
}

/** Open dialogs whose box reaches past the window (a button the user cannot reach). */
export async function dialogsOffScreen(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[role=dialog]'))
      .filter((d) => d.checkVisibility())
      .flatMap((d) => {
        const r = d.getBoundingClientRect();
        const out = r.left < 0 || r.top < 0 || r.right > window.innerWidth + 0.5 || r.bottom > window.innerHeight + 0.5;
        return out ? [`dialog "${d.getAttribute('aria-label') ?? ''}" at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} in ${window.innerWidth}×${window.innerHeight}`] : [];
      }),
  );
}

/** Closes every toast (errors stay until closed), so a screenshot shows the screen itself. */
export async function closeToasts(page: Page): Promise<void> {
  for (const close of await page.locator('.bp6-toast').getByRole('button').all()) await close.click().catch(() => undefined);
  await page.locator('.bp6-toast').first().waitFor({ state: 'detached', timeout: 10_000 });
}

/**
 * Names in the server tree that are cut (drawn with an ellipsis or clipped) and state texts that wrap onto
 * a second line: the tree's state must leave the name its room. Each as "name" (why).
 */
export async function cutTreeNames(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const lines = (el: Element): number => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      return tops.size;
    };
    const out: string[] = [];
    for (const content of Array.from(document.querySelectorAll('[role=tree] [role=treeitem] > .bp6-tree-node-content'))) {
      if (!content.checkVisibility()) continue;
      const label = content.querySelector(':scope > .bp6-tree-node-label');
      const state = content.querySelector(':scope > .bp6-tree-node-secondary-label');
      const name = (label?.textContent ?? '').trim();
      // Chromium draws the ellipsis as soon as the text is a fraction of a pixel wider than its box, and
      // scrollWidth/clientWidth are rounded: compare the text's own width with the box, unrounded.
      if (label instanceof HTMLElement) {
        const range = document.createRange();
        range.selectNodeContents(label);
        const style = getComputedStyle(label);
        const box = label.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const text = range.getBoundingClientRect().width;
        if (text > box + 0.01) out.push(`"${name}" cut to ${box.toFixed(1)}px of ${text.toFixed(1)}px`);
      }
      if (label && lines(label) > 1) out.push(`"${name}" on ${lines(label)} lines`);
      if (state && lines(state) > 1) out.push(`"${name}": its state "${(state.textContent ?? '').trim()}" on ${lines(state)} lines`);
    }
    return out;
  });
}

/**
 * The Debug trace's call flow cut at the bottom while the list pane above it has empty space (more than
 * one row's height below its rows): the room the diagram needs sits unused. Empty when the call flow fits
 * or the list is full.
 */
export async function callFlowCut(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const panel = Array.from(document.querySelectorAll('.tab-body[role=tabpanel]')).find((el) => el.checkVisibility());
    const ladder = panel?.querySelector('.trace-ladder');
    const list = panel?.querySelector('.trace-list-pane');
    if (!(ladder instanceof HTMLElement) || !(list instanceof HTMLElement) || !ladder.checkVisibility()) return [];
    const hidden = ladder.scrollHeight - ladder.clientHeight;
    // What the list pane shows: its table (or its empty-state text); the rest of the pane is empty.
    const content = list.querySelector('table') ?? list.firstElementChild;
    const used = content ? Math.min(content.getBoundingClientRect().height, list.clientHeight) : 0;
    const empty = list.clientHeight - used;
    const ROW = 26;
    return hidden > 1 && empty > ROW ? [`call flow cut by ${hidden}px while the list pane has ${Math.round(empty)}px empty (${Math.round(used)}px of ${list.clientHeight}px used)`] : [];
  });
}
