// The monitor's rollups in the agent's SQLite database: 1-minute and 1-hour min/avg/max buckets
// per series. Disk use is bounded by retention (pruneOlderThan) and by a cap on the number of
// series stored; a series over the cap is left out of the rollups (it stays live and in the ring).
import type { Database, Statement } from 'better-sqlite3';
import type { Agg } from './buckets';

export class RollupStore {
  private readonly ids = new Map<string, number>();
  private readonly upsert: Statement<[number, number, number, number, number, number, number]>;
  private readonly insertSeries: Statement<[string]>;
  private readonly selectRange: Statement<[number, number, number, number], { t: number; min: number; avg: number; max: number; n: number }>;
  private seriesCount: number;

  constructor(
    private readonly db: Database,
    private readonly maxSeries = 5000,
  ) {
    for (const r of db.prepare('SELECT id, name FROM monitor_series').all() as Array<{ id: number; name: string }>) this.ids.set(r.name, r.id);
    this.seriesCount = this.ids.size;
    this.insertSeries = db.prepare('INSERT INTO monitor_series(name) VALUES (?)');
    // A bucket written twice (agent restarted inside it) is merged, weighted by sample count.
    this.upsert = db.prepare(`
      INSERT INTO monitor_rollups(series, step, t, min, avg, max, n) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(series, step, t) DO UPDATE SET
        min = MIN(min, excluded.min),
        max = MAX(max, excluded.max),
        avg = (avg * n + excluded.avg * excluded.n) / (n + excluded.n),
        n = n + excluded.n`);
    this.selectRange = db.prepare(
      'SELECT t, min, avg, max, n FROM monitor_rollups WHERE series = ? AND step = ? AND t >= ? AND t < ? ORDER BY t',
    );
  }

  /** Stores closed buckets of one width; returns how many series were over the cap. */
  write(stepMs: number, buckets: ReadonlyMap<string, Agg>): number {
    let refused = 0;
    const step = stepMs / 1000;
    this.db.transaction(() => {
      for (const [name, a] of buckets) {
        const id = this.idOf(name);
        if (id === null) {
          refused++;
          continue;
        }
        this.upsert.run(id, step, Math.floor(a.t / 1000), a.min, a.sum / a.n, a.max, a.n);
      }
    })();
    return refused;
  }

  /** Buckets of one width with from ≤ t < to (ms), oldest first. */
  range(name: string, stepMs: number, from: number, to: number): Agg[] {
    const id = this.ids.get(name);
    if (id === undefined) return [];
    return this.selectRange
      .all(id, stepMs / 1000, Math.floor(from / 1000), Math.ceil(to / 1000))
      .map((r) => ({ t: r.t * 1000, min: r.min, max: r.max, sum: r.avg * r.n, n: r.n }));
  }

  /** Deletes buckets of `stepMs` older than `beforeMs`, then series left without any bucket. */
  prune(stepMs: number, beforeMs: number): number {
    const deleted = this.db.prepare('DELETE FROM monitor_rollups WHERE step = ? AND t < ?').run(stepMs / 1000, Math.floor(beforeMs / 1000)).changes;
    if (deleted > 0) {
      const gone = this.db.prepare('DELETE FROM monitor_series WHERE id NOT IN (SELECT DISTINCT series FROM monitor_rollups) RETURNING name').all() as Array<{ name: string }>;
      for (const g of gone) this.ids.delete(g.name);
      this.seriesCount = this.ids.size;
    }
    return deleted;
  }

  private idOf(name: string): number | null {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    if (this.seriesCount >= this.maxSeries) return null;
    const id = Number(this.insertSeries.run(name).lastInsertRowid);
    this.ids.set(name, id);
    this.seriesCount++;
    return id;
  }
}
