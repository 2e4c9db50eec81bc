// A toast that comes while a dialog is open (here: the switch rolls back an unconfirmed revision while
// the operator edits a gateway) must be readable and closable, not hidden under the dialog's backdrop,
// and must leave the dialog usable: beside the dialog where there is room, above it in a narrow window.
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAgent } from './support/agent';
import { shot } from './support/browser';
import { e2eHooks, type E2e } from './support/fixture';
import { e2ePrerequisites } from './support/prerequisites';
import { overlaps, type Box } from './support/toastLayout';
import { connect, openModule, UI_TIMEOUT } from './support/ui';

const skip = e2ePrerequisites();
/** The shortest confirm window the agent accepts. */
const CONFIRM_SEC = 10;
/** Narrower than this a toast's message is a column of single words. */
const READABLE_PX = 200;


/** Applies a gateway behind the window's back with a confirm window nobody answers: the switch rolls it back by itself. */
async function applyUnconfirmed(adminSocket: string, gateway: string): Promise<void> {
  const agent = await connectAgent(adminSocket);
  try {
    const { snapshot } = await agent.call('config.get', {});
    await agent.call('config.apply', { baseRevision: snapshot.revision, confirmWithinSec: CONFIRM_SEC, ops: [{ op: 'routingGateway.upsert', gateway: { name: gateway, prefixes: ['0044'], addresses: [{ host: '192.0.2.30', port: 5060 }] } }] });
  } finally {
    await agent.close();
  }
}

/** Opens the "New routing gateway" dialog (820 px wide) and waits until the switch's rollback toast shows over it. */
async function rollbackWhileEditing(e2e: E2e, gateway: string): Promise<{ dialog: Locator; toast: Locator }> {
  const { page, sandbox, serverName } = e2e;
  const routing = await openModule(page, serverName, 'Routing gateways');
  await routing.getByRole('button', { name: 'Add…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New routing gateway' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('half-typed');
  await applyUnconfirmed(sandbox.adminSocket, gateway);
  const toast = page.locator('.bp6-toast').filter({ hasText: new RegExp(`rolled back automatically.*${gateway}`) });
  await toast.waitFor({ state: 'visible', timeout: (CONFIRM_SEC + 30) * 1000 });
  return { dialog, toast };
}

/** The toast is drawn on top where it lies (not under the backdrop or the dialog), whole inside the window and wide enough to read. */
async function expectOnTopAndReadable(page: Page, toast: Locator): Promise<Box> {
  const box = await toast.boundingBox();
  expect(box).not.toBeNull();
  const b = box as Box;
  const size = page.viewportSize();
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.y).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(size?.width ?? 0);
  expect(b.y + b.height).toBeLessThanOrEqual(size?.height ?? 0);
  expect(b.width).toBeGreaterThanOrEqual(READABLE_PX);
  const onTop = await toast.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && el.contains(hit);
  });
  expect(onTop, 'the point at the toast’s centre belongs to the toast, not to the dialog or its backdrop').toBe(true);
  return b;
}

/** Closes the toast with its own button; the dialog stays open with what was typed. */
async function closeByItsButton(toast: Locator, dialog: Locator): Promise<void> {
  await toast.getByRole('button', { name: 'Close' }).click();
  await toast.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  expect(await dialog.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('half-typed');
}

describe.skipIf(skip !== null)(`toasts while a dialog is open${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let e2e: E2e;
  // Registered first so it runs last (vitest runs after-hooks in reverse): a failed case's screenshot
  // shows what it left open.
  afterEach(async () => {
    // Each case starts from the bare workspace, whatever the last one left open.
    for (const close of await e2e.page.locator('.bp6-toast').getByRole('button', { name: 'Close' }).all()) await close.click();
    for (const cancel of await e2e.page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).all()) await cancel.click();
  });
  e2eHooks('toast-dialog', async (x) => {
    e2e = x;
    await x.page.setViewportSize({ width: 1280, height: 720 });
    await connect(x.page, x.serverName, await x.sandbox.sshd.fingerprint('ed25519'));
  });

  it('shows the toast beside the dialog, on top of the backdrop, closable, never over the dialog', async () => {
    const { page } = e2e;
    const { dialog, toast } = await rollbackWhileEditing(e2e, 'carrier-T1');
    const box = await expectOnTopAndReadable(page, toast);
    const frame = await page.locator('.bp6-dialog').boundingBox();
    expect(frame).not.toBeNull();
    expect(overlaps(box, frame as Box), `the toast ${JSON.stringify(box)} lies over the dialog ${JSON.stringify(frame)}`).toBe(false);
    await shot(page, 'toast-dialog-01-beside');
    await closeByItsButton(toast, dialog);
  });

  it('puts the toast above a dialog that leaves no room beside it (900 px window), clear of its fields and buttons', async () => {
    const { page } = e2e;
    await page.setViewportSize({ width: 900, height: 720 });
    const { dialog, toast } = await rollbackWhileEditing(e2e, 'carrier-T2');
    const frame = await page.locator('.bp6-dialog').boundingBox();
    expect(page.viewportSize()!.width - (frame!.x + frame!.width)).toBeLessThan(READABLE_PX);
    const box = await expectOnTopAndReadable(page, toast);
    // At most the dialog's title lies under it: none of its tabs, fields or buttons (the close button included).
    const controls = await dialog.locator('input, textarea, select, button, [role=tab]').all();
    expect(controls.length).toBeGreaterThan(10);
    for (const control of controls) {
      const part = await control.boundingBox();
      if (part) expect(overlaps(box, part), `the toast ${JSON.stringify(box)} covers ${await control.evaluate((el) => el.outerHTML.slice(0, 80))}`).toBe(false);
    }
    await shot(page, 'toast-dialog-02-above');
    await closeByItsButton(toast, dialog);
  });
});
