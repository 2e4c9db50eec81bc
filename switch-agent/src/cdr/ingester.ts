// Moves CDR lines from Kamailio's db_flatstore files into the agent's SQLite store, each
// complete line exactly once, and rotates/deletes the files (protocol: flatstoreFiles.ts).
//
// Exactly once: positions are keyed by inode (dev, ino) and committed with the rows they cover
// (ingestStore.ts). A rename keeps the inode, so renaming never re-reads. A position whose file
// is shorter than it, or whose first bytes differ (inode reused after a delete, or a file
// truncated/rewritten by someone else), restarts that file from 0 and is recorded as a reject.
// A file is deleted only after it was read to its end AND its writer let go of it; the delete
// comes before forgetting its position (a crash in between leaves a stale position that prune()
// removes and the head check would reject anyway).
import { closeSync, fstatSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import {
  abandonedFiles, classifyFlatstoreName, nextRotationSeq, pendingRotated, readingOrder, rotatedName,
} from './flatstoreFiles';
import type { ScannedFile } from './flatstoreFiles';
import { HEAD_BYTES, IngestStore } from './ingestStore';
import type { Reject } from './ingestStore';
import type { CdrRecord } from './parseFlatstore';
import { parseFlatstoreLine, type ParsedCdrLine } from './parseFlatstore';

export interface IngestTimer {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface CdrIngesterOptions {
  /** The db_flatstore directory (acc db_url `flatstore:<dir>`). */
  dir: string;
  /** The agent's own database (WAL), with CDR_MIGRATIONS applied. */
  db: Database;
  /** Asks Kamailio to reopen its files: rpc.call('flatstore.k_rotate'). */
  rotate: () => Promise<void>;
  /** acc `cdrs_table`; default 'acc_cdrs'. */
  table?: string;
  /** Reads one line of `table`; default the acc CDR layout (parseFlatstoreLine). */
  parse?: (line: string) => ParsedCdrLine;
  pollMs?: number;
  /** Rotate at most this often (default 60 s)… */
  rotateEveryMs?: number;
  /** …or when a current file reaches this size (default 16 MiB). */
  rotateBytes?: number;
  /** Repeat k_rotate this often while a renamed file is still held by its writer (default 30 s). */
  rotateRetryMs?: number;
  /** Bytes read from one file per transaction (default 4 MiB; also the longest accepted line). */
  chunkBytes?: number;
  timer?: IngestTimer;
  now?: () => number;
  onError?: (e: Error) => void;
}

export interface IngestSummary {
  inserted: number;
  rejected: number;
  /** Files re-read from the start (truncated, replaced, or stale position). */
  resets: number;
  deleted: string[];
}

export interface RotateSummary {
  renamed: string[];
  /** True when rotate() was called (and succeeded). */
  rotated: boolean;
}

export interface IngesterStats extends Omit<IngestSummary, 'deleted'> {
  deletedFiles: number;
  rotations: number;
  rotateFailures: number;
  lastError: string | null;
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class CdrIngester {
  private readonly o: Required<Omit<CdrIngesterOptions, 'onError'>> & Pick<CdrIngesterOptions, 'onError'>;
  private readonly store: IngestStore;
  private readonly totals: IngesterStats = {
    inserted: 0, rejected: 0, resets: 0, deletedFiles: 0, rotations: 0, rotateFailures: 0, lastError: null,
  };
  private handle: unknown;
  private busy: Promise<void> = Promise.resolve();
  private ticking = false;
  private lastRotationAt: number;
  private lastRenameAt = 0;
  private lastRotateCallAt = 0;
  private lastRotateOkAt = 0;

  constructor(opts: CdrIngesterOptions) {
    this.o = {
      table: 'acc_cdrs', parse: parseFlatstoreLine, pollMs: 1000, rotateEveryMs: 60_000, rotateBytes: 16 * 1024 * 1024, rotateRetryMs: 30_000,
      chunkBytes: 4 * 1024 * 1024, timer: globalThis, now: Date.now, ...opts,
    };
    this.store = new IngestStore(opts.db);
    this.lastRotationAt = this.o.now();
  }

  start(): void {
    if (this.handle !== undefined) return;
    this.handle = this.o.timer.setInterval(() => {
      if (this.ticking) return; // The previous pass is still running: skip, do not queue.
      this.ticking = true;
      void this.serial(() => this.tick()).finally(() => (this.ticking = false));
    }, this.o.pollMs);
  }

  /** Stops polling and waits for a pass in progress. */
  async stop(): Promise<void> {
    if (this.handle !== undefined) this.o.timer.clearInterval(this.handle);
    this.handle = undefined;
    await this.busy;
  }

  stats(): IngesterStats {
    return { ...this.totals };
  }

  /** Reads every file to its last complete line, then deletes renamed files that are done. */
  ingestNow(): IngestSummary {
    const files = this.scan();
    const abandoned = abandonedFiles(files);
    const sum: IngestSummary = { inserted: 0, rejected: 0, resets: 0, deleted: [] };
    const present = new Set<string>();
    for (const f of readingOrder(files)) {
      present.add(`${f.dev}:${f.ino}`);
      this.ingestFile(f, abandoned.has(f.name), sum);
    }
    this.store.prune(present, (name) => classifyFlatstoreName(this.o.table, name) !== null);
    this.totals.inserted += sum.inserted;
    this.totals.rejected += sum.rejected;
    this.totals.resets += sum.resets;
    this.totals.deletedFiles += sum.deleted.length;
    return sum;
  }

  /** Renames the current files that hold data and asks Kamailio to reopen; then ingests. */
  rotateNow(): Promise<RotateSummary> {
    return this.serial(() => this.rotateOnce());
  }

  /** Runs the asynchronous passes (poll ticks, rotations) one after the other. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.then(fn);
    this.busy = run.then(() => undefined, () => undefined);
    return run;
  }

  private async rotateOnce(): Promise<RotateSummary> {
    const files = this.scan();
    const seq = nextRotationSeq(files, this.o.now());
    const renamed: string[] = [];
    for (const f of files) {
      if (f.seq !== null || f.size === 0) continue;
      const to = rotatedName(this.o.table, f.rank, seq);
      renameSync(join(this.o.dir, f.name), join(this.o.dir, to));
      renamed.push(to);
    }
    this.lastRotationAt = this.o.now();
    if (renamed.length > 0) this.lastRenameAt = this.o.now();
    const rotated = renamed.length > 0 || pendingRotated(files).length > 0 ? await this.callRotate() : false;
    this.ingestNow();
    return { renamed, rotated };
  }

  private async callRotate(): Promise<boolean> {
    // Kamailio compares k_rotate times in whole seconds: a second call within the same second
    // as the previous one would be ignored by every process.
    const sec = (t: number) => Math.floor(t / 1000);
    if (sec(this.o.now()) <= sec(this.lastRotateCallAt)) await sleep(1000 - (this.o.now() % 1000) + 5);
    this.lastRotateCallAt = this.o.now();
    try {
      await this.o.rotate();
    } catch (e) {
      this.totals.rotateFailures++;
      throw new Error(`cdr rotate: ${(e as Error).message}`, { cause: e });
    }
    this.lastRotateOkAt = this.lastRotateCallAt;
    this.totals.rotations++;
    return true;
  }

  private async tick(): Promise<void> {
    try {
      this.ingestNow();
      const files = this.scan();
      const current = files.filter((f) => f.seq === null && f.size > 0);
      const now = this.o.now();
      const due = now - this.lastRotationAt >= this.o.rotateEveryMs || current.some((f) => f.size >= this.o.rotateBytes);
      if (due && current.length > 0) {
        await this.rotateOnce();
      } else if (pendingRotated(files).length > 0 && (this.lastRotateOkAt < this.lastRenameAt || now - this.lastRotateCallAt >= this.o.rotateRetryMs)) {
        // A rename not yet followed by a successful k_rotate, or one Kamailio ignored (same
        // second as its start): ask again.
        await this.callRotate();
      }
    } catch (e) {
      this.totals.lastError = (e as Error).message;
      this.o.onError?.(e as Error);
    }
  }

  private scan(): ScannedFile[] {
    const out: ScannedFile[] = [];
    for (const name of readdirSync(this.o.dir)) {
      const c = classifyFlatstoreName(this.o.table, name);
      if (!c) continue;
      try {
        const st = statSync(join(this.o.dir, name), { bigint: true });
        if (st.isFile()) out.push({ ...c, name, dev: String(st.dev), ino: String(st.ino), size: Number(st.size) });
      } catch (e) {
        if (!isMissing(e)) throw e;
      }
    }
    return out;
  }

  private ingestFile(f: ScannedFile, closed: boolean, sum: IngestSummary): void {
    const path = join(this.o.dir, f.name);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      if (isMissing(e)) return;
      throw e;
    }
    try {
      const st = fstatSync(fd, { bigint: true });
      const dev = String(st.dev);
      const ino = String(st.ino);
      // Our scan's view of the writer only holds for the inode it saw.
      const final = closed && ino === f.ino;
      const size = Number(st.size);
      let pos = this.store.position(dev, ino) ?? { offset: 0, head: Buffer.alloc(0) };
      if (pos.offset > 0 && (pos.offset > size || !this.headMatches(fd, pos.head))) {
        const reason = `file truncated or replaced: ${pos.offset} bytes had been read, re-reading from the start`;
        pos = { offset: 0, head: Buffer.alloc(0) };
        this.store.commit({ dev, ino, name: f.name, rows: [], rejects: [{ offset: 0, reason, line: '' }], position: pos });
        sum.resets++;
        sum.rejected++;
      }
      while (pos.offset < size) {
        const want = Math.min(this.o.chunkBytes, size - pos.offset);
        const buf = Buffer.alloc(want);
        const got = readSync(fd, buf, 0, want, pos.offset);
        if (got === 0) break;
        const lastNl = buf.lastIndexOf(10, got - 1);
        let consumed: number;
        const rows: CdrRecord[] = [];
        const rejects: Reject[] = [];
        if (lastNl >= 0) {
          consumed = lastNl + 1;
          let start = 0;
          while (start < consumed) {
            const nl = buf.indexOf(10, start);
            const text = buf.toString('utf8', start, nl);
            const p = this.o.parse(text);
            if (p.ok) rows.push(p.cdr);
            else rejects.push({ offset: pos.offset + start, reason: p.reason, line: text });
            start = nl + 1;
          }
        } else if (got === this.o.chunkBytes) {
          consumed = got;
          rejects.push({ offset: pos.offset, reason: `line longer than ${this.o.chunkBytes} bytes`, line: buf.toString('utf8', 0, 200) });
        } else if (final) {
          consumed = got;
          rejects.push({ offset: pos.offset, reason: 'incomplete last line in a file its writer has closed', line: buf.toString('utf8', 0, got) });
        } else {
          break; // A line being written: wait for its newline.
        }
        const head = pos.head.length < HEAD_BYTES
          ? Buffer.concat([pos.head, buf.subarray(0, Math.min(HEAD_BYTES - pos.head.length, consumed))])
          : pos.head;
        pos = { offset: pos.offset + consumed, head };
        this.store.commit({ dev, ino, name: f.name, rows, rejects, position: pos });
        sum.inserted += rows.length;
        sum.rejected += rejects.length;
      }
      if (final && pos.offset >= size) {
        unlinkSync(path);
        this.store.forget(dev, ino);
        sum.deleted.push(f.name);
      }
    } finally {
      closeSync(fd);
    }
  }

  private headMatches(fd: number, head: Buffer): boolean {
    if (head.length === 0) return true;
    const buf = Buffer.alloc(head.length);
    return readSync(fd, buf, 0, head.length, 0) === head.length && buf.equals(head);
  }
}
