// A terminal tab runs a real login shell on the sandbox over SSH: what the user types is executed
// there and the output appears on the xterm screen.
import { describe, expect, it } from 'vitest';
import { shot } from './support/browser';
import { e2eHooks, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { connect, openModule, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites();

describe.skipIf(skip !== null)(`terminal${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  e2eHooks('terminal', (x) => {
    e2e = x;
  });

  it('runs a command typed into the terminal and shows its output', async () => {
    const { page, sandbox, serverName } = e2e;
    await connect(page, serverName, await sandbox.sshd.fingerprint('ed25519'));
    const panel = await openModule(page, serverName, 'Terminal');
    // xterm draws its screen as plain DOM rows; there is no accessible text to query instead.
    const screen = panel.locator('.xterm-rows');
    const text = async () => ((await screen.textContent()) ?? '').replace(/\u00a0/g, ' ');
    // The prompt of the remote shell shows the login user: the session is live before we type.
    await expect.poll(text, { timeout: UI_TIMEOUT }).toContain(sandbox.sshd.user.name);
    await shot(page, 'terminal-01-prompt');

    await panel.getByRole('region', { name: `Terminal on ${serverName}` }).click();
    await page.keyboard.type('echo switchdeck-e2e-$((6*7))');
    await page.keyboard.press('Enter');
    // The typed line shows the unexpanded text; only the shell's output carries the computed 42.
    await expect.poll(text, { timeout: UI_TIMEOUT }).toContain('switchdeck-e2e-42');
    expect(await text()).toContain('echo switchdeck-e2e-$((6*7))');
    await shot(page, 'terminal-02-output');
  });
});
