/**
 * Where remembered SSH secrets live. Electron's main process provides one backed by the OS keychain
 * (safeStorage); the browser shell has none, so "remember" is refused there.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Encrypts small values with the OS keychain (Electron: safeStorage.encryptString), synchronously,
 * because a draft is saved in one SQLite transaction. Absent where no keychain protects them
 * (browser shell, Linux without a secret service).
 */
export interface TextSealer {
  /** Returns base64 text. */
  seal(value: string): string;
  /** Throws when the value was not sealed by this keychain. */
  open(sealed: string): string;
}

/** SSH login secrets, and the sudo password the agent installer may remember. */
export type RememberedKind = 'password' | 'passphrase' | 'sudo';

/** One key per server and secret kind; the server id alone (never its address) names it. */
export function secretKey(serverId: string, kind: RememberedKind): string {
  return `ssh:${serverId}:${kind}`;
}

/** A SecretStore in memory: for tests, and for what was typed during this run (never persisted). */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
  has(key: string): boolean {
    return this.values.has(key);
  }
}
