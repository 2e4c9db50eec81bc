// The Registrations tab against the sandbox switch: sipp UACs register (one with a contact behind
// NAT), the table lists them with counts, source, device, NAT flag, age and time left; removing one
// from the UI (after confirmation) takes it out of the registrar; a source suspended by wrong
// passwords is listed with its reason and failure count, and "Lift" lets it register again.
// The Endpoints tab shows each account with its registration; a new endpoint is added through the
// dialog (its missing password named first), applied with a readable sentence, and registers.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freeUdpPort, haveBinary, run } from '../integration/engine/procs';
import { SipUa } from '../integration/agent/digestUa';
import { registerXml } from '../integration/agent/registerXml';
import { connectAgent } from './support/agent';
import { shot, shotIfFailed } from './support/browser';
import { startE2e, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { connect, expectToast, openModule, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites(haveBinary('sipp', ['-v']) ? [] : ['sipp is missing (apt-get install sip-tester)']);
const ACCOUNTS: Record<string, string> = { '3001': 'pw-3001', '3002': 'pw-3002', '3003': 'pw-3003' };

describe.skipIf(skip !== null)(`registrations${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  let phone: SipUa | undefined;
  beforeAll(async () => {
    e2e = await startE2e();
  });
  afterEach(async (ctx) => {
    await shotIfFailed(e2e?.page, ctx, 'registrations');
  });
  afterAll(async () => {
    phone?.close();
    await e2e?.stop();
  });

  it('lists sipp registrations, removes one, and lifts a suspension', async () => {
    const { page, sandbox, serverName, root } = e2e;
    await page.setViewportSize({ width: 1280, height: 720 });
    const agent = await connectAgent(sandbox.adminSocket);
    const register = async (ip: string, user: string, userAgent: string, contact?: string) => {
      const file = path.join(root, `reg-${user}.xml`);
      writeFileSync(file, registerXml({ user, expires: 600, userAgent, ...(contact && { contact }) }));
      const r = await run('sipp', ['-sf', file, '-i', ip, '-p', String(await freeUdpPort(ip)), `127.0.0.1:${sandbox.sipPort}`, '-m', '1', '-timeout', '10s', '-nostdin', '-au', user, '-ap', ACCOUNTS[user]!], root, 15_000);
      expect(r.code, r.output).toBe(0);
    };
    try {
      const { snapshot } = await agent.call('config.get', {});
      await agent.call('config.apply', {
        baseRevision: snapshot.revision,
        ops: [
          ...Object.entries(ACCOUNTS).map(([name, pw]) => ({ op: 'endpoint.upsert' as const, endpoint: { name, password: { set: true as const, value: pw } } })),
          { op: 'param.set', name: 'SS_AUTHENTICATION_MAX_RETRY', value: 2 },
        ],
      });
      await register('127.0.0.80', '3001', 'Yealink SIP-T46U 108.86.0.20');
      await register('127.0.0.81', '3002', 'Grandstream GXP2170 1.0.11', 'sip:3002@192.168.1.23:5062');

      await connect(page, serverName, await sandbox.sshd.fingerprint('ed25519'));
      const panel = await openModule(page, serverName, 'Registrations');
      await panel.getByText('Registered contacts: 2, accounts: 2, behind NAT: 1').waitFor({ timeout: UI_TIMEOUT });
      const table = panel.getByRole('table', { name: `Registrations on ${serverName}` });
      await table.getByText('sip:3002@192.168.1.23:5062').waitFor({ timeout: UI_TIMEOUT });
      expect(await table.getByText('Yealink SIP-T46U 108.86.0.20').count()).toBe(1);
      expect(await table.locator('tr[data-row]').getByText('NAT', { exact: true }).count()).toBe(1);
      await panel.getByText('No source is suspended.').waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'registrations-01-list');

      await panel.getByRole('searchbox', { name: 'Search account, contact, address or device' }).fill('grandstream');
      await panel.getByText('1 shown of 1 matching').waitFor({ timeout: UI_TIMEOUT });
      await panel.getByRole('searchbox', { name: 'Search account, contact, address or device' }).fill('');
      await panel.getByText('2 shown of 2 matching').waitFor({ timeout: UI_TIMEOUT });

      await table.getByText('sip:3002@192.168.1.23:5062').click();
      await panel.getByRole('button', { name: 'Remove registration' }).click();
      await page.getByRole('button', { name: 'Remove the registration' }).waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'registrations-02-remove-confirm');
      await page.getByRole('button', { name: 'Remove the registration' }).click();
      await expectToast(page, 'The registration of 3002 at sip:3002@192.168.1.23:5062 was removed.');
      await panel.getByText('Registered contacts: 1, accounts: 1, behind NAT: 0').waitFor({ timeout: UI_TIMEOUT });
      expect((await agent.call('registrations.list', {})).registrations.map((r) => r.aor)).toEqual(['3001']);

      // Two wrong passwords suspend the source; the page lists it within its refresh.
      phone = await SipUa.open('127.0.0.85', { host: '127.0.0.1', port: sandbox.sipPort });
      expect(await phone.register('3003', ['wrong', 'wrong'], { ms: 800 })).toEqual([401, 401, 403]);
      const lift = panel.getByRole('button', { name: 'Lift the suspension of 127.0.0.85 (Wrong passwords)' });
      await lift.waitFor({ timeout: UI_TIMEOUT });
      await panel.getByText(/^2 wrong passwords or unknown accounts/).waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'registrations-03-suspended');
      await lift.click();
      await page.getByRole('button', { name: 'Lift the suspension', exact: true }).click();
      await expectToast(page, 'The suspension of 127.0.0.85 was lifted.');
      await panel.getByText('No source is suspended.').waitFor({ timeout: UI_TIMEOUT });
      expect(await phone.register('3003', [ACCOUNTS['3003']!])).toEqual([401, 200]);
      await panel.getByText('Registered contacts: 2, accounts: 2, behind NAT: 0').waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'registrations-04-after-lift');
    } finally {
      await agent.close();
    }
  });

  it('lists endpoints with their registration, and adds one through the dialog that then registers', async () => {
    const { page, sandbox, serverName, root } = e2e;
    await page.setViewportSize({ width: 1440, height: 900 });
    const panel = await openModule(page, serverName, 'Endpoints');
    const table = panel.getByRole('table', { name: 'Endpoints' });
    const row = (name: string) => table.locator(`tr[data-row="${name}"]`);
    await row('3001').getByText('Registered', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await row('3002').getByText('Not registered').waitFor({ timeout: UI_TIMEOUT });
    await panel.getByText('2 registered').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'registrations-05-endpoints-1440');

    await panel.getByRole('button', { name: 'Add…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New endpoint' });
    await dialog.getByRole('textbox', { name: 'Account' }).fill('3004');
    await dialog.getByRole('button', { name: 'Stage change' }).click();
    await dialog.getByText('required: an endpoint registers with its account and password').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'registrations-06-endpoint-dialog');
    await dialog.getByLabel('Password').fill('pw-3004');
    await dialog.getByRole('button', { name: 'Stage change' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    const staged = panel.getByRole('region', { name: 'Staged changes' });
    await staged.getByText('1 staged change').waitFor({ timeout: UI_TIMEOUT });
    await staged.getByRole('button', { name: 'Apply now…' }).click();
    const apply = page.getByRole('dialog', { name: /^Apply changes to sandbox/ });
    await apply.getByTestId('change-sentence').filter({ hasText: 'Add endpoint 3004: password set' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await apply.textContent()).not.toContain('pw-3004');
    await apply.getByRole('button', { name: 'Apply', exact: true }).click();
    await apply.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await expectToast(page, /^Applied to sandbox as revision \d+\.$/);

    const file = path.join(root, 'reg-3004.xml');
    writeFileSync(file, registerXml({ user: '3004', expires: 600, userAgent: 'Snom D785' }));
    const r = await run('sipp', ['-sf', file, '-i', '127.0.0.82', '-p', String(await freeUdpPort('127.0.0.82')), `127.0.0.1:${sandbox.sipPort}`, '-m', '1', '-timeout', '10s', '-nostdin', '-au', '3004', '-ap', 'pw-3004'], root, 15_000);
    expect(r.code, r.output).toBe(0);
    await row('3004').getByText('Registered', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await page.setViewportSize({ width: 1280, height: 720 });
    await shot(page, 'registrations-07-endpoints-1280');
  });
});
