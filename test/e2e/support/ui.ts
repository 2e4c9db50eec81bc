// Steps the scenarios share, written the way a user sees the window (roles, labels, visible text).
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export const UI_TIMEOUT = 30_000;

export function navTree(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Servers' });
}

/** The tree item of a server (its row plus its module children), named by the server's name. */
export function serverRow(page: Page, name: string): Locator {
  return navTree(page).getByRole('treeitem', { name, exact: true });
}

/**
 * Selects the server in the tree and makes sure its modules are shown. A click on the label both
 * selects and toggles expansion, so an already selected server is left alone and the Right arrow
 * key (the tree's keyboard model) expands it.
 */
export async function selectServer(page: Page, name: string): Promise<Locator> {
  const node = serverRow(page, name);
  if ((await node.getAttribute('aria-selected')) !== 'true') await node.getByText(name, { exact: true }).click();
  if ((await node.getAttribute('aria-expanded')) !== 'true') {
    await node.focus();
    await node.press('ArrowRight');
  }
  await node.getByRole('treeitem', { name: 'System parameters', exact: true }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  return node;
}

/** Waits until the tree shows this connection state next to the server ("Connected", "Not connected"...). */
export async function expectServerState(page: Page, name: string, state: string): Promise<void> {
  // The state text is the tree item's accessible description. Polled by hand: this also runs in beforeAll, where expect.poll cannot.
  const row = serverRow(page, name);
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    const shown = await row.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? null, undefined, { timeout: UI_TIMEOUT });
    if (shown === state) return;
    if (Date.now() > deadline) throw new Error(`${name} shows the state "${shown}" in the tree, expected "${state}"`);
    await page.waitForTimeout(100);
  }
}

/** The host key dialog of a first connection. */
export function hostKeyDialog(page: Page, name: string): Locator {
  return page.getByRole('dialog', { name: `First connection to ${name}: check the host key` });
}

/** Connect from the tree toolbar; on a first connection check the fingerprint and accept it. */
export async function connect(page: Page, name: string, firstTimeFingerprint?: string): Promise<void> {
  await selectServer(page, name);
  await page.getByRole('button', { name: `Connect to ${name}` }).click();
  if (firstTimeFingerprint !== undefined) {
    const dialog = hostKeyDialog(page, name);
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    expect((await dialog.getByTestId('fingerprint').textContent())?.trim()).toBe(firstTimeFingerprint);
    await dialog.getByRole('button', { name: 'Accept key and connect' }).click();
  }
  await expectServerState(page, name, 'Connected');
}

export async function disconnect(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Disconnect from ${name}` }).click();
  await expectServerState(page, name, 'Not connected');
}

/** Opens (or focuses) a module of the server from the tree, e.g. "System parameters"; returns its tab panel. */
export async function openModule(page: Page, name: string, module: string): Promise<Locator> {
  const node = await selectServer(page, name);
  await node.getByRole('treeitem', { name: module, exact: true }).click();
  const tab = page.getByRole('tab', { name: new RegExp(`^${name} · ${module}`) }).last();
  await tab.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  expect(await tab.getAttribute('aria-selected')).toBe('true');
  // Inactive tab panels are hidden, so the one tab panel a user can see is the active one.
  return page.getByRole('tabpanel');
}

/** Waits for a toast carrying this text (Blueprint gives each toast message the alert role). */
export async function expectToast(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('alert').filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
}

/** The status bar at the bottom of the window. */
export function statusBar(page: Page): Locator {
  return page.getByRole('contentinfo');
}
