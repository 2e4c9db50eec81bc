// Debian's Chromium driven by playwright-core, and screenshots for people to look at.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, REPO } from './prerequisites';

export const SHOTS_DIR = path.join(REPO, 'test-results/e2e');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** Saves test-results/e2e/<name>.png (the whole window as the user sees it). */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  // Dialogs and toasts fade and slide in: capture what the user sees once they have settled.
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), null, { timeout: 5000 })
    .catch(() => undefined);
  await page.screenshot({ path: file });
  return file;
}

/** For afterEach: a screenshot of the window as it was when a test failed (test-results/e2e/<name>-FAILED.png). */
export async function shotIfFailed(page: Page | undefined, ctx: { task: { name: string; result?: { state?: string } } }, prefix: string): Promise<void> {
  if (!page || ctx.task.result?.state !== 'fail') return;
  const slug = ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 60);
  await shot(page, `${prefix}-${slug}-FAILED`).catch(() => undefined);
}
