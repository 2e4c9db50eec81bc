/** Reconnect delays: exponential growth with "equal jitter" so many clients do not retry in step. */

export interface BackoffParams {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Delay before attempt n (1-based): half the capped exponential step fixed, the other half random. */
export function backoffDelay(attempt: number, p: BackoffParams, random: () => number): number {
  const exp = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(exp / 2 + (exp / 2) * r);
}

/** A timer whose running time excludes paused spans (time the user spends answering prompts). */
export class PausableTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private remaining: number;
  private startedAt = 0;
  private done = false;

  constructor(
    private readonly ms: number,
    private readonly onFire: () => void,
  ) {
    this.remaining = ms;
  }

  /** (Re)starts the full period: progress on the network resets the budget. */
  restart(): void {
    if (this.done) return;
    this.remaining = this.ms;
    this.resume();
  }

  resume(): void {
    if (this.done) return;
    clearTimeout(this.timer);
    this.startedAt = Date.now();
    this.timer = setTimeout(() => {
      this.done = true;
      this.onFire();
    }, this.remaining);
  }

  pause(): void {
    if (this.done || this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remaining = Math.max(0, this.remaining - (Date.now() - this.startedAt));
  }

  stop(): void {
    this.done = true;
    clearTimeout(this.timer);
  }
}
