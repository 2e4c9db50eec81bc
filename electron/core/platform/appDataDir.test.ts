import { describe, expect, it } from 'vitest';
import { linuxWorkstation, macWorkstation, windowsWorkstation } from '../../../test/doubles/host/workstations';
import { appDataRoot, desktopDataDir, webShellDataDir } from './appDataDir';

describe('per-user data folders', () => {
  it('Windows: Electron data in %APPDATA%, the browser shell in %LOCALAPPDATA%', () => {
    const ws = windowsWorkstation();
    expect(appDataRoot(ws)).toBe('C:\\Users\\Ann Lee\\AppData\\Roaming');
    expect(desktopDataDir(appDataRoot(ws), ws)).toBe('C:\\Users\\Ann Lee\\AppData\\Roaming\\switchdeck');
    expect(webShellDataDir(ws)).toBe('C:\\Users\\Ann Lee\\AppData\\Local\\switchdeck');
    const bare = windowsWorkstation({ env: { APPDATA: undefined, LOCALAPPDATA: undefined } });
    expect(appDataRoot(bare)).toBe('C:\\Users\\Ann Lee\\AppData\\Roaming');
    expect(webShellDataDir(bare)).toBe('C:\\Users\\Ann Lee\\AppData\\Local\\switchdeck');
  });

  it('macOS: Application Support, with a separate folder for the browser shell', () => {
    const ws = macWorkstation();
    expect(desktopDataDir(appDataRoot(ws), ws)).toBe('/Users/ann/Library/Application Support/switchdeck');
    expect(webShellDataDir(ws)).toBe('/Users/ann/Library/Application Support/switchdeck-web');
  });

  it('Linux: XDG folders when absolute, else ~/.config and ~/.local/share', () => {
    expect(appDataRoot(linuxWorkstation())).toBe('/home/ann/.config');
    expect(appDataRoot(linuxWorkstation({ env: { XDG_CONFIG_HOME: '/x/config' } }))).toBe('/x/config');
    expect(webShellDataDir(linuxWorkstation({ env: { XDG_DATA_HOME: '/x/data' } }))).toBe('/x/data/switchdeck');
    expect(webShellDataDir(linuxWorkstation({ env: { XDG_DATA_HOME: 'relative' } }))).toBe('/home/ann/.local/share/switchdeck');
    expect(webShellDataDir(linuxWorkstation())).toBe('/home/ann/.local/share/switchdeck');
  });

  it('no OS shares one folder between the desktop app and the browser shell', () => {
    for (const ws of [windowsWorkstation(), macWorkstation(), linuxWorkstation()]) {
      expect(webShellDataDir(ws)).not.toBe(desktopDataDir(appDataRoot(ws), ws));
    }
  });
});
