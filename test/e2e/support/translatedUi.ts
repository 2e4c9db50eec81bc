// Steps of the tests that run the window in either language: names come from that language's table.
import type { Locator, Page } from 'playwright-core';
import type { en } from '../../../renderer/src/i18n/en';
import type { SERVER_MODULES } from '../../../renderer/src/workspace/tabs';
import { UI_TIMEOUT } from './ui';

export type Table = typeof en;

/** Sets the interface language the way the status bar's picker stores it, and reloads. */
export async function setLanguage(page: Page, lang: string): Promise<void> {
  await page.evaluate((l) => localStorage.setItem('switchdeck.language', JSON.stringify(l)), lang);
  await page.reload();
}

export function tree(page: Page, t: Table): Locator {
  return page.getByRole('navigation', { name: t.nav.label });
}

/** Opens a module of the server (or the fleet overview) from the tree; returns the visible tab panel once loaded. */
export async function openModuleIn(page: Page, t: Table, server: string, module: (typeof SERVER_MODULES)[number] | 'fleet'): Promise<Locator> {
  if (module === 'fleet') {
    await tree(page, t).getByRole('treeitem', { name: t.modules.fleet, exact: true }).click();
  } else {
    const node = tree(page, t).getByRole('treeitem', { name: server, exact: true });
    await node.waitFor({ timeout: UI_TIMEOUT });
    if ((await node.getAttribute('aria-expanded')) !== 'true') {
      await node.focus();
      await node.press('ArrowRight');
    }
    await node.getByRole('treeitem', { name: t.modules[module], exact: true }).click();
  }
  const panel = page.locator('.tab-body[role=tabpanel]:not([hidden])');
  await panel.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  // Pages load from the agent: wait until no spinner is left in the panel.
  await page.waitForFunction(() => !document.querySelector('.tab-body:not([hidden]) .bp6-spinner'), null, { timeout: UI_TIMEOUT }).catch(() => undefined);
  return panel;
}
