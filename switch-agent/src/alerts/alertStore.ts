// Fired alerts in the agent's SQLite database, so the active list and the history survive a
// restart. History is bounded by count and age (ALERT_LIMITS); pruning runs on every resolve.
import type { Database, Statement } from 'better-sqlite3';
import { ALERT_LIMITS, AlertSchema, type Alert } from '@shared/rpc/alertsApi';

const DAY = 86_400_000;

export interface AlertLog {
  warn(msg: string, data?: Record<string, unknown>): void;
}

export class AlertStore {
  private readonly upsertRow: Statement<[number, string, number | null, string]>;
  private readonly pruneAge: Statement<[number]>;
  private readonly pruneCount: Statement<[number]>;

  constructor(
    private readonly db: Database,
    private readonly limits: { kept: number; days: number } = { kept: ALERT_LIMITS.historyKept, days: ALERT_LIMITS.historyDays },
  ) {
    this.upsertRow = db.prepare(`INSERT INTO alerts(id, state, resolved_at, body) VALUES (?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET state = excluded.state, resolved_at = excluded.resolved_at, body = excluded.body`);
    this.pruneAge = db.prepare(`DELETE FROM alerts WHERE state = 'resolved' AND resolved_at < ?`);
    this.pruneCount = db.prepare(`DELETE FROM alerts WHERE state = 'resolved' AND id NOT IN
      (SELECT id FROM alerts WHERE state = 'resolved' ORDER BY resolved_at DESC, id DESC LIMIT ?)`);
  }

  /** The highest id ever given, so ids stay unique across restarts. */
  maxId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM alerts').get() as { id: number }).id;
  }

  save(a: Alert): void {
    this.upsertRow.run(a.id, a.state, a.resolvedAt, JSON.stringify(a));
    if (a.state === 'resolved') {
      this.pruneAge.run(a.resolvedAt! - this.limits.days * DAY);
      this.pruneCount.run(this.limits.kept);
    }
  }

  /** Alerts that were firing when the agent stopped. Rows that no longer parse are skipped. */
  firing(): Alert[] {
    return this.rows(`SELECT body FROM alerts WHERE state = 'firing' ORDER BY id`, []);
  }

  /** Resolved alerts, newest first; one more than asked tells whether there are more. */
  history(limit: number): { alerts: Alert[]; hasMore: boolean } {
    const rows = this.rows(`SELECT body FROM alerts WHERE state = 'resolved' ORDER BY resolved_at DESC, id DESC LIMIT ?`, [limit + 1]);
    return { alerts: rows.slice(0, limit), hasMore: rows.length > limit };
  }

  get(id: number): Alert | undefined {
    return this.rows('SELECT body FROM alerts WHERE id = ?', [id])[0];
  }

  private rows(sql: string, args: unknown[]): Alert[] {
    const out: Alert[] = [];
    for (const r of this.db.prepare(sql).all(...args) as Array<{ body: string }>) {
      try {
        const parsed = AlertSchema.safeParse(JSON.parse(r.body));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // A damaged row is left out rather than failing the list.
      }
    }
    return out;
  }
}
