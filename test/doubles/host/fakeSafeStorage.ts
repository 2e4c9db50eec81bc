/**
 * Electron's safeStorage as each OS offers it: DPAPI on Windows and the Keychain on macOS are
 * always "available"; Linux reports which backend it picked, and `basic_text` means a fixed key.
 * The backend query exists only on Linux, so here it throws elsewhere, like a missing method would.
 */
import type { SafeStorage } from 'electron';

export function fakeSafeStorage(platform: NodeJS.Platform, backend: ReturnType<SafeStorage['getSelectedStorageBackend']> = 'gnome_libsecret', available = true): SafeStorage & { encrypted: number } {
  const fake = {
    encrypted: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => {
      if (platform !== 'linux') throw new TypeError('safeStorage.getSelectedStorageBackend is not a function');
      return backend;
    },
    encryptString: (plain: string) => {
      fake.encrypted++;
      return Buffer.from(`v10${Buffer.from(plain, 'utf8').toString('hex')}`);
    },
    decryptString: (sealed: Buffer) => {
      const text = sealed.toString();
      if (!text.startsWith('v10')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(text.slice(3), 'hex').toString('utf8');
    },
    setUsePlainTextEncryption: () => undefined,
  };
  return fake;
}
