// Drafts: one saved before an outage is pushed once the server is back; one made on an old base
// meets a change made meanwhile on the server, and the push shows the per-field conflict to settle.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from './support/agent';
import { shot, shotIfFailed } from './support/browser';
import { startE2e, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { connect, disconnect, expectServerState, expectToast, openModule, selectServer, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites();

/** Stages one parameter value on the System parameters page and saves it as a titled draft. */
async function saveParamDraft(page: Page, server: string, param: string, value: string, title: string): Promise<void> {
  const panel = await openModule(page, server, 'System parameters');
  await panel.getByRole('searchbox', { name: 'Search name, description or category' }).fill(param);
  const editor = panel.getByRole('textbox', { name: param, exact: true });
  await editor.fill(value);
  await editor.press('Enter');
  const staged = panel.getByRole('region', { name: 'Staged changes' });
  await staged.getByText('1 staged change').waitFor({ timeout: UI_TIMEOUT });
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
  beforeAll(async () => {
    e2e = await startE2e();
    await connect(e2e.page, e2e.serverName, await e2e.sandbox.sshd.fingerprint('ed25519'));
  });
  afterEach(async (ctx) => {
    await shotIfFailed(e2e?.page, ctx, 'drafts');
  });
  afterAll(async () => {
    await e2e?.stop();
  });

  it('keeps a draft through an outage (sshd down) and pushes it once the server is reachable again', async () => {
    const { page, sandbox, serverName } = e2e;
    await saveParamDraft(page, serverName, 'SS_SIP_TIMEOUT_INVITE', '25', 'Longer INVITE timeout');
    await disconnect(page, serverName);
    await sandbox.sshd.stop();

    // Unreachable: connecting fails, and the drafts stay readable on this workstation.
    await selectServer(page, serverName);
    await page.getByRole('button', { name: `Connect to ${serverName}` }).click();
    await expectServerState(page, serverName, 'Failed');
    const panel = await openDraft(page, serverName, 'Longer INVITE timeout');
    const change = panel.getByRole('row').filter({ hasText: 'params.SS_SIP_TIMEOUT_INVITE' });
    expect((await change.getByRole('cell').allTextContents()).map((s) => s.trim()).slice(1)).toEqual(['10 s (default)', '25 s']);
    await page.locator('footer').getByText('1 draft waiting').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'drafts-01-offline-draft');

    await sandbox.sshd.restart();
    await connect(page, serverName);
    const again = await openDraft(page, serverName, 'Longer INVITE timeout');
    await again.getByRole('button', { name: 'Push…' }).click();
    const push = page.getByRole('dialog', { name: 'Push draft' });
    await push.getByRole('button', { name: 'Push to 1 server' }).click();
    const result = push.getByRole('row').filter({ hasText: serverName });
    await result.getByText('Applied', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'drafts-02-pushed');
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
      await agent.call('config.apply', { baseRevision: snapshot.revision, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_RINGING', value: 60 }], comment: 'e2e: concurrent change' });

      const panel = await openDraft(page, serverName, 'Ring for 90 s');
      await panel.getByRole('button', { name: 'Push…' }).click();
      const push = page.getByRole('dialog', { name: 'Push draft' });
      await push.getByRole('button', { name: 'Push to 1 server' }).click();
      // The conflict table sits inside the results table's row: match the inner row by its own name.
      const conflict = push.getByRole('row', { name: /^params\.SS_SIP_TIMEOUT_RINGING / });
      await conflict.waitFor({ timeout: UI_TIMEOUT });
      await push.getByText('Conflict', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
      // Field, base, mine, theirs: the draft's 90 against the server's 60, from the default 120.
      const cells = (await conflict.getByRole('cell').allTextContents()).map((s) => s.trim());
      expect(cells[0]).toBe('params.SS_SIP_TIMEOUT_RINGING');
      expect(cells[1]).toMatch(/default|none/); // wording of "no explicit value" differs between screens
      expect(cells.slice(2, 4)).toEqual(['90 s', '60 s']);
      await shot(page, 'drafts-03-conflict');

      // Blueprint draws its own radio over the input, so the user (and the test) clicks the label.
      await conflict.getByText('Mine', { exact: true }).click();
      expect(await conflict.getByRole('radio', { name: 'Mine' }).isChecked()).toBe(true);
      await push.getByRole('button', { name: 'Use these choices and rebase the draft' }).click();
      await conflict.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
      await push.getByRole('button', { name: 'Push to 1 server' }).click();
      await push.getByRole('row').filter({ hasText: serverName }).getByText('Applied', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'drafts-04-resolved-pushed');

      expect((await agent.call('config.get', {})).snapshot.params.SS_SIP_TIMEOUT_RINGING).toBe(90);
    } finally {
      await agent.close();
    }
  });
});
