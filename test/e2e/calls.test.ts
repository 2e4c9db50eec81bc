// The Current calls tab against the sandbox switch carrying sipp calls that stay up until someone
// hangs them up: the table lists them with their gateways and codec, totals per gateway, the
// details show rtpengine's media, and a hang-up from the UI (after confirmation) ends the call
// on both sides. The Call records tab then finds those calls and a refused one, and its
// Statistics view counts them per gateway with their post-dial delay.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haveBinary, run, waitFor, type RunResult } from '../integration/engine/procs';
import { uacAwaitByeXml, uacXml } from '../integration/engine/scenarioXml';
import { connectAgent, routeCallsThrough } from './support/agent';
import { shot } from './support/browser';
import { e2eHooks, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { startUas, type Uas } from './support/sip';
import { connect, openModule, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites(haveBinary('sipp', ['-v']) ? [] : ['sipp is missing (apt-get install sip-tester)']);
const CALLER = '127.0.0.2';
const CALLEE_HOST = '127.0.0.3';
const CALLS = 12;

describe.skipIf(skip !== null)(`current calls${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  let uas: Uas | undefined;
  let load: Promise<RunResult> | undefined;
  e2eHooks('calls', (x) => {
    e2e = x;
  }, async () => {
    await load?.catch(() => undefined);
    await uas?.stop();
  });

  it('lists live sipp calls with their gateways, shows media, and hangs one up', async () => {
    const { page, sandbox, serverName, root } = e2e;
    // The size the screenshots are reviewed at.
    await page.setViewportSize({ width: 1280, height: 720 });
    uas = await startUas(root, CALLEE_HOST, CALLS);
    await routeCallsThrough(sandbox.adminSocket, CALLER, uas);
    const agent = await connectAgent(sandbox.adminSocket);
    try {
      await connect(page, serverName, await sandbox.sshd.fingerprint('ed25519'));
      const panel = await openModule(page, serverName, 'Current calls');
      await panel.getByText('0 of 0 calls').waitFor({ timeout: UI_TIMEOUT });

      const scenario = path.join(root, 'calls-uac.xml');
      writeFileSync(scenario, uacAwaitByeXml());
      load = run('sipp', ['-sf', scenario, '-i', CALLER, '-s', '13800138000', `127.0.0.1:${sandbox.sipPort}`, '-m', String(CALLS), '-l', String(CALLS), '-r', '6', '-timeout', '40s', '-nostdin', '-trace_err'], root, 60_000);
      await panel.getByText(`${CALLS} of ${CALLS} calls`).waitFor({ timeout: UI_TIMEOUT });
      await panel.getByText(`carrier-e2e (out): ${CALLS} calls, ${CALLS} talking`).waitFor({ timeout: UI_TIMEOUT });
      const table = panel.getByRole('table', { name: `Current calls on ${serverName}` });
      await waitFor('every call to show its codec', UI_TIMEOUT, async () => ((await table.getByText('PCMU/8000').count()) === CALLS ? true : undefined));
      expect(await table.getByText('customer-e2e').count()).toBe(CALLS);
      await shot(page, 'calls-01-live');

      await table.locator('tr[data-row]').first().dblclick();
      const details = page.getByRole('dialog', { name: /^Call from 5550100 to 13800138000/ });
      await details.getByText('Caller side').first().waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'calls-02-details');
      await details.getByRole('button', { name: 'Close' }).click();

      await table.locator('tr[data-row]').first().click();
      await panel.getByRole('button', { name: 'Hang up' }).click();
      await page.getByRole('button', { name: 'Hang up the call' }).waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'calls-03-hangup-confirm');
      await page.getByRole('button', { name: 'Hang up the call' }).click();
      await panel.getByText(`${CALLS - 1} of ${CALLS - 1} calls`).waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'calls-04-after-hangup');

      // End the rest through the agent so both sipps finish every call cleanly.
      const { calls } = await agent.call('calls.list', {});
      for (const c of calls) await agent.call('calls.hangup', { id: c.id });
      const done = await load;
      expect(done.code, done.output).toBe(0);
      expect(await uas.exited).toBe(0);
      await panel.getByText('0 of 0 calls').waitFor({ timeout: UI_TIMEOUT });

      // The same calls as call records, with one the switch refused (an unknown source).
      const refusedXml = path.join(root, 'refused-uac.xml');
      writeFileSync(refusedXml, uacXml({ expect: 403 }));
      const refused = await run('sipp', ['-sf', refusedXml, '-i', '127.0.0.9', '-s', '13800138001', `127.0.0.1:${sandbox.sipPort}`, '-m', '1', '-timeout', '20s', '-nostdin'], root, 30_000);
      expect(refused.code, refused.output).toBe(0);
      const records = await openModule(page, serverName, 'Call records');
      await waitFor(`${CALLS + 1} call records`, UI_TIMEOUT, async () => {
        await records.getByRole('button', { name: 'Search' }).click();
        return (await records.getByText(`${CALLS + 1} records`).count()) > 0 ? true : undefined;
      });
      const recordTable = records.getByRole('table', { name: `Call records of ${serverName}` });
      // The result column says "Answered"; the outcome column says more in a sentence of its own.
      expect(await recordTable.getByText('Answered', { exact: true }).count()).toBe(CALLS);
      await recordTable.getByText('source not allowed or wrong credentials').first().waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'calls-05-call-records');
      // Each way a call can end is offered by name, in words.
      const endedBy = records.getByRole('combobox', { name: 'Ended by' });
      await endedBy.selectOption({ label: 'No ACK from caller' });
      expect(await endedBy.inputValue()).toBe('no-ack');
      await endedBy.selectOption('');
      await records.getByRole('combobox', { name: 'Result' }).selectOption('refused');
      await records.getByRole('button', { name: 'Search' }).click();
      await records.getByText('1 record').waitFor({ timeout: UI_TIMEOUT });
      await recordTable.locator('tr[data-row]').first().dblclick();
      await page.getByRole('dialog', { name: /^Call record: 5550100 to 13800138001/ }).waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'calls-06-refused-record');
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

      // Statistics of the same range: the carrier answered every call; the refused one has no gateway.
      await records.getByText('Statistics', { exact: true }).click();
      await records.getByRole('combobox', { name: 'Group by' }).selectOption('routing');
      await records.getByRole('button', { name: 'Show statistics' }).click();
      const stats = records.getByRole('table', { name: `Call statistics of ${serverName}` });
      await stats.waitFor({ timeout: UI_TIMEOUT });
      const cells = async (gateway: string) => stats.locator('tbody tr', { has: page.getByRole('cell', { name: gateway, exact: true }) }).locator('td').allTextContents();
      const carrier = await cells('carrier-e2e');
      // Gateway, attempts, answered, failed, refused, ASR, ACD, time to answer, PDD, codes.
      expect(carrier.slice(0, 6)).toEqual(['carrier-e2e', String(CALLS), String(CALLS), '0', '0', '100.0 %']);
      expect(carrier[8]).toMatch(/^\d+ ms$|^\d+\.\d\d s$/);
      expect((await cells('(no gateway)')).slice(0, 5)).toEqual(['(no gateway)', '1', '0', '0', '1']);
      await records.getByRole('figure', { name: 'Attempts and answered calls per gateway' }).locator('.recharts-bar').first().waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'calls-07-statistics-1280x720');
      await page.setViewportSize({ width: 1440, height: 900 });
      await shot(page, 'calls-08-statistics-1440x900');
    } finally {
      await agent.close();
    }
  });
});
