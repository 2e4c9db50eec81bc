import type { Database, Statement } from 'better-sqlite3';
import type { Author } from '@shared/rpc/agentApi';

export interface AuditEntry {
  time: string;
  author: Author;
  /** e.g. "config.apply", "config.confirm", "auto-rollback". */
  action: string;
  revision: number | null;
  outcome: 'ok' | 'refused' | 'failed';
  /** Never holds secret values: callers pass redacted data only. */
  detail: Record<string, unknown>;
}

export class AuditRepo {
  private readonly insertRow: Statement<[string, string, string, string, number | null, string, string]>;
  private readonly recentRows: Statement<[number], { time: string; author_user: string; author_role: 'admin' | 'view'; action: string; revision: number | null; outcome: AuditEntry['outcome']; detail_json: string }>;

  constructor(db: Database) {
    this.insertRow = db.prepare('INSERT INTO audit (time, author_user, author_role, action, revision, outcome, detail_json) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.recentRows = db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?');
  }

  record(e: AuditEntry): void {
    this.insertRow.run(e.time, e.author.user, e.author.role, e.action, e.revision, e.outcome, JSON.stringify(e.detail));
  }

  recent(limit: number): AuditEntry[] {
    return this.recentRows.all(limit).map((r) => ({
      time: r.time,
      author: { user: r.author_user, role: r.author_role },
      action: r.action,
      revision: r.revision,
      outcome: r.outcome,
      detail: JSON.parse(r.detail_json) as Record<string, unknown>,
    }));
  }
}
