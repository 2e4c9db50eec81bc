// A change applied with "roll back unless I confirm" and left unconfirmed: the switch undoes it by
// itself, and the window says so loudly (toast that stays, notice that names what was undone, markers).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from './support/agent';
import { shot, shotIfFailed } from './support/browser';
import { startE2e, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { connect, expectToast, navTree, openModule, statusBar, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites();
/** The shortest confirm window the agent accepts: the whole wait is this plus the agent's rollback. */
const CONFIRM_SEC = 10;

describe.skipIf(skip !== null)(`automatic rollback${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e();
    await e2e.page.setViewportSize({ width: 1280, height: 720 });
  });
  afterEach(async (ctx) => {
    await shotIfFailed(e2e?.page, ctx, 'rollback');
  });
  afterAll(async () => {
    await e2e?.stop();
  });

  it('adds a gateway, applies it with confirm, lets the window run out and shows what was rolled back', async () => {
    const { page, sandbox, serverName } = e2e;
    await connect(page, serverName, await sandbox.sshd.fingerprint('ed25519'));

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
    expect(await routing.getByRole('table', { name: 'Routing gateways' }).getByRole('row').filter({ hasText: 'carrier-A' }).count()).toBe(0);
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
});
