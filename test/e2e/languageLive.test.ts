// The layout sweep of language.test.ts for the screens that need live data: the Debug trace's call flow
// with a real sipp call in it, Current calls with calls up (and one call's details), the install-agent
// dialog read from a real server over SSH, and a draft with several changes (its sentences, its field
// table and its push dialog). In Chinese and English at 1280×720 (and at 1440×900 with
// SWITCHDECK_LAYOUT_SHOTS=1), with the sweep's checks: no English outside the translation layer in
// Chinese, no cut column header, no text drawn over other text, no dialog past the window, no page
// opened wider than its pane, no cut name in the server tree, no call flow cut while the list above it has
// empty space. Screenshots: test-results/e2e/live-<lang>-<size>-<screen>.png.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zhCN';
import { haveBinary, run, waitFor, type RunResult } from '../integration/engine/procs';
import { uacAwaitByeXml } from '../integration/engine/scenarioXml';
import { connectAgent, routeCallsThrough } from './support/agent';
import { addServerWithoutAgent, fakeAgentPackagesDir } from './support/installAgent';
import { shot } from './support/browser';
import { cutHeaders } from './support/cutHeaders';
import { e2eHooks, type E2e } from './support/fixture';
import { callFlowCut, closeToasts, cutTreeNames, dialogsOffScreen, overlappingText, sideways } from './support/layoutChecks';
import { e2ePrerequisites } from './support/prerequisites';
import { callOnce, startUas, type Uas } from './support/sip';
import { openModuleIn, setLanguage, tree, type Table } from './support/translatedUi';
import { connect, openModule, UI_TIMEOUT } from './support/ui';
import { collectShownText, englishLeftovers } from './support/untranslated';

const skip = e2ePrerequisites(haveBinary('sipp', ['-v']) ? [] : ['sipp is missing (apt-get install sip-tester)']);
const CALLER = '127.0.0.2';
const CALLEE_HOST = '127.0.0.3';
/** Calls kept up for the Current calls screen while the passes run. */
const HELD = 6;
const BARE = 'Bare server';
const DRAFT = 'night-changes';
const ALL_SIZES = process.env.SWITCHDECK_LAYOUT_SHOTS === '1';
const PASSES = [
  { id: 'zh-CN', t: zhCN as Table, width: 1280, height: 720 },
  { id: 'en', t: en, width: 1280, height: 720 },
  ...(ALL_SIZES
    ? [
        { id: 'zh-CN', t: zhCN as Table, width: 1440, height: 900 },
        { id: 'en', t: en, width: 1440, height: 900 },
      ]
    : []),
];

