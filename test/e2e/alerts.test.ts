// Alerts against the sandbox switch: Kamailio is stopped (SIGSTOP to its process group, so it
// no longer answers) → the default "engine-down" alert appears in the status bar and on the Alerts
// page, is acknowledged from the page, and resolves when Kamailio runs again (SIGCONT). Then a
// rule is edited with a mistake (plain-English error under the field), fixed, applied as a
// configuration revision, and read back from the agent.
import { describe, expect, it } from 'vitest';
import { connectAgent } from './support/agent';
import { shot } from './support/browser';
import { e2eHooks, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { connect, expectToast, openModule, statusBar, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites();
/** Firing needs 5 s of "no answer" (the rule) plus a sampler timeout or two. */
const ALERT_TIMEOUT = 45_000;

describe.skipIf(skip !== null)(`alerts${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  let frozen: number | null = null;
  // Each test starts connected at 1280×720; a retried test gets a new world (Kamailio thawed first).
  e2eHooks('alerts', async (x) => {
    e2e = x;
    await connect(x.page, x.serverName, await x.sandbox.sshd.fingerprint('ed25519'));
    await x.page.setViewportSize({ width: 1280, height: 720 });
  }, async () => {
    if (frozen !== null) process.kill(-frozen, 'SIGCONT');
    frozen = null;
  });

  it('shows "engine down" while Kamailio is stopped and resolves it when Kamailio runs again', async () => {
    const { page, sandbox, serverName } = e2e;
    const panel = await openModule(page, serverName, 'Alerts');
    // This machine is shared and busy: a real CPU alert may be pending or firing already, so only
    // the engine-down alert is required to be absent before Kamailio is stopped.
    await panel.getByRole('tab', { name: /^Active \(\d+\)$/ }).waitFor({ timeout: UI_TIMEOUT });
    expect(await panel.locator('tr[data-alert="engine-down"]').count()).toBe(0);
    await shot(page, 'alerts-01-before');

    const agent = await connectAgent(sandbox.adminSocket);
    let pid: number | null;
    try {
      pid = (await agent.call('engine.status', {})).engines.find((e) => e.name === 'kamailio')?.pid ?? null;
    } finally {
      await agent.close();
    }
    expect(pid).toBeGreaterThan(0);
    // The engine runs in its own process group (setpriv, see engine/nodeProcessHost.ts): stop all of it.
    process.kill(-pid!, 'SIGSTOP');
    frozen = pid;

    const indicator = statusBar(page).getByRole('button', { name: /^Alerts: \d+ firing, worst Critical\. Open the alerts\.$/ });
    await indicator.waitFor({ timeout: ALERT_TIMEOUT });
    expect(await indicator.textContent()).toMatch(/^\d+ alerts? firing$/);
    const row = panel.locator('tr[data-alert="engine-down"]');
    await row.getByText('Firing').waitFor({ timeout: UI_TIMEOUT });
    expect(await row.textContent()).toContain('Kamailio does not answer');
    await shot(page, 'alerts-02-engine-down-firing');

    const ack = row.getByRole('button', { name: 'Acknowledge alert engine-down (engine.up)' });
    await ack.click();
    // The agent's change comes back on the alerts topic: the button gives way to who and when.
    await ack.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    expect(await row.textContent()).toMatch(/\S+ at \d/);
    await shot(page, 'alerts-03-acknowledged');

    process.kill(-pid!, 'SIGCONT');
    frozen = null;
    await row.waitFor({ state: 'detached', timeout: ALERT_TIMEOUT });
    expect(await statusBar(page).getByRole('button', { name: /worst Critical/ }).count()).toBe(0);
    await shot(page, 'alerts-04-engine-back');
    await panel.getByRole('tab', { name: 'History' }).click();
    const past = panel.locator('tr[data-alert="engine-down"]');
    await past.getByText('Value back to normal').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'alerts-05-history-resolved');
  });

  it('edits a rule: a mistake is named under its field, the fixed rule is applied as a revision', async () => {
    const { page, sandbox, serverName } = e2e;
    const panel = await openModule(page, serverName, 'Alerts');
    await panel.getByRole('tab', { name: 'Rules' }).click();
    await panel.getByRole('button', { name: 'Edit rule cpu-high' }).click();
    const dialog = page.getByRole('dialog', { name: 'Alert rule cpu-high' });
    await dialog.getByLabel('Threshold').fill('ninety');
    await dialog.getByRole('button', { name: 'Stage change' }).click();
    await dialog.getByText('must be a number').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'alerts-06-rule-error');

    await dialog.getByLabel('Threshold').fill('75');
    await dialog.getByRole('button', { name: 'Stage change' }).click();
    const staged = page.getByRole('region', { name: 'Staged changes' });
    await staged.getByText('1 staged change').waitFor({ timeout: UI_TIMEOUT });
    await staged.getByRole('button', { name: 'Apply now…' }).click();
    const apply = page.getByRole('dialog', { name: /^Apply changes to sandbox \(now at revision \d+\)$/ });
    await apply.getByRole('radio', { name: 'Field by field' }).click();
    await apply.getByRole('row').filter({ hasText: 'alertRules[cpu-high]' }).first().waitFor({ timeout: UI_TIMEOUT });
    await apply.getByRole('button', { name: 'Apply', exact: true }).click();
    await expectToast(page, /^Applied to sandbox as revision \d+\.$/);
    const rule = panel.locator('tr[data-rule="cpu-high"]');
    await rule.getByText('Changed default').waitFor({ timeout: UI_TIMEOUT });
    expect(await rule.textContent()).toContain('above 75 % for 60 s');
    await shot(page, 'alerts-07-rule-applied');

    await statusBar(page).getByRole('combobox', { name: 'Colour theme' }).selectOption('dark');
    await panel.getByRole('tab', { name: 'History' }).click();
    // What the history holds depends on what ran before in this world (the test above fills it).
    await panel.getByRole('tab', { name: 'History', selected: true }).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'alerts-08-history-dark');

    const agent = await connectAgent(sandbox.adminSocket);
    try {
      const { snapshot } = await agent.call('config.get', {});
      expect(snapshot.alertRules?.map((r) => [r.name, r.threshold])).toEqual([['cpu-high', 75]]);
    } finally {
      await agent.close();
    }
  });
});
