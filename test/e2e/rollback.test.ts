// A change applied with "roll back unless I confirm" and left unconfirmed: the switch undoes it by
// itself, and the window says so loudly (toast that stays, notice that names what was undone, markers).
import { describe, expect, it } from 'vitest';
import { connectAgent } from './support/agent';
import { shot } from './support/browser';
import { e2eHooks, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { connect, expectToast, navTree, openModule, statusBar, UI_TIMEOUT } from './support/ui';
import { expectToastsClear } from './support/toastLayout';

const skip = e2ePrerequisites();
/** The shortest confirm window the agent accepts: the whole wait is this plus the agent's rollback. */
const CONFIRM_SEC = 10;

describe.skipIf(skip !== null)(`automatic rollback${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  // Each test starts connected (a retried test gets a new world, connected again).
  e2eHooks('rollback', async (x) => {
    e2e = x;
    await x.page.setViewportSize({ width: 1280, height: 720 });
    await connect(x.page, x.serverName, await x.sandbox.sshd.fingerprint('ed25519'));
  });

  it('adds a gateway, applies it with confirm, lets the window run out and shows what was rolled back', async () => {
    const { page, sandbox, serverName } = e2e;
    const routing = await openModule(page, serverName, 'Routing gateways');
    await routing.getByRole('button', { name: 'Add…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New routing gateway' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('carrier-A');
    await dialog.getByRole('textbox', { name: 'Address 1 host' }).fill('192.0.2.10');
    await dialog.getByRole('textbox', { name: 'Prefixes' }).fill('0086, 001');
    await dialog.getByRole('button', { name: 'Stage change' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    const staged = routing.getByRole('region', { name: 'Staged changes' });
    await staged.getByRole('button', { name: 'Apply now…' }).click();
    const apply = page.getByRole('dialog', { name: /^Apply changes to sandbox/ });
    await apply.getByTestId('change-sentence').filter({ hasText: 'Add routing gateway carrier-A: 192.0.2.10:5060 UDP, prefixes 0086/001' }).waitFor({ timeout: UI_TIMEOUT });
    await apply.getByText(/^Roll back automatically/).click();
    await apply.getByRole('spinbutton', { name: 'Seconds to confirm' }).fill(String(CONFIRM_SEC));
    await shot(page, 'rollback-01-apply-with-confirm');
    await apply.getByRole('button', { name: 'Apply', exact: true }).click();
    await apply.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    // The countdown, and the markers in the tree and the status bar while the revision waits.
    const countdown = routing.getByText(/^Revision \d+ is provisional: it rolls back in \d+ s unless you confirm it\.$/);
    await countdown.waitFor({ timeout: UI_TIMEOUT });
    const seconds = Number(/in (\d+) s/.exec((await countdown.textContent()) ?? '')?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(CONFIRM_SEC);
    await navTree(page).getByText(', waiting for confirmation').waitFor({ timeout: UI_TIMEOUT });
    await statusBar(page).getByText(new RegExp(`^${serverName}: waiting for confirmation \\(\\d+ s\\)$`)).waitFor({ timeout: UI_TIMEOUT });
    // At 1280×720 the "applied, confirm it" toast sits in its own row: not over the countdown or the rows.
    const table = routing.getByRole('table', { name: 'Routing gateways' });
    // Its timer may have run out while the markers were checked (a loaded machine): then there is nothing to cover.
    await page.getByRole('alert').filter({ hasText: /^Applied to sandbox as revision \d+\. Confirm it/ }).waitFor({ timeout: 2000 }).catch(() => undefined);
    await expectToastsClear(page, table, [countdown]);
    await shot(page, 'rollback-02-waiting');

    // Nobody confirms: the agent rolls back by itself and the window says what and why.
    const noticeTitle = routing.getByText(/^Revision \d+ was rolled back automatically$/);
    await noticeTitle.waitFor({ timeout: (CONFIRM_SEC + 30) * 1000 });
    const notice = routing.locator('.rollback-notice');
    await notice.getByTestId('change-sentence').filter({ hasText: 'Add routing gateway carrier-A: 192.0.2.10:5060 UDP, prefixes 0086/001' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await notice.textContent()).toContain('Nobody confirmed it before its confirm window ran out');
    await expectToast(page, /^sandbox: revision \d+ was rolled back automatically because nobody confirmed it .*Undone: Add routing gateway carrier-A/);
    await statusBar(page).getByText(/^sandbox: revision \d+ rolled back$/).waitFor({ timeout: UI_TIMEOUT });
    await navTree(page).getByText(', rolled back').waitFor({ timeout: UI_TIMEOUT });
    expect(await table.getByRole('row').filter({ hasText: 'carrier-A' }).count()).toBe(0);
    // The rollback toast stays until it is closed, and it covers neither the notice nor the table.
    expect(await expectToastsClear(page, table, [notice])).toBeGreaterThan(0);
    await shot(page, 'rollback-03-rolled-back');

    // The notice outlives a reload of the window until it is dismissed.
    await page.reload();
    await navTree(page).getByText(', rolled back').waitFor({ timeout: UI_TIMEOUT });
    const again = await openModule(page, serverName, 'Routing gateways');
    await again.getByText(/^Revision \d+ was rolled back automatically$/).waitFor({ timeout: UI_TIMEOUT });
    await again.locator('.rollback-notice').getByRole('button', { name: 'Dismiss' }).click();
    await statusBar(page).getByText(/rolled back$/).waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    const agent = await connectAgent(sandbox.adminSocket);
    try {
      const { snapshot, status } = await agent.call('config.get', {});
      expect(status).toBe('confirmed');
      expect(snapshot.routingGateways.map((g) => g.name)).not.toContain('carrier-A');
    } finally {
      await agent.close();
    }
  });

  it('keeps the table where it is when a toast comes (the toast floats over empty space)', async () => {
    const { page, sandbox, serverName } = e2e;
    const agent = await connectAgent(sandbox.adminSocket);
    try {
      const { snapshot } = await agent.call('config.get', {});
      await agent.call('config.apply', { baseRevision: snapshot.revision, ops: [{ op: 'routingGateway.upsert', gateway: { name: 'carrier-B', prefixes: ['0044'], addresses: [{ host: '192.0.2.11', port: 5060 }] } }] });
    } finally {
      await agent.close();
    }
    const routing = await openModule(page, serverName, 'Routing gateways');
    await routing.getByRole('button', { name: 'Reload from server' }).click();
    const table = routing.getByRole('table', { name: 'Routing gateways' });
    const row = table.getByRole('row').filter({ hasText: 'carrier-B' });
    await row.click();
    await routing.getByRole('button', { name: 'Disable', exact: true }).click();
    const staged = routing.getByRole('region', { name: 'Staged changes' });
    await staged.getByText('1 staged change').waitFor({ timeout: UI_TIMEOUT });
    // No toast left from before (errors stay until closed; notices fade).
    for (const close of await page.locator('.bp6-toast').getByRole('button', { name: 'Close' }).all()) await close.click();
    await page.locator('.bp6-toast').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const before = { row: await row.boundingBox(), page: await routing.boundingBox() };
    // Saving the draft raises a toast; the staged bar below the table goes, which moves nothing above it.
    await staged.getByRole('button', { name: 'Save as draft' }).click();
    const dialog = page.getByRole('dialog', { name: `Save changes for ${serverName} as a draft` });
    await dialog.getByLabel('Draft title').fill('Disable carrier-B');
    await dialog.getByRole('button', { name: 'Save as draft' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await expectToast(page, `Draft “Disable carrier-B” saved for ${serverName}.`);
    const after = { row: await row.boundingBox(), page: await routing.boundingBox() };
    await shot(page, 'rollback-04-toast-over-empty-space');
    expect(after).toEqual(before);
    expect(await expectToastsClear(page, table)).toBe(1);
  });
});
