// Drafts: one made during an outage (sshd stopped, on the cached configuration) is pushed once the server is back; one made on an old base
// meets a change made meanwhile on the server, and the push shows the per-field conflict to settle.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connectAgent } from './support/agent';
import { shot } from './support/browser';
import { e2eHooks, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { en } from '../../renderer/src/i18n/en';
import { connect, disconnect, expectServerState, expectToast, openModule, selectServer, statusBar, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites();

/** Stages one parameter value on the System parameters page and saves it as a titled draft. */
async function saveParamDraft(page: Page, server: string, param: string, value: string, title: string, checkBar?: (staged: Locator) => Promise<void>): Promise<void> {
  const panel = await openModule(page, server, 'System parameters');
  await panel.getByRole('searchbox', { name: 'Search name, description or category' }).fill(param);
  const editor = panel.getByRole('textbox', { name: param, exact: true });
  await editor.fill(value);
  await editor.press('Enter');
  const staged = panel.getByRole('region', { name: 'Staged changes' });
  await staged.getByText('1 staged change').waitFor({ timeout: UI_TIMEOUT });
  await checkBar?.(staged);
  await staged.getByRole('button', { name: 'Save as draft' }).click();
  const dialog = page.getByRole('dialog', { name: `Save changes for ${server} as a draft` });
  await dialog.getByLabel('Draft title').fill(title);
  await dialog.getByRole('button', { name: 'Save as draft' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  await expectToast(page, `Draft “${title}” saved for ${server}.`);
}

/** Opens the Drafts module and selects the draft by its title; returns the tab panel. */
async function openDraft(page: Page, server: string, title: string) {
  const panel = await openModule(page, server, 'Drafts');
  await panel.getByRole('row').filter({ hasText: title }).click();
  await panel.getByRole('button', { name: 'Push…' }).waitFor({ timeout: UI_TIMEOUT });
  return panel;
}

describe.skipIf(skip !== null)(`drafts${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  e2eHooks('drafts', async (x) => {
    e2e = x;
    await connect(x.page, x.serverName, await x.sandbox.sshd.fingerprint('ed25519'));
  });

  it('makes a draft while sshd is down (on the cached configuration) and pushes it once the server is reachable again', async () => {
    const { page, sandbox, serverName } = e2e;
    await disconnect(page, serverName);
    await sandbox.sshd.stop();

    // Unreachable: connecting fails with a plain sentence for the SSH reason (not the RPC code it travels under).
    await selectServer(page, serverName);
    await page.getByRole('button', { name: `Connect to ${serverName}` }).click();
    await expectServerState(page, serverName, 'Failed');
    await expectToast(page, `Could not connect to ${serverName}: ${en.connectFail['connection-refused']}`);

    // The parameters page works on the copy cached at the last connection, labelled as such.
    const params = await openModule(page, serverName, 'System parameters');
    const offline = params.getByRole('status').filter({ hasText: 'Offline' });
    await offline.waitFor({ timeout: UI_TIMEOUT });
    expect(await offline.textContent()).toMatch(/^Offline — showing revision \d+ as last seen at .+; changes can only be saved as a draft\.$/);
    await saveParamDraft(page, serverName, 'SS_SIP_TIMEOUT_INVITE', '25', 'Longer INVITE timeout', async (staged) => {
      expect(await staged.getByRole('button', { name: 'Apply now…' }).isDisabled()).toBe(true);
      await staged.getByText(`Apply needs a connection to ${serverName}`).waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'drafts-01-offline-params');
    });

    const panel = await openDraft(page, serverName, 'Longer INVITE timeout');
    await panel.getByTestId('change-sentence').filter({ hasText: 'SS_SIP_TIMEOUT_INVITE 10 s (default) → 25 s' }).waitFor({ timeout: UI_TIMEOUT });
    await panel.getByRole('radio', { name: 'Field by field' }).click();
    const change = panel.getByRole('row').filter({ hasText: 'params.SS_SIP_TIMEOUT_INVITE' });
    // The change table renders after the draft loads: read its cells only once the row is there.
    await change.waitFor({ timeout: UI_TIMEOUT });
    expect((await change.getByRole('cell').allTextContents()).map((s) => s.trim()).slice(1)).toEqual(['10 s (default)', '25 s']);
    await statusBar(page).getByText('1 draft waiting').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'drafts-02-offline-draft');

    await sandbox.sshd.restart();
    await connect(page, serverName);
    const again = await openDraft(page, serverName, 'Longer INVITE timeout');
    await again.getByRole('button', { name: 'Push…' }).click();
    const push = page.getByRole('dialog', { name: 'Push draft' });
    await push.getByLabel('Comment').fill('e2e: pushed after the outage');
    await push.getByRole('button', { name: 'Push to 1 server' }).click();
    const result = push.getByRole('row').filter({ hasText: serverName });
    await result.getByText('Applied', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    // Pushing the same draft again would only repeat it; the list behind already says it was pushed.
    expect(await push.getByRole('button', { name: 'Push to 1 server' }).isDisabled()).toBe(true);
    await again.getByRole('row').filter({ hasText: 'Longer INVITE timeout' }).getByText(/^Pushed \(revision \d+\)$/).waitFor({ timeout: UI_TIMEOUT });
    await statusBar(page).getByText('0 drafts waiting').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'drafts-03-pushed');
    await push.getByRole('button', { name: 'Close' }).last().click();

    const agent = await connectAgent(sandbox.adminSocket);
    try {
      expect((await agent.call('config.get', {})).snapshot.params.SS_SIP_TIMEOUT_INVITE).toBe(25);
    } finally {
      await agent.close();
    }
  });

  it('shows the conflict with a change made on the server meanwhile, and pushes after "Mine" is chosen', async () => {
    const { page, sandbox, serverName } = e2e;
    await saveParamDraft(page, serverName, 'SS_SIP_TIMEOUT_RINGING', '90', 'Ring for 90 s');

    // Someone else changes the same parameter on the server after the draft's base was taken.
    const agent = await connectAgent(sandbox.adminSocket);
    try {
      const { snapshot } = await agent.call('config.get', {});
      const theirs = await agent.call('config.apply', { baseRevision: snapshot.revision, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_RINGING', value: 60 }], comment: 'e2e: concurrent change' });

      const panel = await openDraft(page, serverName, 'Ring for 90 s');
      await panel.getByRole('button', { name: 'Push…' }).click();
      const push = page.getByRole('dialog', { name: 'Push draft' });
      await push.getByRole('button', { name: 'Push to 1 server' }).click();
      // The conflict table sits below the results table; its row is named by the field.
      const conflict = push.getByRole('row', { name: /^params\.SS_SIP_TIMEOUT_RINGING / });
      await conflict.waitFor({ timeout: UI_TIMEOUT });
      await push.getByText('Conflict', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
      // Field, base, mine, theirs: the draft's 90 against the server's 60, from the default 120.
      const cells = (await conflict.getByRole('cell').allTextContents()).map((s) => s.trim());
      expect(cells[0]).toBe('params.SS_SIP_TIMEOUT_RINGING');
      expect(cells.slice(1, 4)).toEqual(['120 s (default)', '90 s', '60 s']);
      // Why the rebase button is disabled, and the choice column fully inside the dialog.
      await push.getByText('Choose Mine or Server now for 1 field first.').waitFor({ timeout: UI_TIMEOUT });
      expect(await push.getByRole('button', { name: 'Use these choices and rebase the draft' }).isDisabled()).toBe(true);
      const box = await push.boundingBox();
      const theirsChoice = await conflict.getByText('Server now', { exact: true }).boundingBox();
      expect(box && theirsChoice && theirsChoice.x + theirsChoice.width <= box.x + box.width).toBe(true);
      await shot(page, 'drafts-04-conflict');

      // Blueprint draws its own radio over the input, so the user (and the test) clicks the label.
      await conflict.getByText('Mine', { exact: true }).click();
      expect(await conflict.getByRole('radio', { name: 'Mine' }).isChecked()).toBe(true);
      await push.getByRole('button', { name: 'Use these choices and rebase the draft' }).click();
      await conflict.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
      await push.getByText(`Rebased onto revision ${theirs.revision}. Push again to apply it.`).waitFor({ timeout: UI_TIMEOUT });
      // The list behind the dialog follows the rebase at once.
      await panel.getByRole('row').filter({ hasText: 'Ring for 90 s' }).getByRole('cell').nth(1).filter({ hasText: String(theirs.revision) }).waitFor({ timeout: UI_TIMEOUT });
      await push.getByRole('button', { name: 'Push to 1 server' }).click();
      await push.getByRole('row').filter({ hasText: serverName }).getByText('Applied', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'drafts-05-resolved-pushed');

      expect((await agent.call('config.get', {})).snapshot.params.SS_SIP_TIMEOUT_RINGING).toBe(90);
    } finally {
      await agent.close();
    }
  });
});
