// The set-up of "Install agent" scenarios: a package file for the shell to offer, and a server whose
// SSH works but whose agent is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { APP_VERSION } from '../../../electron/core';
import type { Sandbox } from '../../../scripts/sandbox/startSandbox';
import { expectServerState, navTree, selectServer, UI_TIMEOUT } from './ui';

/** What "Install agent" would upload: only its name and size are read (nothing is installed from it). A fresh folder holding a 3 MB stand-in switch-agent .deb; the caller removes it. */
export function fakeAgentPackagesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sd-e2e-packages-'));
  const arch = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
  writeFileSync(join(dir, `switch-agent_${APP_VERSION}_${arch}.deb`), Buffer.alloc(3 * 1024 * 1024));
  return dir;
}

/** Adds the sandbox's SSH login as server `name` with an agent socket nobody listens on, and connects: SSH logs in, the agent channel is refused. */
export async function addServerWithoutAgent(page: Page, sandbox: Sandbox, name: string): Promise<void> {
  await navTree(page).getByRole('button', { name: 'Add server' }).click();
  const form = page.getByRole('dialog', { name: 'Add server' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Host name or IP address').fill('127.0.0.1');
  await form.getByLabel('SSH port').fill(String(sandbox.sshd.port));
  await form.getByLabel('SSH user').fill(sandbox.sshd.user.name);
  await form.getByRole('combobox', { name: 'Sign in with' }).selectOption({ label: 'Private key file' });
  await form.getByLabel('Private key file').fill(sandbox.sshd.userKeyPath);
  await form.getByLabel('Agent socket (optional)').fill('/run/switchdeck-e2e-no-agent/admin.sock');
  await form.getByRole('button', { name: 'Add server' }).click();
  await form.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  await selectServer(page, name);
  await page.getByRole('button', { name: `Connect to ${name}` }).click();
  await expectServerState(page, name, 'Failed');
}
