// Steps the scenarios share, written the way a user sees the window (roles, labels, visible text).
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export const UI_TIMEOUT = 30_000;

export function navTree(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Servers' });
}

/** The tree row of a server (Blueprint's Tree has no treeitem roles, so the row is found by its label). */
export function serverRow(page: Page, name: string): Locator {
  return navTree(page).locator('.bp6-tree-node-content').filter({ has: page.getByText(name, { exact: true }) });
}

/** The server's tree node (its row plus its module children). */
function serverNode(page: Page, name: string): Locator {
  return serverRow(page, name).locator('xpath=..');
}

/**
 * Selects the server in the tree and makes sure its modules are shown. A click on the label both
 * selects and toggles expansion, so an already selected server is left alone and the caret expands it.
 */
export async function selectServer(page: Page, name: string): Promise<Locator> {
  const node = serverNode(page, name);
  const modules = node.getByText('System parameters', { exact: true });
  if (!/\bbp6-tree-node-selected\b/.test((await node.getAttribute('class')) ?? '')) await serverRow(page, name).getByText(name, { exact: true }).click();
  if (!(await modules.isVisible())) await serverRow(page, name).locator('.bp6-tree-node-caret-closed').click();
  await modules.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  return node;
}

/** Waits until the tree shows this connection state next to the server ("Connected", "Not connected"...). */
export async function expectServerState(page: Page, name: string, state: string): Promise<void> {
  await serverRow(page, name).getByText(state, { exact: true }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
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
  await node.getByText(module, { exact: true }).click();
  const tab = page.getByRole('tab', { name: new RegExp(`^${name} · ${module}`) }).last();
  await tab.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  expect(await tab.getAttribute('aria-selected')).toBe('true');
  return page.locator('.tab-body:not([hidden])');
}

/** Waits for a toast (Blueprint's toaster) carrying this text. */
export async function expectToast(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('.bp6-toast').filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
}
