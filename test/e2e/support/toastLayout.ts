// Toasts must never cover what the operator is reading: a table's rows, the confirm countdown, the
// rollback notice. They may float over empty page. Measured on the real layout, at any page size.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Whether two boxes share any area (touching edges do not count). */
export const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function clip(a: Box, to: Box): Box | null {
  const x = Math.max(a.x, to.x);
  const y = Math.max(a.y, to.y);
  const right = Math.min(a.x + a.width, to.x + to.width);
  const bottom = Math.min(a.y + a.height, to.y + to.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/**
 * Checks that no visible toast intersects the visible rows of `table` (the part of each inside the tab
 * page) or the other boxes given (the countdown, a notice). Returns how many toasts were checked, so a caller can insist on one.
 * Toasts are found by Blueprint's toast class: the `alert` role sits on the message, not on the whole box.
 */
export async function expectToastsClear(page: Page, table: Locator | null, others: Locator[] = []): Promise<number> {
  const toasts = (await Promise.all((await page.locator('.bp6-toast').all()).map((t) => t.boundingBox()))).filter((b): b is Box => b !== null);
  const panel = await page.getByRole('tabpanel').boundingBox();
  expect(panel).not.toBeNull();
  const rows = table ? (await Promise.all((await table.getByRole('row').all()).map((r) => r.boundingBox()))).flatMap((b) => (b && panel ? (clip(b, panel) ?? []) : [])) : [];
  const extra = (await Promise.all(others.map((o) => o.boundingBox()))).filter((b): b is Box => b !== null);
  for (const toast of toasts) {
    for (const row of rows) expect(overlaps(toast, row), `a toast covers a table row ${JSON.stringify(row)}`).toBe(false);
    for (const box of extra) expect(overlaps(toast, box), `a toast covers ${JSON.stringify(box)}`).toBe(false);
  }
  return toasts.length;
}
