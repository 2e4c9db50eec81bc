/**
 * Handlers that touch the agent's database answer STORAGE_FAILED, naming the database and the
 * cause, when SQLite cannot read or write it (a full disk, a read-only file system), instead of
 * INTERNAL. ConfigService already maps the failures it must undo; this catches the rest.
 */
import { RpcError } from '@shared/rpc/errors';
import type { StorageErrors } from '../store/storageErrors';

type Handler = (params: never, ctx: never) => unknown;

export function withStorageErrors<T extends { readonly [name: string]: Handler | undefined }>(handlers: T, storage: StorageErrors): T {
  const mapped: Record<string, Handler | undefined> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    if (!handler) continue;
    const toError = (e: unknown): unknown => (e instanceof RpcError ? e : (storage.toRpcError(e, 'agent', null) ?? e));
    mapped[name] = (params, ctx) => {
      try {
        const out = handler(params, ctx);
        return out instanceof Promise ? out.catch((e: unknown) => Promise.reject(toError(e))) : out;
      } catch (e) {
        throw toError(e);
      }
    };
  }
  return mapped as T;
}
