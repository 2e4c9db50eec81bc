// The Current calls tab against the sandbox switch carrying sipp calls that stay up until someone
// hangs them up: the table lists them with their gateways and codec, totals per gateway, the
// details show rtpengine's media, and a hang-up from the UI (after confirmation) ends the call
// on both sides.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { haveBinary, run, waitFor, type RunResult } from '../integration/engine/procs';
import { uacAwaitByeXml } from '../integration/engine/scenarioXml';
import { connectAgent } from './support/agent';
import { shot, shotIfFailed } from './support/browser';
import { startE2e, type E2e } from './support/fixture';
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
  beforeAll(async () => {
    e2e = await startE2e();
  });
  afterEach(async (ctx) => {
    await shotIfFailed(e2e?.page, ctx, 'calls');
  });
  afterAll(async () => {
    await load?.catch(() => undefined);
    await uas?.stop();
    await e2e?.stop();
  });

  it('lists live sipp calls with their gateways, shows media, and hangs one up', async () => {
    const { page, sandbox, serverName, root } = e2e;
    // The size the screenshots are reviewed at.
    await page.setViewportSize({ width: 1280, height: 720 });
    uas = await startUas(root, CALLEE_HOST, CALLS);
    const agent = await connectAgent(sandbox.adminSocket);
    try {
      const { snapshot } = await agent.call('config.get', {});
      await agent.call('config.apply', {
        baseRevision: snapshot.revision,
        ops: [
          { op: 'mappingGateway.upsert', gateway: { name: 'customer-e2e', authMode: 'ip', ips: [{ ip: CALLER }] } },
          { op: 'routingGateway.upsert', gateway: { name: 'carrier-e2e', prefixes: [], addresses: [{ host: CALLEE_HOST, port: uas.port }] } },
        ],
      });
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
    } finally {
      await agent.close();
    }
  });
});