const fill = (s: string, v: Record<string, string | number>) => s.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(v[k] ?? ''));
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Stages two parameter values and a gateway clone, and saves them as one draft (in English). */
async function saveDraftOfThree(page: Page, server: string): Promise<void> {
  const params = await openModule(page, server, 'System parameters');
  const search = params.getByRole('searchbox', { name: 'Search name, description or category' });
  for (const [name, value] of [['SS_SIP_TIMEOUT_INVITE', '25'], ['SS_SIP_TIMEOUT_RINGING', '90']] as const) {
    await search.fill(name);
    const editor = params.getByRole('textbox', { name, exact: true });
    await editor.fill(value);
    await editor.press('Enter');
  }
  await search.fill('');
  const routing = await openModule(page, server, 'Routing gateways');
  await routing.getByRole('table', { name: 'Routing gateways' }).getByRole('row').filter({ hasText: 'carrier-e2e' }).click();
  await routing.getByRole('button', { name: 'Clone', exact: true }).click();
  const staged = routing.getByRole('region', { name: 'Staged changes' });
  await staged.getByText('3 staged changes').waitFor({ timeout: UI_TIMEOUT });
  await staged.getByRole('button', { name: 'Save as draft' }).click();
  const dialog = page.getByRole('dialog', { name: `Save changes for ${server} as a draft` });
  await dialog.getByLabel('Draft title').fill(DRAFT);
  await dialog.getByRole('button', { name: 'Save as draft' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

describe.skipIf(skip !== null)(`language and layout of live screens${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  let packagesDir = '';
  let uas: Uas | undefined;
  let held: Promise<RunResult> | undefined;
  e2eHooks(
    'live',
    (x) => {
      e2e = x;
    },
    async () => {
      // A failed run leaves the held calls up: end them so sipp does not wait out its timeout.
      if (e2e) await hangUpAll(e2e.sandbox.adminSocket).catch(() => undefined);
      await held?.catch(() => undefined);
      await uas?.stop();
    },
    () => {
      packagesDir ||= fakeAgentPackagesDir();
      return { agentPackagesDir: packagesDir };
    },
  );
  afterAll(() => {
    if (packagesDir) rmSync(packagesDir, { recursive: true, force: true });
  });

  it('shows the call flow, live calls, the install-agent dialog and a draft without English in Chinese, cut headers, overlaps or overflow', async () => {
    const { page, sandbox, serverName, root } = e2e;
    // The held calls and one traced call per pass, then it exits.
    uas = await startUas(root, CALLEE_HOST, HELD + PASSES.length);
    await routeCallsThrough(sandbox.adminSocket, CALLER, uas);
    await setLanguage(page, 'en');
    await connect(page, serverName, await sandbox.sshd.fingerprint('ed25519'));
    await addServerWithoutAgent(page, sandbox, BARE);
    await saveDraftOfThree(page, serverName);
    const scenario = path.join(root, 'held-uac.xml');
    writeFileSync(scenario, uacAwaitByeXml());
    held = run('sipp', ['-sf', scenario, '-i', CALLER, '-s', '13800138000', `127.0.0.1:${sandbox.sipPort}`, '-m', String(HELD), '-l', String(HELD), '-r', '6', '-timeout', '120s', '-nostdin'], root, 150_000);
    await waitFor(`${HELD} calls up on the switch`, UI_TIMEOUT, async () => ((await answeredCalls(sandbox.adminSocket)) === HELD ? true : undefined));

    // 'd1' is the trace's name for the call's dialog (data, like its Call-ID); the install plan shows what
    // the server reported: its architecture, the agent's group and Debian's revision of the engine packages.
    const userData = ['d1', 'amd64', 'switchdeck-admin', 'deb12u1', serverName, BARE, 'Local', DRAFT, 'carrier-e2e-copy', 'carrier-e2e', 'customer-e2e', 'sipp', 'Debian GNU/Linux 12 (bookworm)', sandbox.sshd.user.name, sandbox.sshd.userKeyPath, sandbox.adminSocket, 'root'];
    const problems: string[] = [];
    for (const pass of PASSES) {
      const { t } = pass;
      const tag = `${pass.id}-${pass.width}x${pass.height}`;
      await page.setViewportSize({ width: pass.width, height: pass.height });
      await setLanguage(page, pass.id);
      await tree(page, t).getByRole('treeitem', { name: serverName, exact: true }).waitFor({ timeout: UI_TIMEOUT });
      /** Screenshot and every check of the sweep on what shows now (the open dialog, or the page). */
      const look = async (screen: string) => {
        await shot(page, `live-${tag}-${screen}`);
        const where = `${tag} ${screen}`;
        if (pass.id === 'zh-CN') for (const l of englishLeftovers(await collectShownText(page), [...userData, callIdOf(pass.id, pass.width)])) problems.push(`${where}: English "${l.text.slice(0, 100)}" [${l.words.join(' ')}] — ${l.where}`);
        for (const c of [...(await cutHeaders(page)), ...(await cutHeaders(page, '[role=dialog]'))]) problems.push(`${where}: cut header ${c}`);
        for (const o of await overlappingText(page)) problems.push(`${where}: overlap ${o}`);
        for (const d of await dialogsOffScreen(page)) problems.push(`${where}: off screen ${d}`);
        for (const n of await cutTreeNames(page)) problems.push(`${where}: server tree ${n}`);
        for (const c of await callFlowCut(page)) problems.push(`${where}: ${c}`);
        const s = await sideways(page);
        if (s.overflow > 1 || s.scrolled > 0) problems.push(`${where}: ${s.overflow}px wider than its pane, scrolled ${s.scrolled}px (${s.where})`);
      };
      const closeDialog = async (dialog: Locator) => {
        await dialog.getByRole('button', { name: t.common.close, exact: true }).last().click();
        await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      };

      // Current calls with the held calls up, then one call's details.
      const calls = await openModuleIn(page, t, serverName, 'calls');
      await calls.getByText(fill(t.calls.count, { shown: HELD, total: HELD })).waitFor({ timeout: UI_TIMEOUT });
      await expect.poll(() => calls.getByText('PCMU/8000').count(), { timeout: UI_TIMEOUT }).toBe(HELD);
      await closeToasts(page);
      await look('calls');
      await calls.locator('tr[data-row]').first().dblclick();
      const details = page.getByRole('dialog', { name: new RegExp(`^${escapeRe(fill(t.calls.detailsTitle, { caller: '5550100', callee: '13800138000' }))}`) });
      await details.waitFor({ timeout: UI_TIMEOUT });
      await look('call-details');
      await closeDialog(details);

      // A trace by this pass's Call-ID, a real call through the switch, and its call flow.
      const callId = callIdOf(pass.id, pass.width);
      const trace = await openModuleIn(page, t, serverName, 'trace');
      await trace.getByRole('button', { name: t.trace.newTrace }).click();
      const form = page.getByRole('dialog', { name: fill(t.trace.form.title, { name: serverName }) });
      await form.getByRole('textbox', { name: t.trace.form.field.callId, exact: true }).fill(callId);
      await form.getByRole('button', { name: t.trace.form.start, exact: true }).click();
      await form.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      const call = await callOnce(root, CALLER, { host: '127.0.0.1', port: sandbox.sipPort }, '13800138001', callId);
      expect(call.code, `sipp UAC output:\n${call.output}\nUAS output:\n${uas.output()}`).toBe(0);
      const ladder = trace.getByRole('img', { name: new RegExp(`^${escapeRe(t.trace.ladder.label_other.split('{{')[0] ?? '')}`) });
      // The call flow is drawn once the dialog is chosen; it is complete when both BYEs are answered.
      await expect
        .poll(
          async () => {
            await trace.getByRole('button', { name: new RegExp(`^${escapeRe((t.trace.view.dialogs.split('{{')[0] ?? '').replace(/[(（]\s*$/, ''))}`) }).click();
            await trace.getByRole('table', { name: t.trace.list.dialogs }).getByRole('row').filter({ hasText: callId }).click();
            return ladder.getByRole('button', { name: 'BYE', exact: true }).count();
          },
          { timeout: UI_TIMEOUT, interval: 1000 },
        )
        .toBe(2);
      await expect.poll(() => ladder.getByRole('button', { name: '200 OK', exact: true }).count(), { timeout: UI_TIMEOUT }).toBeGreaterThanOrEqual(4);
      await closeToasts(page);
      await look('trace-call-flow');

      // "Install agent…" on the server that has SSH but no agent: the plan read over SSH.
      const bare = tree(page, t).getByRole('treeitem', { name: BARE, exact: true });
      const bareMenu = page.getByRole('menu', { name: BARE });
      // The menu opens after the click: what it holds is read once it is there, not before.
      const openBareMenu = async () => {
        await bare.getByText(BARE, { exact: true }).click({ button: 'right' });
        await bareMenu.waitFor({ timeout: UI_TIMEOUT });
      };
      await openBareMenu();
      const menuItem = bareMenu.getByRole('menuitem', { name: t.install.menu });
      if (!(await menuItem.isVisible())) {
        // After the reload the window may not know yet that the agent is missing: connect once more.
        await bareMenu.getByRole('menuitem').first().press('Escape');
        await bareMenu.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
        await page.getByRole('button', { name: fill(t.nav.connect, { name: BARE }) }).click();
        await page.getByRole('alert').filter({ hasText: t.connectFail['channel-refused'] }).first().waitFor({ timeout: UI_TIMEOUT });
        // The failure stays until closed; behind the modal dialog it could not be closed any more.
        await closeToasts(page);
        await openBareMenu();
      }
      await menuItem.click();
      const install = page.getByRole('dialog', { name: fill(t.install.title, { name: BARE }) });
      await install.getByRole('listitem').last().waitFor({ timeout: UI_TIMEOUT });
      await look('install-agent');
      await install.getByRole('button', { name: t.common.cancel, exact: true }).click();
      await install.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

      // The draft of three changes: as sentences, field by field, and the push dialog.
      const drafts = await openModuleIn(page, t, serverName, 'drafts');
      await drafts.getByRole('row').filter({ hasText: DRAFT }).click();
      await drafts.getByRole('button', { name: t.drafts.pushEllipsis }).waitFor({ timeout: UI_TIMEOUT });
      await drafts.getByRole('radio', { name: t.changeText.showSentences }).click({ force: true });
      await expect.poll(() => drafts.getByTestId('change-sentence').count(), { timeout: UI_TIMEOUT }).toBe(3);
      await look('draft-sentences');
      await drafts.getByRole('radio', { name: t.changeText.showTable }).click({ force: true });
      await drafts.getByRole('row').filter({ hasText: 'params.SS_SIP_TIMEOUT_RINGING' }).waitFor({ timeout: UI_TIMEOUT });
      await look('draft-fields');
      await drafts.getByRole('button', { name: t.drafts.pushEllipsis }).click();
      const push = page.getByRole('dialog', { name: t.drafts.pushTitle });
      await push.waitFor({ timeout: UI_TIMEOUT });
      await look('draft-push');
      await closeDialog(push);
    }
    console.log(`[layout] live screens:\n${problems.join('\n') || 'no problems'}`);

    // End the held calls so both sipps finish every call cleanly.
    await hangUpAll(sandbox.adminSocket);
    const done = await held;
    expect(done.code, done.output).toBe(0);
    expect(problems).toEqual([]);
  });
});

async function answeredCalls(adminSocket: string): Promise<number> {
  const agent = await connectAgent(adminSocket);
  try {
    return (await agent.call('calls.list', {})).calls.filter((c) => c.state === 'answered').length;
  } finally {
    await agent.close();
  }
}

async function hangUpAll(adminSocket: string): Promise<void> {
  const agent = await connectAgent(adminSocket);
  try {
    for (const c of (await agent.call('calls.list', {})).calls) await agent.call('calls.hangup', { id: c.id });
  } finally {
    await agent.close();
  }
}

function callIdOf(lang: string, width: number): string {
  return `e2e-sweep-${lang}-${width}-${process.pid}@switchdeck`;
}
