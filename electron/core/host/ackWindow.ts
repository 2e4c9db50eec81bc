/**
 * What the host has sent the renderer and the renderer has not yet acknowledged, bounded: items of
 * one subscription or characters of one terminal. The producer asks for room before sending; the
 * renderer's acks make room. Acks beyond what was sent (two pages of the browser shell both ack,
 * a late ack) only empty the window, never make it negative.
 */
export class AckWindow {
  private unacked = 0;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`an ack window needs a limit of at least 1, got ${limit}`);
  }

  get outstanding(): number {
    return this.unacked;
  }

  /** Sending more now would pass the limit (always false once closed). */
  get full(): boolean {
    return !this.closed && this.unacked >= this.limit;
  }

  /** Half the window is free again: where a paused producer resumes, so it does not flap. */
  get belowLowWater(): boolean {
    return this.unacked <= this.limit / 2;
  }

  sent(n: number): void {
    this.unacked += n;
  }

  acked(n: number): void {
    this.unacked = Math.max(0, this.unacked - n);
    if (!this.full) this.release();
  }

  /** Resolves when there is room for more (at once if there is, or once closed). */
  room(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Nobody will ack any more (unsubscribed, closed): waiters go on, and the window never fills again. */
  close(): void {
    this.closed = true;
    this.release();
  }

  private release(): void {
    const ready = this.waiters;
    this.waiters = [];
    for (const w of ready) w();
  }
}
