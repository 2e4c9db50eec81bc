import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSafeStorage } from '../../test/doubles/host/fakeSafeStorage';
import { createSafeSecretStore, DRAFT_KEY_FILE, loadOrCreateDraftKey, SECRETS_FILE } from './safeSecretStore';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'sd-secrets-'));
  dirs.push(d);
  return d;
};

describe('draft key kept by the OS keychain', () => {
  it('is made once (32 bytes, stored sealed, 0600) and read back the same', () => {
    const d = tempDir();
    const key = loadOrCreateDraftKey(fakeSafeStorage('linux', 'gnome_libsecret'), d, 'linux');
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(readFileSync(path.join(d, DRAFT_KEY_FILE), 'utf8')).not.toContain(key);
    expect(statSync(path.join(d, DRAFT_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateDraftKey(fakeSafeStorage('linux', 'gnome_libsecret'), d, 'linux')).toBe(key);
  });

  it("is not made where safeStorage has no real keychain (Linux's basic_text)", () => {
    expect(loadOrCreateDraftKey(fakeSafeStorage('linux', 'basic_text'), tempDir(), 'linux')).toBeUndefined();
  });
});

describe('remembered secrets through safeStorage on each OS', () => {
  for (const platform of ['win32', 'darwin'] as const) {
    it(`${platform}: the OS keychain is used without asking for a Linux backend`, async () => {
      const dir = tempDir();
      const storage = fakeSafeStorage(platform);
      const store = createSafeSecretStore(storage, dir, platform);
      expect(store).toBeDefined();
      await store?.set('srv-1:password', 'pässwörd 密码');
      expect(await store?.get('srv-1:password')).toBe('pässwörd 密码');
      // Only the sealed form reaches the disk.
      expect(readFileSync(path.join(dir, SECRETS_FILE), 'utf8')).not.toContain('pässwörd');
      expect(loadOrCreateDraftKey(storage, dir, platform)).toBeDefined();
    });
  }

  it('Linux: a real secret service is used, the fixed-key fallback is refused', () => {
    const dir = tempDir();
    expect(createSafeSecretStore(fakeSafeStorage('linux', 'kwallet6'), dir, 'linux')).toBeDefined();
    expect(createSafeSecretStore(fakeSafeStorage('linux', 'basic_text'), dir, 'linux')).toBeUndefined();
    expect(loadOrCreateDraftKey(fakeSafeStorage('linux', 'basic_text'), dir, 'linux')).toBeUndefined();
  });

  it('no store where encryption is unavailable (macOS before the Keychain answers, Windows without a profile)', () => {
    const dir = tempDir();
    expect(createSafeSecretStore(fakeSafeStorage('darwin', 'unknown', false), dir, 'darwin')).toBeUndefined();
    expect(loadOrCreateDraftKey(fakeSafeStorage('win32', 'unknown', false), dir, 'win32')).toBeUndefined();
  });
});
