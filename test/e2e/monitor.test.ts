// The Server monitor tab against the sandbox switch carrying sipp calls: the live Active calls
// chart draws the calls Kamailio holds, the other pages draw, the history range and the dark
// theme render, CSV export writes what the chart shows, and the fleet overview draws the server's
// sparklines.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { haveBinary, run, waitFor, type RunResult } from '../integration/engine/procs';
import { uacXml } from '../integration/engine/scenarioXml';
import { routeCallsThrough } from './support/agent';
import { shot, SHOTS_DIR } from './support/browser';
import { e2eHooks, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { startUas, type Uas } from './support/sip';
import { connect, openModule, statusBar, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites(haveBinary('sipp', ['-v']) ? [] : ['sipp is missing (apt-get install sip-tester)']);
const CALLER = '127.0.0.2';
const CALLEE_HOST = '127.0.0.3';
const CALLS = 80;
const HOLD_MS = 20_000;

/** The number in a chart's "latest value" header ("12", "1.5k"), or NaN while it has none. */
async function latestValue(chart: Locator): Promise<number> {
  const text = (await chart.getByLabel('Latest value').textContent()) ?? '';
  const m = /^([\d.]+)(k?)/.exec(text.trim());
  return m ? Number(m[1]) * (m[2] === 'k' ? 1000 : 1) : Number.NaN;
}

/** How many points the chart's first line or area draws (its SVG path's segments). */
function drawnPoints(page: Page, title: string): Promise<number> {
  return page.evaluate((name) => {
    const fig = Array.from(document.querySelectorAll('[role="figure"]')).find((f) => f.getAttribute('aria-label') === name && f.closest('[role="tabpanel"]:not([hidden])'));
    const curve = fig?.querySelector('path.recharts-curve.recharts-area-curve, path.recharts-curve.recharts-line-curve');
    return (curve?.getAttribute('d')?.match(/L/g) ?? []).length + 1;
  }, title);
}

describe.skipIf(skip !== null)(`monitor${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  let uas: Uas | undefined;
  let load: Promise<RunResult> | undefined;
  e2eHooks('monitor', (x) => {
    e2e = x;
  }, async () => {
    await load?.catch(() => undefined);
    await uas?.stop();
  });

  it('draws the live active calls of a switch under sipp load, and the other pages', async () => {
    const { page, sandbox, serverName, root } = e2e;
    uas = await startUas(root, CALLEE_HOST, CALLS);
    await routeCallsThrough(sandbox.adminSocket, CALLER, uas);

    await connect(page, serverName, await sandbox.sshd.fingerprint('ed25519'));
    const panel = await openModule(page, serverName, 'Server monitor');
    await panel.getByRole('status').filter({ hasText: /^Live, last sample/ }).waitFor({ timeout: UI_TIMEOUT });

    // Calls held 20 s at 4 per second: about 80 up at once, then they end one by one.
    const scenario = path.join(root, 'monitor-uac.xml');
    writeFileSync(scenario, uacXml({ expect: 'answer', holdMs: HOLD_MS }));
    load = run('sipp', ['-sf', scenario, '-i', CALLER, '-s', '13800138000', `127.0.0.1:${sandbox.sipPort}`, '-m', String(CALLS), '-r', '4', '-timeout', '60s', '-nostdin'], root, 90_000);

    const calls = panel.getByRole('figure', { name: 'Active calls' });
    await waitFor('the Active calls chart to show 30 or more calls', 60_000, async () => ((await latestValue(calls)) >= 30 ? true : undefined));
    await waitFor('the Active calls chart to draw 15 s of points', 30_000, async () => ((await drawnPoints(page, 'Active calls')) >= 15 ? true : undefined));
    await shot(page, 'monitor-01-engine-live');

    await panel.getByRole('tab', { name: 'System' }).click();
    // Attached, not visible: a CPU pinned at 100 % (a loaded machine) draws a flat line with no height.
    await panel.getByRole('figure', { name: 'CPU busy' }).locator('path.recharts-area-curve').waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    await shot(page, 'monitor-02-system-live');
    await panel.getByRole('tab', { name: 'Media' }).click();
    await shot(page, 'monitor-03-media-live');

    await panel.getByRole('tab', { name: 'Engine' }).click();
    await statusBar(page).getByRole('combobox', { name: 'Colour theme' }).selectOption('dark');
    await waitFor('the charts to draw in dark colours', 10_000, async () => ((await page.evaluate(() => document.documentElement.dataset.theme === 'dark')) ? true : undefined));
    await shot(page, 'monitor-04-engine-dark');

    const csvButton = calls.getByRole('button', { name: 'Save Active calls as CSV' });
    const [download] = await Promise.all([page.waitForEvent('download'), csvButton.click()]);
    expect(download.suggestedFilename()).toMatch(/^sandbox-Active-calls-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.csv$/);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\r\n');
    expect(lines[0]).toBe('time (UTC),engine.calls.active (count),engine.calls.early (count)');
    expect(Math.max(...lines.slice(1).map((l) => Number(l.split(',')[1])))).toBeGreaterThanOrEqual(30);

    // The PNG is what the screen shows, with title and legend: kept next to the screenshots to be looked at.
    const [png] = await Promise.all([page.waitForEvent('download'), calls.getByRole('button', { name: 'Save Active calls as a PNG image' }).click()]);
    expect(png.suggestedFilename()).toMatch(/^sandbox-Active-calls-.*Z\.png$/);
    const pngBytes = await readFile(await png.path());
    expect(pngBytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(pngBytes.readUInt32BE(16)).toBeGreaterThan(800);
    await png.saveAs(path.join(SHOTS_DIR, 'monitor-07-active-calls-export.png'));

    const finished = await load;
    expect(finished.code, `sipp output:\n${finished.output}`).toBe(0);
    // History of the same calls from the agent (a young agent answers in minute buckets: its first minute is a rollup).
    await panel.getByRole('button', { name: '15 min' }).click();
    await waitFor('the 15-minute history to draw the calls', 30_000, async () => ((await drawnPoints(page, 'Active calls')) >= 2 ? true : undefined));
    const [history] = await Promise.all([page.waitForEvent('download'), csvButton.click()]);
    const historyLines = (await readFile(await history.path(), 'utf8')).trim().split('\r\n');
    expect(Math.max(...historyLines.slice(1).map((l) => Number(l.split(',')[1])))).toBeGreaterThan(5);
    await shot(page, 'monitor-05-engine-15min-dark');
    // History draws each series' min/max as a band around its average (1280×720, the size of a small wall screen).
    await page.setViewportSize({ width: 1280, height: 720 });
    await waitFor('the call rates chart to draw its bands', 30_000, async () => ((await panel.getByRole('figure', { name: 'Call attempts and answers' }).locator('.monitor-band path.recharts-area-area').count()) > 0 ? true : undefined));
    await shot(page, 'monitor-05b-engine-15min-bands-1280');
    await page.setViewportSize({ width: 1440, height: 900 });

    // Drag across the calls to zoom into them; the charts then show only that stretch.
    const plot = calls.locator('.recharts-wrapper > svg.recharts-surface');
    const box = await plot.boundingBox();
    if (!box) throw new Error('the Active calls chart has no box');
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.99, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await panel.getByRole('button', { name: 'Back to the full range' }).waitFor({ timeout: UI_TIMEOUT });
    await waitFor('the zoomed chart to draw the calls', 30_000, async () => ((await drawnPoints(page, 'Active calls')) >= 2 ? true : undefined));
    await shot(page, 'monitor-06-engine-zoomed-dark');
    await panel.getByRole('button', { name: 'Back to the full range' }).click();
    await panel.getByRole('tab', { name: 'Gateways' }).click();
    await shot(page, 'monitor-08-gateways-15min-dark');

    // The fleet overview: the server's last half hour of calls, CPU and ASR as sparklines.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('tab', { name: /^Fleet overview/ }).click();
    const calls30 = page.getByRole('img', { name: /^Calls up: now / });
    await waitFor('the fleet sparkline of calls to draw the load', 30_000, async () => (((await calls30.locator('path').getAttribute('d')) ?? '').includes('L') ? true : undefined));
    // What needs a look is read from the live values (on this shared machine: often CPU, or the sandbox's small media port range).
    await page.getByRole('row', { name: /^sandbox/ }).getByRole('cell').nth(3).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'monitor-09-fleet-dark');
    await statusBar(page).getByRole('combobox', { name: 'Colour theme' }).selectOption('light');
    await shot(page, 'monitor-10-fleet-light');
  });
});
