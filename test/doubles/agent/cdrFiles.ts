// Test helpers: a migrated in-memory store, CDR lines, and a writer that behaves like one
// Kamailio process writing through db_flatstore (append, fflush per line, reopen of the same
// name only at its next write after a k_rotate, and only if the rotate came in a later second).
import Database from 'better-sqlite3';
import { appendFileSync, closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../../../switch-agent/src/store/migrate';
import { CDR_MIGRATIONS } from '../../../switch-agent/src/cdr/migrations';

export function cdrDb(file = ':memory:'): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  runMigrations(db, CDR_MIGRATIONS);
  return db;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sd-cdr-'));
}

export function cdrLine(callId: string, over: { callee?: string; rgw?: string; mgw?: string; start?: number } = {}): string {
  const start = over.start ?? 1_800_000_000;
  return `${start}|${start + 5}|5.250000|${callId}|10.0.0.1|5060|1|${over.mgw ?? 'mgw-a'}|${over.rgw ?? 'gw-ok'}|10.0.0.2:5060|100|${over.callee ?? '200'}|200\n`;
}

export function callIds(db: Database.Database): string[] {
  return (db.prepare('SELECT call_id FROM cdrs ORDER BY id').pluck().all() as string[]);
}

export function append(path: string, text: string): void {
  appendFileSync(path, text);
}

/** One Kamailio process's flatstore connection for table `acc_cdrs` and rank `rank`. */
export class FakeFlatstoreWriter {
  private fd: number | undefined;
  private localStamp: number;

  constructor(
    private readonly dir: string,
    private readonly rank: number,
    private readonly shared: { rotateStamp: number },
  ) {
    this.localStamp = shared.rotateStamp;
  }

  get activePath(): string {
    return join(this.dir, `acc_cdrs_${this.rank}.log`);
  }

  write(text: string): void {
    if (this.localStamp < this.shared.rotateStamp) {
      if (this.fd !== undefined) closeSync(this.fd);
      this.fd = undefined;
      this.localStamp = this.shared.rotateStamp;
    }
    this.fd ??= openSync(this.activePath, 'a');
    writeSync(this.fd, text);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
