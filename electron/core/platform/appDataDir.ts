/**
 * Per-user data folders on each OS. Electron's own appData root is %APPDATA% (roaming) on
 * Windows, ~/Library/Application Support on macOS and $XDG_CONFIG_HOME or ~/.config on Linux; the
 * desktop app keeps its data in `<appData>/switchdeck` whatever the packaged product name says,
 * so a development run and an installed build share one folder on case-sensitive file systems.
 * The browser shell keeps its own folder under the OS's local data root, so the two never open
 * one database at the same time.
 */
import { envVar, type Workstation } from './workstation';

type Where = Pick<Workstation, 'platform' | 'env' | 'home' | 'path'>;

export const APP_DATA_FOLDER = 'switchdeck';
/** macOS has one data root for both shells, so the browser shell's folder gets its own name there. */
export const WEB_SHELL_FOLDER_MAC = 'switchdeck-web';

/** XDG variables count only when absolute (the spec says to ignore relative ones). */
function xdg(ws: Where, name: string, fallback: string[]): string {
  const value = envVar(ws, name);
  return value && ws.path.isAbsolute(value) ? value : ws.path.join(ws.home, ...fallback);
}

function windowsFolder(ws: Where, name: 'APPDATA' | 'LOCALAPPDATA', fallback: string[]): string {
  const value = envVar(ws, name);
  return value && ws.path.isAbsolute(value) ? value : ws.path.join(envVar(ws, 'USERPROFILE') ?? ws.home, ...fallback);
}

/** What Electron's app.getPath('appData') is on each OS (for checks and the browser shell). */
export function appDataRoot(ws: Where): string {
  switch (ws.platform) {
    case 'win32':
      return windowsFolder(ws, 'APPDATA', ['AppData', 'Roaming']);
    case 'darwin':
      return ws.path.join(ws.home, 'Library', 'Application Support');
    default:
      return xdg(ws, 'XDG_CONFIG_HOME', ['.config']);
  }
}

/** The desktop app's data folder inside Electron's appData root. */
export function desktopDataDir(appData: string, ws: Pick<Workstation, 'path'>): string {
  return ws.path.join(appData, APP_DATA_FOLDER);
}

/** The browser shell's data folder: %LOCALAPPDATA%, ~/Library/Application Support or $XDG_DATA_HOME. */
export function webShellDataDir(ws: Where): string {
  switch (ws.platform) {
    case 'win32':
      return ws.path.join(windowsFolder(ws, 'LOCALAPPDATA', ['AppData', 'Local']), APP_DATA_FOLDER);
    case 'darwin':
      return ws.path.join(ws.home, 'Library', 'Application Support', WEB_SHELL_FOLDER_MAC);
    default:
      return ws.path.join(xdg(ws, 'XDG_DATA_HOME', ['.local', 'share']), APP_DATA_FOLDER);
  }
}
