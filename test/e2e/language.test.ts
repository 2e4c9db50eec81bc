// The whole window in Simplified Chinese: every screen of a connected server and the dialogs and menus
// on them, with any visible English that bypassed the translation layer reported by screen and place.
// Also takes the screenshots of every screen in both languages at 1280×720 and 1440×900 and checks
// that no screen opens wider than its pane (scrolled sideways).
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEFAULT_ALERT_RULES } from '../../shared/model/alertRule';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zhCN';
import { SERVER_MODULES } from '../../renderer/src/workspace/tabs';
import { connectAgent } from './support/agent';
import { shot } from './support/browser';
import { e2eHooks, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { UI_TIMEOUT } from './support/ui';
import { cutHeaders } from './support/cutHeaders';
import { cutTreeNames, sideways } from './support/layoutChecks';
import { openModuleIn as openModule, setLanguage, tree, type Table } from './support/translatedUi';
import { collectShownText, englishLeftovers, type Leftover } from './support/untranslated';

const skip = e2ePrerequisites();
const LANGS = [
  { id: 'zh-CN', t: zhCN as Table },
  { id: 'en', t: en },
] as const;
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;
// Screenshots of every screen in both languages at both sizes are for people reviewing the layout;
// CI checks the text in Chinese and the sideways overflow at 1280×720 and skips the other three passes.
const ALL_SHOTS = process.env.SWITCHDECK_LAYOUT_SHOTS === '1';
/** Every module the tree offers, so a new screen is checked without anyone remembering to add it here. */
const MODULES = SERVER_MODULES;

const fill = (s: string, v: Record<string, string>) => s.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => v[k] ?? '');

/** Esc closes a context menu once the menu has the focus; a key pressed while it opens is pressed again. */
async function closeMenu(page: Page): Promise<void> {
  const menu = page.getByRole('menu');
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Escape');
    if (await menu.waitFor({ state: 'hidden', timeout: 1000 }).then(() => true, () => false)) return;
  }
  throw new Error('the context menu did not close on Esc');
}

