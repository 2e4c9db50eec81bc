// Keyboard only, no mouse: add a server, connect (accept its host key), open System parameters,
// change a value, apply it with "roll back unless I confirm", and confirm; then add a routing gateway from the tree, apply it with a confirm window, let it pass and see the rollback. Every step is a key press;
// locators are used only to check where the focus is and what the window shows.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { connectAgent } from './support/agent';
import { shot, shotIfFailed } from './support/browser';
import { startE2e, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { expectServerState, hostKeyDialog, navTree, serverRow, statusBar, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites();
const NAME = 'kbd-switch';
const PARAM = 'SS_SIP_TIMEOUT_INVITE';

const focused = (l: Locator) => l.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false);

/** Presses Tab (or another key) until the focus is on `target`, as a keyboard user would. */
async function moveTo(page: Page, target: Locator, key = 'Tab', max = 80): Promise<void> {
  await target.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${target.toString()}`);
}

async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await moveTo(page, field);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

describe.skipIf(skip !== null)(`keyboard only${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ registerServer: false });
  });
  afterEach(async (ctx) => {
    await shotIfFailed(e2e?.page, ctx, 'keyboard');
  });
  afterAll(async () => {
    await e2e?.stop();
  });

  it('adds a server, changes a parameter, applies with confirm and confirms, without the mouse', async () => {
    const { page, sandbox } = e2e;
    await moveTo(page, navTree(page).getByRole('button', { name: 'Add server' }));
    await page.keyboard.press('Enter');

    const form = page.getByRole('dialog', { name: 'Add server' });
    const name = form.getByRole('textbox', { name: 'Name', exact: true });
    await expect.poll(() => focused(name), { timeout: UI_TIMEOUT }).toBe(true);
    await page.keyboard.type(NAME);
    await typeInto(page, form.getByRole('textbox', { name: 'Host name or IP address' }), sandbox.sshd.host);
    await typeInto(page, form.getByRole('textbox', { name: 'SSH port' }), String(sandbox.sshd.port));
    await typeInto(page, form.getByRole('textbox', { name: 'SSH user' }), sandbox.sshd.user.name);
    await typeInto(page, form.getByRole('textbox', { name: 'Private key file' }), sandbox.sshd.userKeyPath);
    await typeInto(page, form.getByRole('textbox', { name: 'Agent socket (optional)' }), sandbox.adminSocket);
    await shot(page, 'keyboard-01-add-server');
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    // The tree: focus the new server, select it with Enter, then the toolbar's Connect.
    const server = serverRow(page, NAME);
    await moveTo(page, server);
    await page.keyboard.press('Enter');
    await moveTo(page, page.getByRole('button', { name: `Connect to ${NAME}` }));
    await page.keyboard.press('Enter');
    const hostKey = hostKeyDialog(page, NAME);
    await hostKey.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    expect((await hostKey.getByTestId('fingerprint').textContent())?.trim()).toBe(await sandbox.sshd.fingerprint('ed25519'));
    await moveTo(page, hostKey.getByRole('button', { name: 'Accept key and connect' }));
    await page.keyboard.press('Enter');
    await expectServerState(page, NAME, 'Connected');

    // Back to the server in the tree, expand it, arrow down to System parameters and open it.
    await moveTo(page, server);
    if ((await server.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
    const paramsNode = server.getByRole('treeitem', { name: 'System parameters', exact: true });
    await moveTo(page, paramsNode, 'ArrowDown', 20);
    await page.keyboard.press('Enter');
    const panel = page.getByRole('tabpanel');
    await page.getByRole('tab', { name: new RegExp(`^${NAME} · System parameters`) }).waitFor({ timeout: UI_TIMEOUT });

    await typeInto(page, panel.getByRole('searchbox', { name: 'Search name, description or category' }), PARAM);
    const editor = panel.getByRole('textbox', { name: PARAM, exact: true });
    await expect.poll(() => editor.inputValue(), { timeout: UI_TIMEOUT }).toBe('10');
    await typeInto(page, editor, '20');
    await page.keyboard.press('Enter');
    const staged = panel.getByRole('region', { name: 'Staged changes' });
    await staged.getByText('1 staged change').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'keyboard-02-staged');

    await moveTo(page, staged.getByRole('button', { name: 'Apply now…' }));
    await page.keyboard.press('Enter');
    const apply = page.getByRole('dialog', { name: /^Apply changes to kbd-switch/ });
    await apply.getByTestId('change-sentence').filter({ hasText: `${PARAM} 10 s (default) → 20 s` }).waitFor({ timeout: UI_TIMEOUT });
    await moveTo(page, apply.getByRole('checkbox', { name: /^Roll back automatically/ }));
    await page.keyboard.press('Space');
    await shot(page, 'keyboard-03-apply-with-confirm');
    await moveTo(page, apply.getByRole('button', { name: 'Apply', exact: true }));
    await page.keyboard.press('Enter');
    await apply.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    await panel.getByText(/^Revision \d+ is provisional: it rolls back in \d+ s unless you confirm it\.$/).waitFor({ timeout: UI_TIMEOUT });
    const waiting = statusBar(page).getByText(/waiting for confirmation/);
    await waiting.waitFor({ timeout: UI_TIMEOUT });
    await moveTo(page, panel.getByRole('button', { name: 'Confirm', exact: true }));
    await page.keyboard.press('Enter');
    await waiting.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await shot(page, 'keyboard-04-confirmed');

    const agent = await connectAgent(sandbox.adminSocket);
    try {
      const { snapshot, status } = await agent.call('config.get', {});
      expect(status).toBe('confirmed');
      expect(snapshot.params[PARAM]).toBe(20);
    } finally {
      await agent.close();
    }
  });

  it('applies another change with confirm, leaves it unconfirmed and sees the automatic rollback, without the mouse', async () => {
    const { page, sandbox } = e2e;
    const panel = page.getByRole('tabpanel');
    const editor = panel.getByRole('textbox', { name: PARAM, exact: true });
    await expect.poll(() => editor.inputValue(), { timeout: UI_TIMEOUT }).toBe('20');
    await typeInto(page, editor, '30');
    await page.keyboard.press('Enter');
    const staged = panel.getByRole('region', { name: 'Staged changes' });
    await moveTo(page, staged.getByRole('button', { name: 'Apply now…' }));
    await page.keyboard.press('Enter');
    const apply = page.getByRole('dialog', { name: /^Apply changes to kbd-switch/ });
    await moveTo(page, apply.getByRole('checkbox', { name: /^Roll back automatically/ }));
    await page.keyboard.press('Space');
    // The shortest window the agent accepts, so the test waits 10 s rather than the default 2 minutes.
    await typeInto(page, apply.getByLabel('Seconds to confirm', { exact: true }), '10');
    await moveTo(page, apply.getByRole('button', { name: 'Apply', exact: true }));
    await page.keyboard.press('Enter');
    await apply.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    await panel.getByText(/^Revision \d+ was rolled back automatically$/).waitFor({ timeout: UI_TIMEOUT + 10_000 });
    await page.getByRole('alert').filter({ hasText: /rolled back/ }).first().waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'keyboard-05-rolled-back');
    const agent = await connectAgent(sandbox.adminSocket);
    try {
      const { snapshot } = await agent.call('config.get', {});
      expect(snapshot.params[PARAM]).toBe(20);
    } finally {
      await agent.close();
    }
  });

  it('adds a routing gateway from the tree, applies it with confirm, lets the window pass and sees it rolled back, without the mouse', async () => {
    const { page, sandbox } = e2e;
    const GW = 'kbd-gw';
    // The tree: the server node, into its children with the arrows, open Routing gateways with Enter.
    // The tree is one Tab stop (roving focus): Tab into it, Home to the top, then the arrows.
    await moveTo(page, navTree(page).locator('[role=treeitem][tabindex="0"]'));
    await page.keyboard.press('Home');
    await moveTo(page, serverRow(page, NAME), 'ArrowDown', 30);
    if ((await serverRow(page, NAME).getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
    await moveTo(page, navTree(page).getByRole('treeitem', { name: 'Routing gateways', exact: true }), 'ArrowDown', 30);
    await page.keyboard.press('Enter');
    const panel = page.getByRole('tabpanel');
    await moveTo(page, panel.getByRole('button', { name: /^Add/ }).first());
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog', { name: /routing gateway/i });
    const name = dialog.getByRole('textbox', { name: 'Name', exact: true });
    await expect.poll(() => focused(name), { timeout: UI_TIMEOUT }).toBe(true);
    await page.keyboard.type(GW);
    await typeInto(page, dialog.getByRole('textbox', { name: 'Address 1 host', exact: true }), '192.0.2.77');
    await moveTo(page, dialog.getByRole('button', { name: 'Stage change', exact: true }));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    const staged = panel.getByRole('region', { name: 'Staged changes' });
    await moveTo(page, staged.getByRole('button', { name: 'Apply now…' }));
    await page.keyboard.press('Enter');
    const apply = page.getByRole('dialog', { name: /^Apply changes to kbd-switch/ });
    await apply.getByText(GW).first().waitFor({ timeout: UI_TIMEOUT });
    await moveTo(page, apply.getByRole('checkbox', { name: /^Roll back automatically/ }));
    await page.keyboard.press('Space');
    await typeInto(page, apply.getByLabel('Seconds to confirm', { exact: true }), '10');
    await shot(page, 'keyboard-06-gateway-apply');
    await moveTo(page, apply.getByRole('button', { name: 'Apply', exact: true }));
    await page.keyboard.press('Enter');
    await apply.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await panel.getByRole('row').filter({ hasText: GW }).waitFor({ timeout: UI_TIMEOUT });

    // Nobody confirms: the notice on the page and a toast, and the gateway is gone again.
    await panel.getByText(/^Revision \d+ was rolled back automatically$/).waitFor({ timeout: UI_TIMEOUT + 10_000 });
    await page.getByRole('alert').filter({ hasText: /rolled back/ }).first().waitFor({ timeout: UI_TIMEOUT });
    await panel.getByRole('row').filter({ hasText: GW }).waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await shot(page, 'keyboard-07-gateway-rolled-back');
    const agent = await connectAgent(sandbox.adminSocket);
    try {
      const { snapshot } = await agent.call('config.get', {});
      expect(snapshot.routingGateways.map((g) => g.name)).not.toContain(GW);
    } finally {
      await agent.close();
    }
  });

  // For people to look at (test-results/e2e/lang-zh-*.png): the main screens in Simplified Chinese at
  // the two window sizes operators use; checks that nothing overflows the window sideways.
  it('shows the main screens in Simplified Chinese at 1280×720 and 1440×900', async () => {
    const { page } = e2e;
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('combobox', { name: '界面语言' }).waitFor({ timeout: UI_TIMEOUT });
    const server = page.getByRole('navigation', { name: '服务器' }).getByRole('treeitem', { name: NAME, exact: true });
    const modules = [
      ['params', '系统参数'],
      ['routing', '路由网关'],
      ['mapping', '对接网关'],
      ['history', '历史版本'],
      ['calls', '当前通话'],
      ['cdr', '话单'],
      ['alerts', '告警'],
    ] as const;
    for (const [w, h] of [[1280, 720], [1440, 900]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.getByRole('tab', { name: '服务器总览' }).click();
      await shot(page, `lang-zh-${w}-fleet`);
      for (const [id, label] of modules) {
        await server.getByRole('treeitem', { name: label, exact: true }).click();
        await page.getByRole('tab', { name: new RegExp(`^${NAME} · ${label}`) }).waitFor({ timeout: UI_TIMEOUT });
        await shot(page, `lang-zh-${w}-${id}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      }
    }
    await page.getByRole('tab', { name: new RegExp(`^${NAME} · 路由网关`) }).click();
    await page.getByRole('tabpanel').getByRole('button', { name: '添加…' }).first().click();
    await page.getByRole('dialog', { name: '新建路由网关' }).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'lang-zh-1440-routing-dialog');
    await page.keyboard.press('Escape');
  });
});
