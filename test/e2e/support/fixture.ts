/**
 * One e2e world per test file: the sandbox switch (real agent, Kamailio, rtpengine behind a throwaway
 * sshd), the browser shell with its own data folder, and Chromium on the shell's page. Everything
 * lives under one temp root, which is also how teardown proves that nothing was left running.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { registerSandboxServer, SANDBOX_SERVER_NAME } from '../../../scripts/sandbox/registerSandboxServer';
import { startSandbox, type Sandbox } from '../../../scripts/sandbox/startSandbox';
import { launchBrowser, shotIfFailed } from './browser';
import { reapOrphans } from './orphans';
import { freeTcpPort, freeUdpPort, freeUdpRange } from './ports';
import { DIST } from './prerequisites';
import { startShell, type ShellProcess } from './shell';

export interface E2eOptions {
  /** Save the sandbox as server "sandbox" in the app's data folder before the shell starts (default true). */
  registerServer?: boolean;
  /** The folder of switch-agent packages the shell offers to install (default: dist/packages). */
  agentPackagesDir?: string;
}

export interface E2e {
  readonly root: string;
  readonly dataDir: string;
  readonly sandbox: Sandbox;
  readonly shell: ShellProcess;
  readonly browser: Browser;
  readonly page: Page;
  readonly serverName: string;
  /** Stops everything; throws if some process started for this file outlived the teardown. */
  stop(): Promise<void>;
}

export async function startE2e(o: E2eOptions = {}): Promise<E2e> {
  const root = await mkdtemp(path.join(tmpdir(), 'sd-e2e-'));
  // mkdtemp makes it 0700; sshd reads authorized_keys below it as the test user, who must get through.
  await chmod(root, 0o755);
  const dataDir = path.join(root, 'app');
  let sandbox: Sandbox | undefined;
  let shell: ShellProcess | undefined;
  let browser: Browser | undefined;
  const ngPort = await freeUdpPort();

  const stop = async () => {
    const errors: unknown[] = [];
    const attempt = async (f: () => Promise<unknown> | undefined) => {
      try {
        await f();
      } catch (e) {
        errors.push(e);
      }
    };
    await attempt(() => browser?.close());
    await attempt(() => shell?.stop());
    await attempt(() => sandbox?.stop());
    const orphans = await reapOrphans({ root, markers: [`--listen-ng=127.0.0.1:${ngPort}`] });
    await rm(root, { recursive: true, force: true }).catch(() => undefined);
    if (orphans.length > 0) errors.push(new Error(`processes outlived the e2e teardown (killed now):\n${orphans.join('\n')}`));
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'e2e teardown failed');
  };

  try {
    sandbox = await startSandbox({
      root: path.join(root, 'sandbox'),
      agentEntry: DIST.agent,
      sshPort: await freeTcpPort(),
      sipPort: await freeUdpPort(),
      rtpengineNgPort: ngPort,
      // 4 ports per anchored call: room for the monitor scenario's ~40 concurrent calls (a call that
      // cannot be anchored is refused 503, never passed unanchored).
      rtpPorts: await freeUdpRange(320),
    });
    if (o.registerServer !== false) registerSandboxServer(dataDir, sandbox);
    shell = await startShell(dataDir, undefined, o.agentPackagesDir);
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(shell.pageUrl);
    return { root, dataDir, sandbox, shell, browser, page, serverName: SANDBOX_SERVER_NAME, stop };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}

/**
 * The hooks of an e2e file: one sandbox and browser for the file (handed to `use`, which may also
 * prepare it: connect, size the window), a screenshot (named `shots`…) of each failed test, and
 * `cleanUp` (the file's sipp processes…) before it stops; `options` are read each time a world starts.
 * A failed test that will be tried again (CI retries once) gets a new world first: a retry on the
 * state the failed try left (connected, dialogs open) fails on that state, not on what it tests.
 */
export function e2eHooks(shots: string, use: (e2e: E2e) => void | Promise<void>, cleanUp?: () => Promise<void>, options?: () => E2eOptions): void {
  let e2e: E2e | undefined;
  beforeAll(async () => {
    e2e = await startE2e(options?.());
    await use(e2e);
  });
  afterEach(async (ctx) => {
    await shotIfFailed(e2e?.page, ctx, shots);
    const { result, retry } = ctx.task;
    const retries = typeof retry === 'number' ? retry : (retry?.count ?? 0);
    if (result?.state === 'fail' && (result.retryCount ?? 0) < retries) {
      await cleanUp?.();
      await e2e?.stop();
      e2e = await startE2e(options?.());
      await use(e2e);
    }
  });
  afterAll(async () => {
    await cleanUp?.();
    await e2e?.stop();
  });
}
