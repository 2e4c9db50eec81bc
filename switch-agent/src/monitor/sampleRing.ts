/**
 * The last N one-second samples of every ring-kept series, in fixed memory: one Float64Array of
 * N values per series (NaN where the series had no value) beside one array of sample times.
 * A series seen for the first time gets its column then; columns beyond `maxSeries` are not
 * kept (the caller is told, so it can log it once), so a burst of new ids cannot grow memory.
 */
export class SampleRing {
  private readonly times: Float64Array;
  private readonly columns = new Map<string, Float64Array>();
  /** Index of the next slot to write; `size` slots hold data. */
  private next = 0;
  private size = 0;

  constructor(
    readonly capacity: number,
    private readonly maxSeries: number,
  ) {
    this.times = new Float64Array(capacity);
  }

  /** Stores one sample; returns the ids that did not fit (over maxSeries). */
  push(t: number, values: Readonly<Record<string, number>>, keep: (id: string) => boolean = () => true): string[] {
    const slot = this.next;
    this.times[slot] = t;
    for (const col of this.columns.values()) col[slot] = NaN;
    const refused: string[] = [];
    for (const [id, v] of Object.entries(values)) {
      if (!keep(id)) continue;
      let col = this.columns.get(id);
      if (!col) {
        if (this.columns.size >= this.maxSeries) {
          refused.push(id);
          continue;
        }
        col = new Float64Array(this.capacity).fill(NaN);
        this.columns.set(id, col);
      }
      col[slot] = v;
    }
    this.next = (slot + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
    return refused;
  }

  /** Time of the oldest sample held, or null when empty. */
  oldest(): number | null {
    if (this.size === 0) return null;
    return this.times[(this.next - this.size + this.capacity) % this.capacity] ?? null;
  }

  /** True once the ring has overwritten its first samples. */
  get wrapped(): boolean {
    return this.size === this.capacity;
  }

  has(id: string): boolean {
    return this.columns.has(id);
  }

  /** [t, value] of one series with from ≤ t < to, oldest first, gaps skipped. */
  range(id: string, from: number, to: number): Array<[number, number]> {
    const col = this.columns.get(id);
    const out: Array<[number, number]> = [];
    if (!col) return out;
    for (let k = 0; k < this.size; k++) {
      const i = (this.next - this.size + k + this.capacity) % this.capacity;
      const t = this.times[i] ?? 0;
      const v = col[i] ?? NaN;
      if (t >= from && t < to && !Number.isNaN(v)) out.push([t, v]);
    }
    return out;
  }

  /** Drops columns that had no value in the whole ring (a gateway deleted an hour ago). */
  forgetEmpty(): void {
    for (const [id, col] of this.columns) if (col.every(Number.isNaN)) this.columns.delete(id);
  }
}
