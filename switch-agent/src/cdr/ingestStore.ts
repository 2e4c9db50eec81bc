// The ingester's SQL: CDR rows, rejected lines and per-file read positions. A batch of lines
// and the position after them are committed in one transaction, so a crash can neither lose
// nor repeat a line.
import type { Database } from 'better-sqlite3';
import type { CdrRecord } from './parseFlatstore';

export interface FilePosition {
  offset: number;
  /** First min(offset, HEAD_BYTES) bytes of the file, to recognise it again. */
  head: Buffer;
}

export interface Reject {
  offset: number;
  reason: string;
  line: string;
}

export interface Batch {
  dev: string;
  ino: string;
  name: string;
  rows: CdrRecord[];
  rejects: Reject[];
  position: FilePosition;
}

export const HEAD_BYTES = 256;
const MAX_REJECT_LINE = 2000;

// The indexed whole-second columns; the _ms columns keep the precise times.
const sec = (ms: number) => Math.floor(ms / 1000);

export class IngestStore {
  private readonly getPos;
  private readonly putPos;
  private readonly delPos;
  private readonly allPos;
  private readonly insCdr;
  private readonly insReject;
  readonly commit: (b: Batch) => void;

  constructor(private readonly db: Database) {
    const prepare = (sql: string) => {
      try {
        return db.prepare(sql);
      } catch (e) {
        throw new Error(`cdr store: ${(e as Error).message} (were CDR_MIGRATIONS applied?)`, { cause: e });
      }
    };
    this.getPos = prepare('SELECT offset, head FROM cdr_ingest_files WHERE dev = ? AND ino = ?');
    this.putPos = prepare(`INSERT INTO cdr_ingest_files (dev, ino, name, offset, head, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (dev, ino) DO UPDATE SET name = excluded.name, offset = excluded.offset, head = excluded.head, updated_at = excluded.updated_at`);
    this.delPos = prepare('DELETE FROM cdr_ingest_files WHERE dev = ? AND ino = ?');
    this.allPos = prepare('SELECT dev, ino, name FROM cdr_ingest_files');
    this.insCdr = prepare(`INSERT INTO cdrs (start_time, end_time, duration, call_id, src_ip, src_port, mapping_group,
      mapping_gateway, routing_gateway, routing_address, caller, callee, sip_code, attempts, refused_reason, ended_by, start_ms, answer_ms, end_ms, ring_ms, pdd_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insReject = prepare('INSERT INTO cdr_rejects (time, file, offset, reason, line) VALUES (?, ?, ?, ?, ?)');
    this.commit = db.transaction((b: Batch) => {
      const now = new Date().toISOString();
      for (const c of b.rows) {
        this.insCdr.run(sec(c.startMs), sec(c.endMs), c.durationSec, c.callId, c.srcIp, c.srcPort, c.mappingGroup,
          c.mappingGateway, c.routingGateway, c.routingAddress, c.caller, c.callee, c.sipCode,
          c.attempts.length > 0 ? JSON.stringify(c.attempts) : null, c.refusedReason ?? null, c.endedBy, c.startMs, c.answerMs, c.endMs, c.ringMs, c.pddMs);
      }
      for (const r of b.rejects) this.insReject.run(now, b.name, r.offset, r.reason, r.line.slice(0, MAX_REJECT_LINE));
      this.putPos.run(b.dev, b.ino, b.name, b.position.offset, b.position.head, now);
    });
  }

  position(dev: string, ino: string): FilePosition | undefined {
    const r = this.getPos.get(dev, ino) as { offset: number; head: Buffer } | undefined;
    return r ? { offset: r.offset, head: r.head } : undefined;
  }

  forget(dev: string, ino: string): void {
    this.delPos.run(dev, ino);
  }

  /**
   * Drops positions of files that no longer exist (deleted after a crash before forget()). Only
   * positions of files named by `owns` are considered: another ingester's table is not ours to prune.
   */
  prune(present: ReadonlySet<string>, owns: (name: string) => boolean = () => true): number {
    let n = 0;
    for (const r of this.allPos.all() as { dev: string; ino: string; name: string }[]) {
      if (owns(r.name) && !present.has(`${r.dev}:${r.ino}`)) {
        this.delPos.run(r.dev, r.ino);
        n++;
      }
    }
    return n;
  }

  rejectCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM cdr_rejects').get() as { n: number }).n;
  }
}
