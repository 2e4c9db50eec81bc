// Electron main: one window onto the host core. Thin by design: the host core (SSH, SQLite, agent
// clients) runs in a utility process (dist/electron/host.cjs) so a busy fleet never freezes the
// window; main relays the renderer's HostApi IPC to it and answers its keychain requests.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, safeStorage, type IpcMainInvokeEvent } from 'electron';
import { IPC_HOST_CALL, IPC_HOST_EVENT, type HostCallOutcome } from '@shared/rpc/hostWire';
import type { Host } from '../core';
import { desktopDataDir } from '../core/platform/appDataDir';
import { startHostProcess } from '../hostProcess/hostProcessClient';
import { registerAppScheme, serveRenderer } from './appProtocol';
import { installMenu } from './menu';
import { createSafeSecretStore, loadOrCreateDraftKey } from './safeSecretStore';
import { APP_ORIGIN, isTrustedSenderUrl, lockDownWebContents } from './security';
import { utilityHostSpawner } from './utilityHostChild';

// Bundled to dist/electron/main.cjs: the renderer is dist/renderer, the preload sits beside this file.
const RENDERER_DIR = path.join(__dirname, '..', 'renderer');
const PRELOAD = path.join(__dirname, 'preload.cjs');
const HOST_PROCESS = path.join(__dirname, 'host.cjs');
// The switch-agent packages "Install agent" uploads: dist/packages (`npm run package:agent`).
const AGENT_PACKAGES_DIR = path.join(__dirname, '..', 'packages');

let win: BrowserWindow | null = null;
let host: Host | null = null;

// Electron names userData after the product name, which a packaged build sets to "Switchdeck";
// pinning it keeps one data folder for development runs and installed builds on every OS.
app.setPath('userData', desktopDataDir(app.getPath('appData'), { path }));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme(protocol);
  lockDownWebContents(app);
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!host) return;
    const closing = host;
    host = null;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });
  void app.whenReady()
    .then(start)
    .catch((e: unknown) => {
      console.error(`Switchdeck could not start its host process: ${e instanceof Error ? e.message : String(e)}`);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  serveRenderer(protocol, RENDERER_DIR, new URL(APP_ORIGIN).host);
  const userData = app.getPath('userData');
  const secrets = createSafeSecretStore(safeStorage, userData);
  const draftKey = loadOrCreateDraftKey(safeStorage, userData);
  const h = await startHostProcess({
    spawn: utilityHostSpawner(HOST_PROCESS),
    start: { dataDir: userData, agentPackagesDir: AGENT_PACKAGES_DIR, ...(draftKey ? { draftKey } : {}) },
    ...(secrets ? { secrets } : {}),
    warn: (m) => console.warn(`switchdeck: ${m}`),
    // The window keeps its state; the servers it showed reconnect on demand through the new host process.
    onCrash: ({ restarts }) => console.error(`switchdeck: the host process died and was restarted (${restarts} so far)`),
  });
  host = h;
  ipcMain.handle(IPC_HOST_CALL, (event: IpcMainInvokeEvent, method: unknown, params: unknown): Promise<HostCallOutcome> | HostCallOutcome => {
    if (!isTrustedSenderUrl(event.senderFrame?.url) || event.senderFrame?.parent !== null) {
      return { ok: false, error: { code: 'PERMISSION_DENIED', message: 'HostApi calls are answered only for the Switchdeck page' } };
    }
    return h.call(typeof method === 'string' ? method : '', params);
  });
  h.onEvent((event, payload) => {
    if (win && !win.isDestroyed()) win.webContents.send(IPC_HOST_EVENT, { event, payload });
  });
  installMenu(process.platform === 'darwin');
  win = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, preload: PRELOAD },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}
