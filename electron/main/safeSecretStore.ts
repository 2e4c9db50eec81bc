/**
 * Remembered SSH secrets, encrypted with the OS keychain through Electron's safeStorage and kept in
 * one file in the user data folder (0600). Where safeStorage has no real keychain (Linux without a
 * secret service falls back to a hard-coded key), no store is offered at all: "remember" is then
 * refused rather than pretending to protect the secret.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chmod, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import type { SecretStore } from '../core';
import { writeFileAtomic } from '../core/ssh/knownHostsFile';

export const SECRETS_FILE = 'secrets.json';
export const DRAFT_KEY_FILE = 'draft-key.sealed';

/** Whether safeStorage is backed by a real keychain (not Linux's hard-coded fallback key). */
function hasKeychain(safeStorage: SafeStorage, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return !(platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');
}

/**
 * The key the host process seals draft passwords with (electron/hostProcess/draftKeySealer): made
 * once, kept in the user data folder sealed by the OS keychain, handed to the host process in
 * memory. Undefined without a real keychain (drafts then keep passwords as typed and the UI warns).
 */
export function loadOrCreateDraftKey(safeStorage: SafeStorage, userData: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (!hasKeychain(safeStorage, platform)) return undefined;
  const file = join(userData, DRAFT_KEY_FILE);
  if (existsSync(file)) return safeStorage.decryptString(readFileSync(file));
  const key = randomBytes(32).toString('base64');
  mkdirSync(userData, { recursive: true });
  writeFileSync(file, safeStorage.encryptString(key), { mode: 0o600 });
  return key;
}

export function createSafeSecretStore(safeStorage: SafeStorage, userData: string, platform: NodeJS.Platform = process.platform): SecretStore | undefined {
  if (!hasKeychain(safeStorage, platform)) return undefined;
  const file = join(userData, SECRETS_FILE);
  let writes: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<Record<string, string>> => {
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  };
  // Writes are serialised so two saves never lose each other's entry.
  const change = (edit: (all: Record<string, string>) => void): Promise<void> => {
    const next = writes.then(async () => {
      const all = await load();
      edit(all);
      await writeFileAtomic(file, `${JSON.stringify(all)}\n`);
      await chmod(file, 0o600);
    });
    writes = next.catch(() => undefined);
    return next;
  };

  return {
    async get(key) {
      const sealed = (await load())[key];
      return sealed === undefined ? undefined : safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
    set: (key, value) =>
      change((all) => {
        all[key] = safeStorage.encryptString(value).toString('base64');
      }),
    delete: (key) =>
      change((all) => {
        delete all[key];
      }),
  };
}
