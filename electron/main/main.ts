// Electron main: one window onto the host core. Thin by design; the logic lives in electron/core.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, safeStorage, type IpcMainInvokeEvent } from 'electron';
import { IPC_HOST_CALL, IPC_HOST_EVENT, type HostCallOutcome } from '@shared/rpc/hostWire';
import { createHost, type Host } from '../core';
import { registerAppScheme, serveRenderer } from './appProtocol';
import { installMenu } from './menu';
import { createSafeSecretStore, createSafeTextSealer } from './safeSecretStore';
import { APP_ORIGIN, isTrustedSenderUrl, lockDownWebContents } from './security';

// Bundled to dist/electron/main.cjs: the renderer is dist/renderer, the preload sits beside this file.
const RENDERER_DIR = path.join(__dirname, '..', 'renderer');
const PRELOAD = path.join(__dirname, 'preload.cjs');
// The switch-agent packages "Install agent" uploads: dist/packages (`npm run package:agent`).
const AGENT_PACKAGES_DIR = path.join(__dirname, '..', 'packages');

let win: BrowserWindow | null = null;
let host: Host | null = null;

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
  void app.whenReady().then(start);
}

function start(): void {
  serveRenderer(protocol, RENDERER_DIR, new URL(APP_ORIGIN).host);
  const secrets = createSafeSecretStore(safeStorage, app.getPath('userData'));
  const draftSealer = createSafeTextSealer(safeStorage);
  const h = createHost({ dataDir: app.getPath('userData'), agentPackagesDir: AGENT_PACKAGES_DIR, ...(secrets ? { secrets } : {}), ...(draftSealer ? { draftSealer } : {}) });
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
