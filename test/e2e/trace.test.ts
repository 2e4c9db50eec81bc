// The Debug trace tab against the sandbox switch: a trace opened from a routing gateway's row
// (prefilled with its name) and a second one filtered by a sipp call's Call-ID run at once; the
// call's messages arrive live, its dialog is drawn as a ladder, a message is read raw with a
// search, the pcap download opens in tshark with the same messages, a saved trace opens again
// after its session is gone, and a trace running when the server is disconnected shows it stopped. Screenshots at 1440×900 and 1280×720 go to test-results/e2e/.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { haveBinary, waitFor } from '../integration/engine/procs';
import { routeCallsThrough } from './support/agent';
import { shot } from './support/browser';
import { e2eHooks, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { callOnce, startUas, type Uas } from './support/sip';
import { connect, openModule, statusBar, UI_TIMEOUT } from './support/ui';

const extra = [...(haveBinary('sipp', ['-v']) ? [] : ['sipp is missing (apt-get install sip-tester)']), ...(haveBinary('tshark', ['-v']) ? [] : ['tshark is missing (apt-get install tshark)'])];
const skip = e2ePrerequisites(extra);
const CALLER = '127.0.0.2';
const CALLEE_HOST = '127.0.0.3';

/** The rows the message list draws (it is virtualised: the rows in view), as [time, src, dst, label, dialog, Call-ID, summary]. */
function shownRows(panel: Locator): Promise<string[][]> {
  return panel.getByRole('table', { name: 'Captured messages' }).evaluate((table) =>
    Array.from(table.querySelectorAll('tbody tr:not([aria-hidden])')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
  );
}

/** "13 messages", "13 matched on the server (cap 10,000)" and "0 dropped" from the counters. */
async function counters(panel: Locator): Promise<{ received: number; matched: number; dropped: number }> {
  const text = (await panel.getByRole('status', { name: 'Trace counters' }).textContent()) ?? '';
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? Number.NaN);
  return { received: num(/(\d+) messages?/), matched: num(/(\d+) matched on the server/), dropped: num(/(\d+) dropped/) };
}

async function shotAt(page: Page, size: { width: number; height: number }, name: string): Promise<void> {
  await page.setViewportSize(size);
  await shot(page, name);
}

describe.skipIf(skip !== null)(`trace${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  let uas: Uas | undefined;
  let savedTrace: { name: string; bytes: Buffer; messages: number } | undefined;
  e2eHooks('trace', (x) => {
    e2e = x;
  }, async () => {
    await uas?.stop();
  });

  it('traces a sipp call live, draws its ladder, shows it raw, exports a pcap tshark reads, and reopens a saved trace', async () => {
    const { page, sandbox, serverName, root } = e2e;
    uas = await startUas(root, CALLEE_HOST, 1);
    await routeCallsThrough(sandbox.adminSocket, CALLER, uas);
    await connect(page, serverName, await sandbox.sshd.fingerprint('ed25519'));
    // The screenshots below are to be read: let the connection toast come and go first.
    const toast = page.getByRole('alert').filter({ hasText: `Connected to ${serverName}.` });
    await toast.waitFor({ timeout: 5000 }).catch(() => undefined);
    await toast.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    // From the gateway's row: the trace tab opens with the form filled in with its name.
    const routing = await openModule(page, serverName, 'Routing gateways');
    await routing.getByRole('table', { name: 'Routing gateways' }).getByRole('row').filter({ hasText: 'carrier-e2e' }).click();
    await routing.getByRole('button', { name: 'Trace…' }).click();
    const form = page.getByRole('dialog', { name: `New trace on ${serverName}` });
    await form.waitFor({ timeout: UI_TIMEOUT });
    expect(await form.getByLabel('Gateway').inputValue()).toBe('carrier-e2e');
    expect(await form.getByLabel('Duration (minutes)').inputValue()).toBe('10');
    await shot(page, 'trace-01-form-from-gateway');
    await form.getByRole('button', { name: 'Start trace' }).click();
    await form.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('timer', { name: 'Time left' }).waitFor({ timeout: UI_TIMEOUT });

    // A second session at once, by the call's Call-ID; a bad field is refused in plain words first.
    const callId = `e2e-trace-${process.pid}@switchdeck`;
    await panel.getByRole('button', { name: 'New trace…' }).click();
    await form.getByLabel('Call-ID').fill(callId);
    await form.getByLabel('Duration (minutes)').fill('45');
    await form.getByRole('button', { name: 'Start trace' }).click();
    await form.getByText('Duration must be a whole number of minutes from 1 to 30.').waitFor({ timeout: UI_TIMEOUT });
    await shotAt(page, { width: 1280, height: 720 }, 'trace-01b-form-error-1280x720');
    await form.getByLabel('Duration (minutes)').fill('5');
    await form.getByRole('button', { name: 'Start trace' }).click();
    await form.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    expect(await panel.getByRole('tablist', { name: 'Trace sessions in this tab' }).getByRole('tab').count()).toBe(2);

    const call = await callOnce(root, CALLER, { host: '127.0.0.1', port: sandbox.sipPort }, '13800138000', callId);
    expect(call.code, `sipp UAC output:\n${call.output}\nUAS output:\n${uas.output()}`).toBe(0);

    // Live: the list follows the newest message, the call's last one being the 200 to the BYE,
    // towards the caller. A message after it (a retransmitted BYE on a slow machine) is allowed
    // and logged with the rows; a failed wait names the rows it saw.
    const byeOkToCaller = (r: string[] | undefined) => r?.[3] === '200 OK' && r[2]?.startsWith(`${CALLER}:`) && r[6]?.includes('CSeq 2 BYE');
    const rowsText = (rows: string[][]) => rows.map((r) => `${r[0]} ${r[1]} -> ${r[2]} ${r[3]} (${r[6]})`).join('\n');
    const live = await waitFor('the 200 to BYE towards the caller in the list', 20_000, async () => {
      const rows = await shownRows(panel);
      if (rows.some(byeOkToCaller)) return rows;
      throw new Error(`rows shown:\n${rowsText(rows)}`);
    });
    if (!byeOkToCaller(live.at(-1))) console.warn(`trace.test: the 200 to BYE was not the newest row:\n${rowsText(live)}`);
    await waitFor('the list scrolled to its newest row', UI_TIMEOUT, () =>
      panel.getByRole('table', { name: 'Captured messages' }).evaluate((table) => {
        const box = table.closest('.trace-rows');
        return box && box.scrollHeight - box.scrollTop - box.clientHeight < 2 ? true : undefined;
      }),
    );
    await waitFor('every matched message received', 10_000, async () => {
      const c = await counters(panel);
      return c.received >= 10 && c.received === c.matched ? c : undefined;
    });
    const { received, dropped } = await counters(panel);
    expect(dropped).toBe(0);
    expect(new Set((await shownRows(panel)).map((r) => r[5]))).toEqual(new Set([callId]));

    // The dialog's ladder: caller, switch and gateway columns; the first message is selected.
    await panel.getByRole('button', { name: /^Dialogs/ }).click();
    await panel.getByRole('table', { name: 'Dialogs' }).getByRole('row').filter({ hasText: callId }).click();
    const ladder = panel.getByRole('img', { name: `Call flow: ${received} messages between 3 addresses` });
    await ladder.waitFor({ timeout: UI_TIMEOUT });
    const columns = await ladder.locator('.ladder-column text').allTextContents();
    expect(columns).toHaveLength(3);
    expect(columns[0]).toMatch(new RegExp(`^${CALLER.replaceAll('.', '\\.')}:\\d+$`));
    expect(columns.slice(1)).toEqual([`127.0.0.1:${sandbox.sipPort}`, `${CALLEE_HOST}:${uas.port}`]);
    expect(await ladder.getByRole('button', { name: 'INVITE' }).count()).toBe(2);
    await shotAt(page, { width: 1440, height: 900 }, 'trace-02-ladder-1440x900');
    await shotAt(page, { width: 1280, height: 720 }, 'trace-03-ladder-1280x720');

    // Raw text of the gateway's answer, with a search.
    await ladder.getByRole('button', { name: '200 OK' }).first().click();
    const raw = panel.getByTestId('raw-message');
    expect(await raw.textContent()).toMatch(/^SIP\/2\.0 200 OK/);
    await panel.getByRole('searchbox', { name: 'Search in the message' }).fill('call-id');
    await panel.getByText(/^\d+ match(es)?$/).waitFor({ timeout: UI_TIMEOUT });
    expect((await raw.locator('mark').allTextContents()).map((s) => s.toLowerCase())).toContain('call-id');
    await shot(page, 'trace-04-raw-search-1280x720');

    // pcap from the server, in pages joined into one file: tshark reads the same messages.
    const [pcap] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download pcap' }).click()]);
    expect(pcap.suggestedFilename()).toMatch(/^sandbox-trace-tr-\d+-.*Z\.pcap$/);
    const pcapFile = path.join(root, 'call.pcap');
    await pcap.saveAs(pcapFile);
    const fields = execFileSync('tshark', ['-r', pcapFile, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID', '-e', 'sip.CSeq'], { encoding: 'utf8' }).trim().split('\n');
    expect(fields).toHaveLength(received);
    expect(new Set(fields.map((l) => l.split('\t')[0]))).toEqual(new Set([callId]));

    // Save, discard the session, open the saved file: the same messages and ladder, without the server's session.
    const [saved] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Save trace' }).click()]);
    const savedFile = path.join(root, saved.suggestedFilename());
    await saved.saveAs(savedFile);
    savedTrace = { name: path.basename(savedFile), bytes: await readFile(savedFile), messages: received };
    await panel.getByRole('button', { name: 'Close and discard' }).click();
    await waitFor('the call session to leave the tab', 10_000, async () => ((await panel.getByRole('tablist', { name: 'Trace sessions in this tab' }).getByRole('tab').count()) === 1 ? true : undefined));

    const fileInput = panel.locator('input[type=file]');
    await fileInput.setInputFiles({ name: 'not-a-trace.json', mimeType: 'application/json', buffer: Buffer.from('{"calls": []}') });
    await panel.getByRole('alert').filter({ hasText: 'Could not open not-a-trace.json. This file is not a saved Switchdeck trace.' }).waitFor({ timeout: UI_TIMEOUT });
    await fileInput.setInputFiles({ name: path.basename(savedFile), mimeType: 'application/json', buffer: await readFile(savedFile) });
    await panel.getByText(`Saved trace ${path.basename(savedFile)} (from ${serverName})`).waitFor({ timeout: UI_TIMEOUT });
    expect((await counters(panel)).received).toBe(received);
    await panel.getByRole('button', { name: /^Dialogs/ }).click();
    await panel.getByRole('table', { name: 'Dialogs' }).getByRole('row').filter({ hasText: callId }).click();
    await panel.getByRole('img', { name: `Call flow: ${received} messages between 3 addresses` }).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'trace-05-reopened-1280x720');

    // The gateway session, running alongside, holds only the gateway leg.
    await panel.getByRole('tablist', { name: 'Trace sessions in this tab' }).getByRole('tab', { name: /^tr-/ }).click();
    await waitFor('the gateway leg in the gateway session', 10_000, async () => ((await counters(panel)).received >= 5 ? true : undefined));
    const gwRows = await shownRows(panel);
    expect(gwRows.length).toBeGreaterThan(0);
    expect(gwRows.every((r) => r[1]?.startsWith(`${CALLEE_HOST}:`) || r[2]?.startsWith(`${CALLEE_HOST}:`)), gwRows.join('\n')).toBe(true);
    await statusBar(page).getByRole('combobox', { name: 'Colour theme' }).selectOption('dark');
    await page.getByRole('tabpanel').getByRole('button', { name: /^Dialogs/ }).click();
    await panel.getByRole('table', { name: 'Dialogs' }).getByRole('row').filter({ hasText: callId }).click();
    await shotAt(page, { width: 1440, height: 900 }, 'trace-06-gateway-session-dark-1440x900');
    await panel.getByRole('button', { name: 'Stop' }).click();
    await panel.getByText(/^Stopped: stopped by you$/).waitFor({ timeout: UI_TIMEOUT });
  });

  it('a running trace shows it stopped when the server is disconnected, then opens a saved trace while not connected', async () => {
    const { page, serverName } = e2e;
    // A trace running when the link goes: its feed ends, so no countdown and no Stop stay behind.
    const live = page.getByRole('tabpanel');
    await live.getByRole('button', { name: 'New trace…' }).click();
    const form = page.getByRole('dialog', { name: `New trace on ${serverName}` });
    await form.getByRole('button', { name: 'Start trace' }).click();
    await form.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await live.getByRole('timer', { name: 'Time left' }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('button', { name: `Disconnect from ${serverName}` }).click();
    await live.getByText('Stopped: the connection closed').waitFor({ timeout: UI_TIMEOUT });
    await live.getByText(/^This trace ended early: The server is not connected\./).waitFor({ timeout: UI_TIMEOUT });
    expect(await live.getByRole('timer').count()).toBe(0);
    expect(await live.getByRole('button', { name: 'Stop' }).count()).toBe(0);
    await shot(page, 'trace-07-stopped-by-disconnect');

    const panel = await openModule(page, serverName, 'Debug trace');
    await panel.getByText(`${serverName} is not connected. You can open saved traces; connect to capture new ones.`).waitFor({ timeout: UI_TIMEOUT });
    expect(await panel.getByRole('button', { name: 'New trace…' }).isDisabled()).toBe(true);
    if (!savedTrace) throw new Error('the first test saved no trace');
    await panel.locator('input[type=file]').setInputFiles({ name: savedTrace.name, mimeType: 'application/json', buffer: savedTrace.bytes });
    await panel.getByText(`Saved trace ${savedTrace.name} (from ${serverName})`).waitFor({ timeout: UI_TIMEOUT });
    expect((await counters(panel)).received).toBe(savedTrace.messages);
    await shot(page, 'trace-08-offline-reopened');
  });
});
