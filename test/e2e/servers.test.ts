// Adding a server in the UI, then a first connection: the host key dialog shows the sandbox sshd's
// real SHA256 fingerprint and accepting it connects.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shot, shotIfFailed } from './support/browser';
import { startE2e, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { expectServerState, expectToast, hostKeyDialog, navTree, selectServer, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites();
const NAME = 'Lab switch';

describe.skipIf(skip !== null)(`servers${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ registerServer: false });
  });
  afterEach(async (ctx) => {
    await shotIfFailed(e2e?.page, ctx, 'servers');
  });
  afterAll(async () => {
    await e2e?.stop();
  });

  it('adds a server with key auth and a custom agent socket, checks the host key and connects', async () => {
    const { page, sandbox } = e2e;
    await navTree(page).getByText('No servers yet', { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'servers-01-empty');

    await navTree(page).getByRole('button', { name: 'Add server' }).click();
    const form = page.getByRole('dialog', { name: 'Add server' });
    await form.getByLabel('Name', { exact: true }).fill(NAME);
    await form.getByLabel('Group', { exact: true }).fill('Lab');
    await form.getByLabel('Host name or IP address').fill('127.0.0.1');
    await form.getByLabel('SSH port').fill(String(sandbox.sshd.port));
    await form.getByLabel('SSH user').fill(sandbox.sshd.user.name);
    // "Sign in with" has no accessible name (its FormGroup label is not tied to the select): found by its options.
    const authSelect = form.locator('select').filter({ has: page.locator('option', { hasText: 'SSH agent' }) });
    await authSelect.selectOption({ label: 'Private key file' });
    await form.getByLabel('Private key file').fill(sandbox.sshd.userKeyPath);
    await form.getByLabel('Agent socket (optional)').fill(sandbox.adminSocket);
    await shot(page, 'servers-02-form-filled');
    await form.getByRole('button', { name: 'Add server' }).click();
    await form.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await expectServerState(page, NAME, 'Not connected');

    await selectServer(page, NAME);
    await page.getByRole('button', { name: `Connect to ${NAME}` }).click();
    const dialog = hostKeyDialog(page, NAME);
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await shot(page, 'servers-03-host-key');
    const shown = (await dialog.getByTestId('fingerprint').textContent())?.trim();
    expect(shown).toBe(await sandbox.sshd.fingerprint('ed25519'));
    expect(await dialog.textContent()).toContain(`127.0.0.1]:${sandbox.sshd.port}`);

    await dialog.getByRole('button', { name: 'Accept key and connect' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await expectServerState(page, NAME, 'Connected');
    await expectToast(page, `Connected to ${NAME}.`);
    await page.locator('footer').getByText(`${NAME}: Connected`).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'servers-04-connected');

    // Fleet overview, the first tab, now reports the live connection too.
    await page.getByRole('tab', { name: 'Fleet overview' }).click();
    await page.getByRole('tabpanel').filter({ hasText: NAME }).getByText('Connected', { exact: true }).first().waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'servers-05-fleet');
  });
});
