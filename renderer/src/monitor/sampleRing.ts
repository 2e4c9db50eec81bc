/**
 * The live window on the client: the last `capacity` monitor items of every series, oldest
 * overwritten first, so an open tab holds a bounded amount whatever how long it stays open.
 */
import type { MonitorSample } from '@shared/rpc/agentApi';
import type { Row } from './downsample';
import { bandKeys, WIDTH_KEY } from './rowKeys';

export class SampleRing {
  private readonly items: (MonitorSample | undefined)[];
  private next = 0;
  private size = 0;
  /** Bumped on every push: a cheap key for memoising what was drawn from the ring. */
  version = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<MonitorSample | undefined>(capacity);
  }

  push(sample: MonitorSample): void {
    const last = this.latest();
    // A resumed subscription starts with the latest sample again: the same second is not kept twice.
    if (last && sample.t <= last.t) return;
    this.items[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
    this.version += 1;
  }

  get length(): number {
    return this.size;
  }

  latest(): MonitorSample | undefined {
    return this.size === 0 ? undefined : this.items[(this.next - 1 + this.capacity) % this.capacity];
  }

  oldest(): MonitorSample | undefined {
    return this.size === 0 ? undefined : this.items[(this.next - this.size + this.capacity) % this.capacity];
  }

  /** Oldest first. */
  *samples(): Generator<MonitorSample> {
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i += 1) {
      const s = this.items[(start + i) % this.capacity];
      if (s) yield s;
    }
  }

  /**
   * One row per item in [from, to], with the given series (null where an item lacks one).
   * A merged item (step > 1: the client was slow) is placed in the middle of the seconds it covers
   * and carries its extremes as the series' band.
   */
  rows(keys: readonly string[], from: number, to = Number.POSITIVE_INFINITY): Row[] {
    const out: Row[] = [];
    for (const s of this.samples()) {
      if (s.t < from || s.t > to) continue;
      const row: Row = { t: s.t + ((s.step - 1) * 1000) / 2, [WIDTH_KEY]: s.step * 1000 };
      for (const k of keys) {
        row[k] = s.values[k] ?? null;
        if (s.min || s.max) {
          const b = bandKeys(k);
          row[b.lo] = s.min?.[k] ?? null;
          row[b.hi] = s.max?.[k] ?? null;
        }
      }
      out.push(row);
    }
    return out;
  }
}