/** Opens each dialog and menu a user meets on these screens, looks at it, and leaves it without changing anything. */
async function dialogsAndMenus(page: Page, t: Table, server: string, tag: string, look: (screen: string) => Promise<void>): Promise<void> {
  const seeDialog = async (screen: string, name: string) => {
    const dialog = page.getByRole('dialog', { name });
    await dialog.waitFor({ timeout: UI_TIMEOUT });
    await shot(page, `layout-${tag}-${screen}`);
    await look(screen);
    return dialog;
  };
  /** Waits for the refused fields' messages, then looks at the dialog with them. */
  const seeErrors = async (dialog: Locator, screen: string, count: number, selector = '.bp6-form-group.bp6-intent-danger .bp6-form-helper-text, .field-error') => {
    await expect.poll(() => dialog.locator(selector).count(), { timeout: UI_TIMEOUT }).toBeGreaterThanOrEqual(count);
    await shot(page, `layout-${tag}-${screen}`);
    await look(screen);
  };
  const close = async (dialog: Locator) => {
    await dialog.getByRole('button', { name: t.common.cancel, exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  };

  await tree(page, t).getByRole('button', { name: t.nav.addServer }).click();
  const addServer = await seeDialog('add-server', t.serverForm.addTitle);
  // Submitted with what the form must refuse: every message has to be in the interface language.
  await addServer.getByRole('textbox', { name: t.serverForm.host, exact: true }).fill('bad host!');
  await addServer.getByRole('textbox', { name: t.serverForm.port, exact: true }).fill('70000');
  await addServer.getByRole('textbox', { name: t.serverForm.username, exact: true }).fill('-root');
  await addServer.getByRole('button', { name: t.serverForm.add, exact: true }).click();
  await seeErrors(addServer, 'add-server-invalid', 3);
  await close(addServer);

  await tree(page, t).getByRole('treeitem', { name: server, exact: true }).getByText(server, { exact: true }).click({ button: 'right' });
  await page.getByRole('menu').waitFor({ timeout: UI_TIMEOUT });
  await shot(page, `layout-${tag}-tree-menu`);
  await look('tree menu');
  await closeMenu(page);

  for (const module of ['routing', 'mapping'] as const) {
    const panel = await openModule(page, t, server, module);
    await panel.getByRole('button', { name: t.gw.add }).first().click();
    const dialog = page.getByRole('dialog').first();
    await dialog.waitFor({ timeout: UI_TIMEOUT });
    await shot(page, `layout-${tag}-${module}-dialog`);
    await look(`${module} dialog`);
    await dialog.getByRole('textbox', { name: t.gw.name, exact: true }).fill('-bad name');
    if (module === 'routing') {
      await dialog.getByRole('textbox', { name: t.gw.prefixes, exact: true }).fill('0x1, 9y');
      await dialog.getByRole('textbox', { name: fill(t.gw.addressHost, { n: '1' }), exact: true }).fill('bad host!');
    } else {
      await dialog.getByRole('textbox', { name: fill(t.gw.sourceIp, { n: '1' }), exact: true }).fill('host.example');
    }
    await dialog.getByRole('button', { name: t.gw.stageChange, exact: true }).click();
    await seeErrors(dialog, `${module}-dialog-invalid`, module === 'routing' ? 3 : 2);
    await close(dialog);
    await panel.getByRole('row').filter({ hasText: module === 'routing' ? 'carrier-a' : 'customer-a' }).click({ button: 'right' });
    await page.getByRole('menu').waitFor({ timeout: UI_TIMEOUT });
    await look(`${module} row menu`);
    await closeMenu(page);
  }

  // A staged change: the staged bar, then the Apply dialog with its change sentences.
  const routing = await openModule(page, t, server, 'routing');
  await routing.getByRole('row').filter({ hasText: 'carrier-b' }).click();
  await routing.getByRole('button', { name: t.gw.clone, exact: true }).click();
  await routing.getByRole('button', { name: t.staged.applyNow }).click();
  const apply = page.getByRole('dialog').first();
  await apply.waitFor({ timeout: UI_TIMEOUT });
  await shot(page, `layout-${tag}-apply`);
  await look('apply dialog');
  await close(apply);
  await routing.getByRole('button', { name: t.staged.discard, exact: true }).click();

  // A refused parameter value and a cross-check between two parameters: both said in the interface language.
  const params = await openModule(page, t, server, 'params');
  const search = params.getByRole('searchbox', { name: t.params.search });
  await search.fill('SS_AUTHENTICATION_MAX_RETRY');
  const maxRetry = params.getByRole('textbox', { name: 'SS_AUTHENTICATION_MAX_RETRY', exact: true });
  await maxRetry.fill('0');
  await maxRetry.press('Enter');
  await params.locator('.cross-issues').waitFor({ timeout: UI_TIMEOUT });
  await search.fill('SS_SIP_TIMEOUT_INVITE');
  const invite = params.getByRole('textbox', { name: 'SS_SIP_TIMEOUT_INVITE', exact: true });
  await invite.fill('12 parsecs');
  await invite.press('Enter');
  await seeErrors(params, 'params-invalid', 1, '.field-error');
  await invite.press('Escape');
  await params.getByRole('button', { name: t.staged.discard, exact: true }).click();
  await search.fill('');

  // A broken CSV file: unknown and repeated columns, bad cells on several rows, a row too long.
  const routingAgain = await openModule(page, t, server, 'routing');
  const csv = ['name,prefixes,capacity,bogus,prefixes,addresses', '-bad,0x1,lots,,,192.0.2.1:port', 'carrier-z,0086,12.5,,,', 'carrier-y,,,,,host.example/sctp,extra'].join('\n');
  await routingAgain.getByLabel(t.gw.csv.fileLabel).setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const report = page.getByRole('dialog', { name: fill(t.gw.csv.reportTitle, { file: 'broken.csv' }) });
  await report.waitFor({ timeout: UI_TIMEOUT });
  await shot(page, `layout-${tag}-csv-import-invalid`);
  await look('CSV import report');
  await close(report);

  // The trace form refusing a filter.
  const trace = await openModule(page, t, server, 'trace');
  await trace.getByRole('button', { name: t.trace.newTrace }).click();
  const traceForm = page.getByRole('dialog', { name: fill(t.trace.form.title, { name: server }) });
  await traceForm.waitFor({ timeout: UI_TIMEOUT });
  await look('trace form');
  await traceForm.getByRole('textbox', { name: t.trace.form.field.ports, exact: true }).fill('5060, abc');
  await traceForm.getByRole('textbox', { name: t.trace.form.field.responseClasses, exact: true }).fill('9xx');
  await traceForm.getByRole('textbox', { name: t.trace.form.field.methods, exact: true }).fill('INVITE1');
  await traceForm.getByRole('textbox', { name: t.trace.form.field.srcIp, exact: true }).fill('host.example');
  await traceForm.getByRole('textbox', { name: t.trace.form.field.durationMin, exact: true }).fill('0');
  await traceForm.getByRole('button', { name: t.trace.form.start, exact: true }).click();
  await seeErrors(traceForm, 'trace-form-invalid', 5);
  await close(traceForm);

  const alerts = await openModule(page, t, server, 'alerts');
  await alerts.getByRole('tab', { name: t.alerts.tabHistory }).click();
  await shot(page, `layout-${tag}-alerts-history`);
  await look('alert history');
  await alerts.getByRole('tab', { name: t.alerts.tabRules }).click();
  await shot(page, `layout-${tag}-alerts-rules`);
  await look('alert rules');
  await alerts.getByRole('button', { name: t.alerts.addRule }).first().click();
  const rule = await seeDialog('alert-rule', t.alerts.dialogAdd);
  await rule.getByRole('textbox', { name: t.alerts.field.name, exact: true }).fill('bad name!');
  await rule.getByRole('textbox', { name: t.alerts.field.series, exact: true }).fill('no.such.series');
  await rule.getByRole('textbox', { name: t.alerts.field.threshold, exact: true }).fill('high');
  await rule.getByRole('textbox', { name: t.alerts.field.forSec, exact: true }).fill('-1');
  await rule.getByRole('button', { name: t.alerts.stage, exact: true }).click();
  await seeErrors(rule, 'alert-rule-invalid', 4);
  await close(rule);

  // System parameters with a row selected (the detail pane) and its row menu.
  const paramsAgain = await openModule(page, t, server, 'params');
  const paramRow = paramsAgain.locator('tbody tr[data-row]').first();
  await paramRow.click();
  await paramsAgain.locator('.param-detail-name').waitFor({ timeout: UI_TIMEOUT });
  await shot(page, `layout-${tag}-params-detail`);
  await look('parameter detail');
  // The description is in the interface language and not marked English (which would hide it from the check above).
  const paramName = (await paramsAgain.locator('.param-detail-name').innerText()).replace(/\u200b/g, '').trim();
  const desc = paramsAgain.locator('.param-detail-desc');
  expect(await desc.innerText()).toBe(t.paramText[paramName]?.description);
  expect(await desc.evaluate((el) => el.closest('[lang]')?.getAttribute('lang') ?? '')).not.toMatch(/^en/i);
  await paramRow.click({ button: 'right' });
  await page.getByRole('menu').waitFor({ timeout: UI_TIMEOUT });
  await shot(page, `layout-${tag}-params-menu`);
  await look('parameter row menu');
  await closeMenu(page);

  const endpoints = await openModule(page, t, server, 'endpoints');
  await endpoints.getByRole('button', { name: t.gw.add }).first().click();
  const endpoint = await seeDialog('endpoint-dialog', t.ep.addTitle);
  await close(endpoint);

  // History: one revision's changes without picking two, then two revisions compared in the large view.
  const history = await openModule(page, t, server, 'history');
  // The newest revision is the one the test applied before the browser opened.
  await history.locator('tbody tr').first().getByRole('button').first().click();
  await history.locator('.history-detail').waitFor({ timeout: UI_TIMEOUT });
  await shot(page, `layout-${tag}-history-revision`);
  await look('history revision');
  await history.getByRole('checkbox').nth(0).check({ force: true });
  await history.getByRole('checkbox').nth(1).check({ force: true });
  await history.getByRole('button', { name: t.history.compare }).click();
  const compare = page.getByRole('dialog').first();
  await compare.waitFor({ timeout: UI_TIMEOUT });
  await shot(page, `layout-${tag}-history-compare`);
  await look('history compare');
  await compare.press('Escape');
  await compare.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

  const cdr = await openModule(page, t, server, 'cdr');
  await cdr.getByText(t.cdr.viewStats, { exact: true }).click();
  await shot(page, `layout-${tag}-cdr-stats`);
  await look('call record statistics');
  await cdr.getByText(t.cdr.viewSearch, { exact: true }).click();

  await page.locator('body').press('?');
  await seeDialog('shortcuts', t.dense.keys.title);
  await page.keyboard.press('Escape');
}

describe.skipIf(skip !== null)(`language and layout${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  let userData: string[] = [];
  e2eHooks('language', async (x) => {
    e2e = x;
    const { sandbox, serverName } = x;
    const agent = await connectAgent(sandbox.adminSocket);
    try {
      const { snapshot } = await agent.call('config.get', {});
      await agent.call('config.apply', {
        baseRevision: snapshot.revision,
        ops: [
          { op: 'routingGateway.upsert', gateway: { name: 'carrier-a', prefixes: ['0086', '001'], priority: 0, addresses: [{ host: '192.0.2.10', port: 5060 }], maxConcurrentCalls: 120, cpsLimit: null, notes: 'night rates' } },
          { op: 'routingGateway.upsert', gateway: { name: 'carrier-b', prefixes: ['0044'], priority: 1, addresses: [{ host: '192.0.2.11', port: 5060 }], maxConcurrentCalls: null, cpsLimit: null, notes: '' } },
          { op: 'mappingGateway.upsert', gateway: { name: 'customer-a', authMode: 'ip', ips: [{ ip: '198.51.100.10' }], allowedRoutingGateways: 'all' } },
          { op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 20 },
        ],
      });
      // A second revision, so History has two to compare.
      const { snapshot: next } = await agent.call('config.get', {});
      await agent.call('config.apply', { baseRevision: next.revision, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 30 }] });
    } finally {
      await agent.close();
    }
    // The sandbox's group, the e2e client's user name (History's author), a clone's name and the names of
    // the shipped alert rules are data too.
    // What the test types into forms and files is echoed back quoted in their messages: data, not interface text.
    const typed = ['12 parsecs', 'parsecs', '192.0.2.1:port', 'prefixes', 'abc', 'INVITE1', '9xx'];
    userData = [...typed, serverName, 'Local', 'e2e', 'carrier-b-copy', 'carrier-a', 'carrier-b', 'customer-a', 'night rates', sandbox.sshd.host, sandbox.sshd.user.name, sandbox.sshd.userKeyPath, sandbox.adminSocket, 'root', ...DEFAULT_ALERT_RULES.map((r) => r.name)];
  });

  it('shows no English outside the translation layer in Chinese, and no screen opens scrolled sideways', async () => {
    const { page, sandbox, serverName } = e2e;
    const found: (Leftover & { screen: string })[] = [];
    const look = async (screen: string) => {
      for (const l of englishLeftovers(await collectShownText(page), userData)) found.push({ ...l, screen });
    };
    const wide: string[] = [];
    const cut: string[] = [];

    let first = true;
    for (const lang of LANGS) {
      for (const size of SIZES) {
        const checkText = lang.id === 'zh-CN' && size.width === 1280;
        if (!ALL_SHOTS && !checkText) continue;
        const { t } = lang;
        await page.setViewportSize(size);
        await setLanguage(page, lang.id);
        const tag = `${lang.id}-${size.width}x${size.height}`;
        const server = tree(page, t).getByRole('treeitem', { name: serverName, exact: true });
        await server.waitFor({ timeout: UI_TIMEOUT });
        if (first) {
          first = false;
          await server.getByText(serverName, { exact: true }).click();
          await page.getByRole('button', { name: fill(t.nav.connect, { name: serverName }) }).click();
          const hostKey = page.getByRole('dialog', { name: fill(t.hostKey.unknownTitle, { name: serverName }) });
          await hostKey.waitFor({ timeout: UI_TIMEOUT });
          if (checkText) await look('host key dialog');
          await shot(page, `layout-${tag}-hostkey`);
          await hostKey.getByRole('button', { name: t.hostKey.acceptSave }).click();
          await hostKey.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
          void sandbox;
        }
        for (const module of ['fleet', ...MODULES] as const) {
          await openModule(page, t, serverName, module);
          await shot(page, `layout-${tag}-${module}`);
          if (checkText) await look(module);
          for (const c of await cutHeaders(page)) cut.push(`${tag} ${module}: ${c}`);
          for (const n of await cutTreeNames(page)) cut.push(`${tag} ${module}: server tree ${n}`);
          const s = await sideways(page);
          if (s.overflow > 1 || s.scrolled > 0) wide.push(`${tag} ${module}: ${s.overflow}px wider than its pane, scrolled ${s.scrolled}px (${s.where})`);
        }
        await dialogsAndMenus(page, t, serverName, tag, checkText ? look : async () => undefined);
      }
    }
    const report = found.map((f) => `${f.screen}: "${f.text.slice(0, 120)}" [${f.words.join(' ')}] — ${f.where}`);
    console.log(`[language] ${report.length} texts with English:\n${report.join('\n')}`);
    console.log(`[layout] sideways:\n${wide.join('\n')}`);
    expect(report).toEqual([]);
    console.log(`[layout] cut headers:\n${cut.join('\n')}`);
    expect(wide).toEqual([]);
    expect(cut).toEqual([]);
  });

  // The apply dialog's local warnings and a refusal of the agent that has no field findings: both said in
  // Chinese, the agent's own English only in the folded details (marked lang="en").
  it('says the apply warnings and a refused apply in Chinese', async () => {
    const { page, sandbox, serverName } = e2e;
    const t = zhCN as Table;
    await page.setViewportSize(SIZES[0]);
    await setLanguage(page, 'zh-CN');
    const found: string[] = [];
    const look = async (screen: string) => {
      for (const l of englishLeftovers(await collectShownText(page), [...userData, 'carrier-dup'])) found.push(`${screen}: "${l.text.slice(0, 120)}" [${l.words.join(' ')}] — ${l.where}`);
    };
    // Connected by the first test; on its own (-t), this test connects and trusts the key itself.
    const connectButton = page.getByRole('button', { name: fill(t.nav.connect, { name: serverName }) });
    await tree(page, t).getByRole('treeitem', { name: serverName, exact: true }).getByText(serverName, { exact: true }).click();
    if (await connectButton.isVisible() && await connectButton.isEnabled()) {
      await connectButton.click();
      const hostKey = page.getByRole('dialog', { name: fill(t.hostKey.unknownTitle, { name: serverName }) });
      await hostKey.waitFor({ timeout: UI_TIMEOUT });
      await hostKey.getByRole('button', { name: t.hostKey.acceptSave }).click();
      await hostKey.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    }
    const agent = await connectAgent(sandbox.adminSocket);
    try {
      // A stored gateway with a prefix listed twice: a warning on every apply after it.
      const { snapshot } = await agent.call('config.get', {});
      await agent.call('config.apply', {
        baseRevision: snapshot.revision,
        ops: [{ op: 'routingGateway.upsert', gateway: { name: 'carrier-dup', prefixes: ['0044', '0044'], priority: 2, addresses: [{ host: '192.0.2.12', port: 5060 }], maxConcurrentCalls: null, cpsLimit: null, notes: '' } }],
      });
      const routing = await openModule(page, t, serverName, 'routing');
      await routing.getByRole('row').filter({ hasText: 'carrier-dup' }).waitFor({ timeout: UI_TIMEOUT });
      await routing.getByRole('row').filter({ hasText: 'carrier-b' }).first().click();
      await routing.getByRole('button', { name: t.gw.clone, exact: true }).click();
      await routing.getByRole('button', { name: t.staged.applyNow }).click();
      const apply = page.getByRole('dialog').first();
      await apply.waitFor({ timeout: UI_TIMEOUT });
      await apply.getByText(t.apply.warnings, { exact: true }).waitFor({ timeout: UI_TIMEOUT });
      await shot(page, 'language-apply-warnings');
      await look('apply dialog warnings');

      // Another change waits for confirmation, so the agent refuses this apply (BUSY, English message).
      const { snapshot: now } = await agent.call('config.get', {});
      const pending = await agent.call('config.apply', { baseRevision: now.revision, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 25 }], confirmWithinSec: 120 });
      try {
        await apply.getByRole('button', { name: t.apply.applyNow, exact: true }).click();
        await apply.getByText(t.apply.failedTitle).waitFor({ timeout: UI_TIMEOUT });
        await shot(page, 'language-apply-refused');
        await look('apply refused by the agent');
      } finally {
        await agent.call('config.confirm', { revision: pending.revision });
      }
      await apply.getByRole('button', { name: t.common.cancel, exact: true }).click();
      await routing.getByRole('button', { name: t.staged.discard, exact: true }).click();
    } finally {
      await agent.close();
    }
    console.log(`[language] apply warnings and refusal, ${found.length} texts with English:\n${found.join('\n')}`);
    expect(found).toEqual([]);
  });
});
