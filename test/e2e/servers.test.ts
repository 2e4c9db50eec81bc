// Adding a server in the UI, then a first connection: the host key dialog shows the sandbox sshd's
// real SHA256 fingerprint and accepting it connects.
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/sshd';
import { addServerWithoutAgent, fakeAgentPackagesDir } from './support/installAgent';
import { shot, shotIfFailed } from './support/browser';
import { startE2e, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zhCN';
import { expectServerState, expectToast, hostKeyDialog, navTree, selectServer, serverRow, statusBar, UI_TIMEOUT } from './support/ui';
import { setLanguage } from './support/translatedUi';
import { englishLeftovers } from './support/untranslated';

const skip = e2ePrerequisites();
const NAME = 'Lab switch';

describe.skipIf(skip !== null)(`servers${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  let packagesDir: string;
  beforeAll(async () => {
    packagesDir = fakeAgentPackagesDir();
    e2e = await startE2e({ registerServer: false, agentPackagesDir: packagesDir });
  });
  afterEach(async (ctx) => {
    await shotIfFailed(e2e?.page, ctx, 'servers');
  });
  afterAll(async () => {
    await e2e?.stop();
    if (packagesDir) rmSync(packagesDir, { recursive: true, force: true });
  });

  it('adds a server with key auth and a custom agent socket, checks the host key and connects', async () => {
    const { page, sandbox } = e2e;
    // Said once, in the Fleet overview (the tree shows only its one entry).
    await page.getByRole('tabpanel').getByText('No servers yet', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByText(/No servers yet/).count()).toBe(1);
    expect(await navTree(page).getByRole('treeitem').allTextContents()).toEqual(['Fleet overview']);
    await shot(page, 'servers-01-empty');

    await navTree(page).getByRole('button', { name: 'Add server' }).click();
    const form = page.getByRole('dialog', { name: 'Add server' });
    await form.getByLabel('Name', { exact: true }).fill(NAME);
    await form.getByLabel('Group', { exact: true }).fill('Lab');
    await form.getByLabel('Host name or IP address').fill('127.0.0.1');
    await form.getByLabel('SSH port').fill(String(sandbox.sshd.port));
    await form.getByLabel('SSH user').fill(sandbox.sshd.user.name);
    await form.getByRole('combobox', { name: 'Sign in with' }).selectOption({ label: 'Private key file' });
    expect(await form.getByRole('combobox', { name: 'Access' }).inputValue()).toBe('admin');
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
    await statusBar(page).getByText(`${NAME}: Connected`).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'servers-04-connected');
    // The state text of the selected (blue) row is drawn in white, not in green on blue.
    const stateColour = await serverRow(page, NAME).evaluate((el) => getComputedStyle(document.getElementById(el.getAttribute('aria-describedby') ?? '')?.firstElementChild ?? el).color);
    expect(stateColour).toBe('rgb(255, 255, 255)');

    // Fleet overview, the first tab, now reports the live connection too.
    await page.getByRole('tab', { name: 'Fleet overview' }).click();
    await page.getByRole('tabpanel').filter({ hasText: NAME }).getByText('Connected', { exact: true }).first().waitFor({ timeout: UI_TIMEOUT });
    // The revision is known while connected (0: nothing applied yet), and the refresh button says what it does.
    const fleetRow = page.getByRole('tabpanel').getByRole('row').filter({ hasText: NAME });
    // Cells: server and connection, group, what needs a look, calls, CPU, ASR, gateways, revision …
    await expect.poll(async () => (await fleetRow.getByRole('cell').allTextContents())[7]?.trim(), { timeout: UI_TIMEOUT }).toBe('0');
    await fleetRow.getByRole('button', { name: 'Read the revision and engine states of' }).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'servers-05-fleet');
  });

  it('still shows the server as connected after the window is reloaded', async () => {
    const { page } = e2e;
    await page.reload();
    // No connection.state event comes after a reload: the state must come from servers.states.
    await expectServerState(page, NAME, 'Connected');
    await statusBar(page).getByText(`${NAME}: Connected`).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'servers-06-reloaded');
  });

  it('signs in with a password typed in the credentials dialog, asking again after a wrong one', async () => {
    const { page, sandbox } = e2e;
    const name = 'Password switch';
    await navTree(page).getByRole('button', { name: 'Add server' }).click();
    const form = page.getByRole('dialog', { name: 'Add server' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Group', { exact: true }).fill('Lab');
    await form.getByLabel('Host name or IP address').fill('127.0.0.1');
    await form.getByLabel('SSH port').fill(String(sandbox.sshd.port));
    await form.getByLabel('SSH user').fill(sandbox.sshd.user.name);
    await form.getByRole('combobox', { name: 'Sign in with' }).selectOption({ label: 'Password' });
    await form.getByLabel('Agent socket (optional)').fill(sandbox.adminSocket);
    await form.getByRole('button', { name: 'Add server' }).click();
    await form.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    await selectServer(page, name);
    await page.getByRole('button', { name: `Connect to ${name}` }).click();
    // Same sshd and host key as the first server, already saved: no host key question, only the password.
    const dialog = page.getByRole('dialog', { name: `Password for ${name}` });
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    expect(await hostKeyDialog(page, name).count()).toBe(0);
    await dialog.getByLabel(/^Password for /).fill('not-the-password');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.getByText('The previous answer was not accepted. Try again.').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'servers-07-password-retry');
    await dialog.getByLabel(/^Password for /).fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await expectServerState(page, name, 'Connected');
  });

  it('offers "Install agent…" on a server whose SSH works but has no agent, and shows what installing would do', async () => {
    const { page, sandbox } = e2e;
    const name = 'Bare server';
    // No agent listens on its socket: SSH logs in, the agent channel is refused.
    await addServerWithoutAgent(page, sandbox, name);
    await expectToast(page, /right-click the server and choose "Install agent…"/);
    // What happened and what to do, in plain words; the socket path and sshd wording only on request.
    const failed = page.getByRole('alert').filter({ hasText: en.connectFail['channel-refused'] }).first();
    expect(await failed.innerText()).toBe(`Could not connect to ${name}: ${en.connectFail['channel-refused']}\n${en.notice.details}`);
    await failed.getByText(en.notice.details, { exact: true }).click();
    await failed.getByText(/refused a stream to \/run\/switchdeck-e2e-no-agent\/admin\.sock .*\(channel-refused\)$/).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'servers-08-agent-missing-toast');

    await serverRow(page, name).getByText(name, { exact: true }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Install agent…' }).click();
    const dialog = page.getByRole('dialog', { name: `Install switch-agent on ${name}` });
    // Read from the real server over SSH: its OS, the login, and the steps.
    await dialog.getByText(`logged in as ${sandbox.sshd.user.name}`).waitFor({ timeout: UI_TIMEOUT });
    expect(await dialog.textContent()).toContain('Debian GNU/Linux 12 (bookworm)');
    const steps = await dialog.getByRole('listitem').allTextContents();
    expect(steps.at(-1)?.trim()).toBe('Connect');
    await shot(page, 'servers-08-install-agent-plan');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    // The same failure in Chinese: no English beyond the server's name and product names.
    await setLanguage(page, 'zh-CN');
    try {
      const zhTree = page.getByRole('navigation', { name: zhCN.nav.label });
      await zhTree.getByText(name, { exact: true }).click();
      await page.getByRole('button', { name: zhCN.nav.connect.replace('{{name}}', name) }).click();
      const zhFailed = page.getByRole('alert').filter({ hasText: zhCN.connectFail['channel-refused'] }).first();
      await zhFailed.waitFor({ timeout: UI_TIMEOUT });
      const shown = await zhFailed.innerText();
      expect(shown).toBe(`${zhCN.connect.failed.replace('{{name}}', name).replace('{{error}}', zhCN.connectFail['channel-refused'])}\n${zhCN.notice.details}`);
      expect(englishLeftovers([{ text: shown, where: 'toast' }], [name])).toEqual([]);
      await shot(page, 'servers-09-agent-missing-toast-zh-CN');
    } finally {
      await setLanguage(page, 'en');
    }
  });
});
