import { ConfigOpListSchema, type ConfigOp } from '@shared/model/ops';
import { opsCarrySecretValues } from './draftSecrets';

/**
 * Staged changes kept for the life of the window (sessionStorage): a reload, or a crash of the page,
 * does not throw away an hour of edits. Changes that carry a password or secret key are not written
 * anywhere: the storage may reach the disk, and a secret must not.
 */
const key = (serverId: string) => `switchdeck.staged.${serverId}`;

export function loadStaged(serverId: string): ConfigOp[] {
  try {
    const text = globalThis.sessionStorage?.getItem(key(serverId));
    if (!text) return [];
    const parsed = ConfigOpListSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Returns false when the ops could not be kept (they carry secrets, or storage failed). */
export function saveStaged(serverId: string, ops: readonly ConfigOp[]): boolean {
  try {
    const store = globalThis.sessionStorage;
    if (!store) return false;
    if (ops.length === 0 || opsCarrySecretValues(ops)) {
      store.removeItem(key(serverId));
      return ops.length === 0;
    }
    store.setItem(key(serverId), JSON.stringify(ops));
    return true;
  } catch {
    return false;
  }
}
