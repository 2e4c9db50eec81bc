/**
 * The boundary between SQLite's failures and what a person is told. A write that fails because the
 * disk is full or the file system went read-only is not an agent bug: it becomes STORAGE_FAILED,
 * naming the database and the cause, and the agent remembers it so `engine.status` shows it until
 * that database is written successfully again.
 */
import type { StorageProblem } from '@shared/rpc/agentApi';
import { RpcError } from '@shared/rpc/errors';

export type StoreId = StorageProblem['store'];
export type StorageCause = StorageProblem['cause'];

const STORE_NAMES: Record<StoreId, string> = {
  agent: 'the configuration store',
  engine: "the engine's table database",
};

// SQLite's primary result codes (the extended ones start with these, e.g. SQLITE_IOERR_WRITE).
const CAUSES: ReadonlyArray<[prefix: string, cause: StorageCause]> = [
  ['SQLITE_READONLY', 'read-only'],
  ['SQLITE_FULL', 'disk-full'],
  ['SQLITE_IOERR', 'io-error'],
  ['SQLITE_BUSY', 'locked'],
  ['SQLITE_LOCKED', 'locked'],
  ['SQLITE_CORRUPT', 'damaged'],
  ['SQLITE_NOTADB', 'damaged'],
  ['SQLITE_CANTOPEN', 'cannot-open'],
  ['SQLITE_PERM', 'cannot-open'],
];

/** A file-system error code from Node (a failed mkdir/chmod/open) and what it means here. */
const ERRNO_CAUSES: Readonly<Record<string, StorageCause>> = { EROFS: 'read-only', ENOSPC: 'disk-full', EDQUOT: 'disk-full', EIO: 'io-error' };

/** The storage cause in `e` or its `cause` chain, with the code that said so; null for anything else. */
export function storageCause(e: unknown): { cause: StorageCause; code: string } | null {
  for (let x: unknown = e, depth = 0; x instanceof Error && depth < 8; x = x.cause, depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    const sqlite = CAUSES.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`));
    if (sqlite) return { cause: sqlite[1], code };
    if (code.startsWith('SQLITE_')) return { cause: 'other', code };
    const errno = ERRNO_CAUSES[code];
    if (errno) return { cause: errno, code };
  }
  return null;
}

function describe(store: StoreId, path: string, cause: StorageCause): string {
  const name = `${STORE_NAMES[store]} ${path}`;
  switch (cause) {
    case 'read-only':
      return `${name} is read-only`;
    case 'disk-full':
      return `the disk holding ${name} is full`;
    case 'io-error':
      return `${name} could not be read or written (input/output error; check the disk)`;
    case 'locked':
      return `${name} is locked by another process`;
    case 'damaged':
      return `${name} is damaged (not a valid SQLite database)`;
    case 'cannot-open':
      return `${name} cannot be opened`;
    case 'other':
      return `${name} refused the write`;
  }
}

/** A sentence naming the database and what is wrong with it, if `e` is a storage failure. */
export function describeStorageFailure(e: unknown, store: StoreId, path: string): string | null {
  const found = storageCause(e);
  return found ? `${describe(store, path, found.cause)} (${found.code})` : null;
}

/** Turns storage failures of the agent's databases into STORAGE_FAILED and remembers the last one per store. */
export class StorageErrors {
  private readonly problems = new Map<StoreId, StorageProblem>();

  constructor(
    private readonly paths: Readonly<Record<StoreId, string>>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * STORAGE_FAILED for `e` if it is a storage failure of `store`, else null. `rolledBackTo` is the
   * revision still in effect, said in the message so the operator knows nothing changed.
   */
  toRpcError(e: unknown, store: StoreId, rolledBackTo: number | null): RpcError | null {
    const found = storageCause(e);
    if (!found) return null;
    const problem: StorageProblem = {
      store,
      path: this.paths[store],
      cause: found.cause,
      sqliteCode: found.code,
      message: describe(store, this.paths[store], found.cause),
      at: this.now().toISOString(),
    };
    this.problems.set(store, problem);
    const kept = rolledBackTo === null ? 'nothing was changed' : `nothing was changed; revision ${rolledBackTo} is still in effect`;
    return new RpcError('STORAGE_FAILED', `${problem.message} (${found.code}); ${kept}`, { problem, rolledBackTo });
  }

  /** `store` was written successfully: its earlier problem is over. */
  cleared(store: StoreId): void {
    this.problems.delete(store);
  }

  list(): StorageProblem[] {
    return [...this.problems.values()];
  }
}
