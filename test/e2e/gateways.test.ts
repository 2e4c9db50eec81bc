// Gateways made in the dialogs carry real calls: a mapping gateway for the caller at 127.0.0.2 and
// a routing gateway to a sipp callee at 127.0.0.3, applied together; then sipp calls through Kamailio.
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { haveBinary } from '../integration/engine/procs';
import { connectAgent } from './support/agent';
import { shot, shotIfFailed } from './support/browser';
import { startE2e, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { callOnce, startUas, type Uas } from './support/sip';
import { connect, expectToast, openModule, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites(haveBinary('sipp', ['-v']) ? [] : ['sipp is missing (apt-get install sip-tester)']);
const CALLER = '127.0.0.2';
const CALLEE_HOST = '127.0.0.3';

describe.skipIf(skip !== null)(`gateways${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  let uas: Uas | undefined;
  beforeAll(async () => {
    e2e = await startE2e();
  });
  afterEach(async (ctx) => {
    await shotIfFailed(e2e?.page, ctx, 'gateways');
  });
  afterAll(async () => {
    await uas?.stop();
    await e2e?.stop();
  });

  it('creates a mapping and a routing gateway in the dialogs, applies them, and a call goes through', async () => {
    const { page, sandbox, serverName, root } = e2e;
    uas = await startUas(root, CALLEE_HOST);
    await connect(page, serverName, await sandbox.sshd.fingerprint('ed25519'));

    const mapping = await openModule(page, serverName, 'Mapping gateways');
    await mapping.getByRole('button', { name: 'Add…' }).click();
    const mDialog = page.getByRole('dialog', { name: 'New mapping gateway' });
    await mDialog.getByRole('textbox', { name: 'Name', exact: true }).fill('customer-e2e');
    await mDialog.getByRole('textbox', { name: 'Source address 1' }).fill(CALLER);
    await shot(page, 'gateways-01-mapping-dialog');
    await mDialog.getByRole('button', { name: 'Stage change' }).click();
    await mDialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await mapping.getByRole('table', { name: 'Mapping gateways' }).getByRole('row').filter({ hasText: 'customer-e2e' }).waitFor({ timeout: UI_TIMEOUT });

    const routing = await openModule(page, serverName, 'Routing gateways');
    await routing.getByRole('button', { name: 'Add…' }).click();
    const rDialog = page.getByRole('dialog', { name: 'New routing gateway' });
    await rDialog.getByRole('textbox', { name: 'Name', exact: true }).fill('carrier-e2e');
    expect(await rDialog.getByRole('textbox', { name: 'Prefixes' }).inputValue()).toBe('');
    await rDialog.getByRole('textbox', { name: 'Address 1 host' }).fill(CALLEE_HOST);
    await rDialog.getByRole('textbox', { name: 'Address 1 port' }).fill(String(uas.port));
    await shot(page, 'gateways-02-routing-dialog');
    await rDialog.getByRole('button', { name: 'Stage change' }).click();
    await rDialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await routing.getByRole('table', { name: 'Routing gateways' }).getByRole('row').filter({ hasText: 'carrier-e2e' }).waitFor({ timeout: UI_TIMEOUT });

    // Both lists stage into the server's one change set.
    const staged = routing.getByRole('region', { name: 'Staged changes' });
    await staged.getByText('2 staged changes').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'gateways-03-staged');
    await staged.getByRole('button', { name: 'Apply now…' }).click();
    const apply = page.getByRole('dialog', { name: /^Apply changes to sandbox/ });
    // First one sentence per gateway, only what differs from the defaults; then field by field.
    await apply.getByTestId('change-sentence').filter({ hasText: `Add routing gateway carrier-e2e: ${CALLEE_HOST}:${uas.port} UDP` }).waitFor({ timeout: UI_TIMEOUT });
    await apply.getByTestId('change-sentence').filter({ hasText: `Add mapping gateway customer-e2e: ${CALLER}` }).waitFor({ timeout: UI_TIMEOUT });
    await apply.getByRole('radio', { name: 'Field by field' }).click();
    await apply.getByRole('row').filter({ hasText: 'carrier-e2e' }).first().waitFor({ timeout: UI_TIMEOUT });
    await apply.getByRole('row').filter({ hasText: 'customer-e2e' }).first().waitFor({ timeout: UI_TIMEOUT });
    // A new gateway is listed field by field with readable values; secrets only as set / not set.
    const diffRow = async (path: string) => {
      const row = apply.getByRole('row').filter({ has: page.getByRole('cell', { name: path, exact: true }) });
      return (await row.getByRole('cell').allTextContents()).map((c) => c.trim());
    };
    expect(await diffRow('routingGateways[carrier-e2e].addresses')).toEqual(['routingGateways[carrier-e2e].addresses', '(none)', `(host: ${CALLEE_HOST}, port: ${uas.port}, transport: udp)`]);
    expect(await diffRow('routingGateways[carrier-e2e].registration.password')).toEqual(['routingGateways[carrier-e2e].registration.password', '(none)', 'not set']);
    expect(await diffRow('mappingGateways[customer-e2e].ips')).toEqual(['mappingGateways[customer-e2e].ips', '(none)', `(ip: ${CALLER}, port: none)`]);
    expect(await apply.textContent()).not.toContain('{"');
    await shot(page, 'gateways-04-apply-dialog');
    await apply.getByRole('button', { name: 'Apply', exact: true }).click();
    await apply.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await expectToast(page, /^Applied to sandbox as revision \d+\.$/);
    await shot(page, 'gateways-05-applied');

    const agent = await connectAgent(sandbox.adminSocket);
    try {
      const { snapshot } = await agent.call('config.get', {});
      expect(snapshot.mappingGateways.map((g) => g.name)).toEqual(['customer-e2e']);
      expect(snapshot.routingGateways.map((g) => [g.name, g.prefixes, g.addresses.map((a) => `${a.host}:${a.port}`)])).toEqual([['carrier-e2e', [], [`${CALLEE_HOST}:${uas.port}`]]]);
    } finally {
      await agent.close();
    }

    const call = await callOnce(root, CALLER, { host: '127.0.0.1', port: sandbox.sipPort }, '13800138000');
    expect(call.code, `sipp UAC output:\n${call.output}\nUAS output:\n${uas.output()}`).toBe(0);
    expect(await uas.exited).toBe(0);
  });

  it('exports the routing gateways as CSV and imports an edited file after a per-row report', async () => {
    const { page, serverName } = e2e;
    const routing = await openModule(page, serverName, 'Routing gateways');
    const [download] = await Promise.all([page.waitForEvent('download'), routing.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sandbox-routingGateways-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile(await download.path(), 'utf8');
    const [header = '', row = ''] = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header.split(',').slice(0, 6)).toEqual(['name', 'enabled', 'prefixes', 'prefixMode', 'priority', 'addresses']);
    expect(row).toMatch(new RegExp(`^carrier-e2e,yes,,allow,0,${CALLEE_HOST.replaceAll('.', '\\.')}:\\d+/udp,`));

    // Excel in a decimal-comma locale writes ";"; the cps column changes, a second row is invalid.
    const edited = `name;cps\r\ncarrier-e2e;25\r\nbad name;1\r\n`;
    await routing.getByLabel('CSV file to import').setInputFiles({ name: 'edited.csv', mimeType: 'text/csv', buffer: Buffer.from(edited) });
    const report = page.getByRole('dialog', { name: 'Import edited.csv' });
    await report.waitFor({ timeout: UI_TIMEOUT });
    const rows = report.getByRole('table', { name: 'Rows of the file' }).getByRole('row');
    await rows.filter({ hasText: 'carrier-e2e' }).filter({ hasText: 'Changed' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await rows.filter({ hasText: 'bad name' }).textContent()).toContain('name: must be 1–64 characters');
    await shot(page, 'gateways-06-csv-import');
    await report.getByRole('button', { name: 'Stage 1 change' }).click();
    await report.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await routing.getByRole('region', { name: 'Staged changes' }).getByText('1 staged change').waitFor({ timeout: UI_TIMEOUT });
  });
});
