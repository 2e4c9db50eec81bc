// Density of the System parameters and gateway pages at the two window sizes operators use
// (1280×720 laptop, 1440×900 desktop): screenshots for people to look at, and the measurable parts
// of the layout checked in the real browser (rows in view, every column on screen, no wrapped toolbar).
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { connectAgent } from './support/agent';
import { shot } from './support/browser';
import { e2eHooks, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { connect, openModule, UI_TIMEOUT } from './support/ui';
import { cutHeaders } from './support/cutHeaders';
import { openModuleIn, setLanguage } from './support/translatedUi';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zhCN';

const skip = e2ePrerequisites();
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;
// "before" / "after" in the file names lets a reviewer put two runs side by side.
const TAG = process.env.SWITCHDECK_SHOT_TAG ?? 'after';

/** Rows of the table whose box lies fully inside the window, and whether each header cell does. */
async function tableInView(page: Page, table: Locator) {
  return table.evaluate((el) => {
    const w = window.innerWidth;
    const h = window.innerHeight;
    const inside = (r: DOMRect) => r.top >= 0 && r.bottom <= h && r.left >= 0 && r.right <= w;
    // Rows count when they are fully in view vertically (a wide table may scroll sideways).
    const rows = Array.from(el.querySelectorAll('tbody tr[data-row], tbody tr[data-param]')).filter((r) => { const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= h; }).length;
    const headers = Array.from(el.querySelectorAll('thead th')).map((th) => ({ text: th.textContent ?? '', inside: inside(th.getBoundingClientRect()) }));
    return { rows, headers };
  }, undefined, { timeout: UI_TIMEOUT });
}

/** Lines a toolbar takes: its content height over the tallest control's (a wrapped one is two or more). */
async function toolbarLines(toolbar: Locator): Promise<number> {
  return toolbar.evaluate((el) => {
    const style = getComputedStyle(el);
    const inner = el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const tallest = Math.max(...Array.from(el.children).map((c) => c.getBoundingClientRect().height));
    return Math.round(inner / tallest);
  });
}

describe.skipIf(skip !== null)(`page density${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  e2eHooks('density', (x) => {
    e2e = x;
  });

  it('shows System parameters and gateway tables densely at 1280×720 and 1440×900', async () => {
    const { page, sandbox, serverName } = e2e;
    const agent = await connectAgent(sandbox.adminSocket);
    try {
      const { snapshot } = await agent.call('config.get', {});
      const routing = Array.from({ length: 40 }, (_, i) => ({
        name: `carrier-${String(i + 1).padStart(2, '0')}`,
        prefixes: [`00${86 + (i % 7)}`, `0${i + 10}`],
        priority: i % 4,
        addresses: [{ host: `192.0.2.${i + 10}`, port: 5060 }],
        maxConcurrentCalls: i % 3 === 0 ? 120 : null,
        cpsLimit: i % 5 === 0 ? 20 : null,
        notes: i % 6 === 0 ? 'wholesale, night rates' : '',
      }));
      const mapping = Array.from({ length: 30 }, (_, i) => ({ name: `customer-${String(i + 1).padStart(2, '0')}`, authMode: 'ip' as const, ips: [{ ip: `198.51.100.${i + 10}` }], allowedRoutingGateways: i % 2 === 0 ? ('all' as const) : ['carrier-01', 'carrier-02'] }));
      await agent.call('config.apply', {
        baseRevision: snapshot.revision,
        ops: [
          ...routing.map((gateway) => ({ op: 'routingGateway.upsert' as const, gateway })),
          ...mapping.map((gateway) => ({ op: 'mappingGateway.upsert' as const, gateway })),
          { op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 20 },
        ],
      });
    } finally {
      await agent.close();
    }
    await connect(page, serverName, await sandbox.sshd.fingerprint('ed25519'));

    for (const size of SIZES) {
      await page.setViewportSize(size);
      const label = `${size.width}x${size.height}`;
      const params = await openModule(page, serverName, 'System parameters');
      const paramTable = params.getByRole('table').first();
      await paramTable.waitFor({ timeout: UI_TIMEOUT });
      await shot(page, `density-${TAG}-params-${label}`);
      const p = await tableInView(page, paramTable);
      console.log(`[density] ${TAG} params ${label}: ${p.rows} rows fully in view; headers off screen: ${p.headers.filter((x) => !x.inside).map((x) => x.text).join(', ') || 'none'}`);
      if (TAG === 'after') {
        expect(p.rows).toBeGreaterThanOrEqual(25);
        expect(p.headers.filter((x) => !x.inside)).toEqual([]);
      }

      for (const module of ['Routing gateways', 'Mapping gateways']) {
        const panel = await openModule(page, serverName, module);
        const table = panel.getByRole('table', { name: module });
        await table.getByRole('row').nth(5).waitFor({ timeout: UI_TIMEOUT });
        await shot(page, `density-${TAG}-${module.split(' ')[0]?.toLowerCase()}-${label}`);
        const g = await tableInView(page, table);
        const lines = await toolbarLines(panel.locator('.page-toolbar').first());
        console.log(`[density] ${TAG} ${module} ${label}: ${g.rows} rows in view; toolbar lines ${lines}; headers off screen: ${g.headers.filter((x) => !x.inside).map((x) => x.text).join(', ') || 'none'}`);
        if (TAG === 'after' && size.width >= 1440) expect(lines).toBe(1);
      }
    }
    if (TAG !== 'after') return;

    // Every column header of the dense tables readable in full, in the longer and the shorter language.
    const cut: string[] = [];
    for (const lang of [{ id: 'en', t: en }, { id: 'zh-CN', t: zhCN as typeof en }]) {
      await setLanguage(page, lang.id);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        for (const module of ['params', 'routing', 'mapping'] as const) {
          const panel = await openModuleIn(page, lang.t, serverName, module);
          await panel.locator('thead th').first().waitFor({ timeout: UI_TIMEOUT });
          for (const c of await cutHeaders(page)) cut.push(`${lang.id} ${size.width}x${size.height} ${module}: ${c}`);
        }
      }
    }
    console.log(`[density] cut headers:\n${cut.join('\n') || 'none'}`);
    expect(cut).toEqual([]);
    await setLanguage(page, 'en');
    await page.setViewportSize({ width: 1440, height: 900 });

    // The row menu of a selection, and the shortcut list, as a user sees them.
    const routingPanel = await openModule(page, serverName, 'Routing gateways');
    const table = routingPanel.getByRole('table', { name: 'Routing gateways' });
    await table.getByRole('row').filter({ hasText: 'carrier-03' }).click();
    await table.getByRole('row').filter({ hasText: 'carrier-05' }).click({ modifiers: ['Shift'] });
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    await table.getByRole('row').filter({ hasText: 'carrier-04' }).click({ button: 'right' });
    const menu = page.getByRole('menu');
    await menu.getByText('Export selected as CSV').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'density-after-routing-menu-1440x900');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await page.locator('body').press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'density-after-shortcuts-1440x900');
  });
});
