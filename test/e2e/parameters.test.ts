// System parameters: edit a value, apply it through the diff dialog, reconnect (the saved host key
// means no prompt) and find the value again, in the UI and in the agent's own configuration.
import { describe, expect, it } from 'vitest';
import { connectAgent } from './support/agent';
import { shot } from './support/browser';
import { e2eHooks, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { connect, disconnect, expectServerState, expectToast, hostKeyDialog, openModule, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites();
const PARAM = 'SS_SIP_TIMEOUT_INVITE';

describe.skipIf(skip !== null)(`system parameters${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  e2eHooks('parameters', (x) => {
    e2e = x;
  });

  it(`changes ${PARAM} to 20, applies it, and reads 20 back after reconnecting`, async () => {
    const { page, sandbox, serverName } = e2e;
    await connect(page, serverName, await sandbox.sshd.fingerprint('ed25519'));
    let panel = await openModule(page, serverName, 'System parameters');
    await panel.getByRole('searchbox', { name: 'Search name, description or category' }).fill(PARAM);
    const editor = panel.getByRole('textbox', { name: PARAM, exact: true });
    await editor.waitFor({ timeout: UI_TIMEOUT });
    expect(await editor.inputValue()).toBe('10');
    await shot(page, 'parameters-01-loaded');

    await editor.fill('20');
    await editor.press('Enter');
    const staged = page.getByRole('region', { name: 'Staged changes' });
    await staged.getByText('1 staged change').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'parameters-02-staged');

    await staged.getByRole('button', { name: 'Apply now…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Apply changes to sandbox \(now at revision \d+\)$/ });
    await dialog.waitFor({ timeout: UI_TIMEOUT });
    // The summary sentence first; the field table one click away.
    await dialog.getByTestId('change-sentence').filter({ hasText: `${PARAM} 10 s (default) → 20 s` }).waitFor({ timeout: UI_TIMEOUT });
    await dialog.getByRole('radio', { name: 'Field by field' }).click();
    const row = dialog.getByRole('row').filter({ hasText: `params.${PARAM}` });
    await row.waitFor({ timeout: UI_TIMEOUT });
    expect((await row.getByRole('cell').allTextContents()).map((s) => s.trim())).toEqual([`params.${PARAM}`, '10 s (default)', '20 s']);
    await shot(page, 'parameters-03-apply-dialog');
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await expectToast(page, /^Applied to sandbox as revision \d+\.$/);
    await shot(page, 'parameters-04-applied');

    await disconnect(page, serverName);
    // A fresh page; offline it may only show the host's cached copy, labelled "Offline" (checked below).
    await page.reload();
    await expectServerState(page, serverName, 'Not connected');
    await shot(page, 'parameters-05-disconnected-reloaded');
    // Without a fingerprint, connect() fails unless the state reaches "Connected" with no dialog in between.
    await connect(page, serverName);
    expect(await hostKeyDialog(page, serverName).count()).toBe(0);
    await expectServerState(page, serverName, 'Connected');

    panel = await openModule(page, serverName, 'System parameters');
    await panel.getByRole('searchbox', { name: 'Search name, description or category' }).fill(PARAM);
    const again = panel.getByRole('textbox', { name: PARAM, exact: true });
    await expect.poll(() => again.inputValue(), { timeout: UI_TIMEOUT }).toBe('20');
    // Read from the server, not the cached copy: no offline banner, and Apply is available again.
    await expect.poll(() => panel.getByRole('status').filter({ hasText: 'Offline' }).count(), { timeout: UI_TIMEOUT }).toBe(0);
    await shot(page, 'parameters-06-after-reconnect');

    const agent = await connectAgent(sandbox.adminSocket);
    try {
      const { snapshot } = await agent.call('config.get', {});
      expect(snapshot.params[PARAM]).toBe(20);
    } finally {
      await agent.close();
    }
  });
});
