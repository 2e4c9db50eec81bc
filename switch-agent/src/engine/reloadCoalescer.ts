// At most one reload of a table in flight, and none sooner than `deltaMs` after the previous
// one ended (its answer: measured under load, a 10,000-row addressReload sent 5.2 s after the start
// of a slow previous one was refused with "ongoing reload"): permissions.addressReload refuses a second reload within its reload_delta (5 s) and
// answers with an error. Requests that arrive while a reload is in flight or during the delta
// wait and are merged into the next single reload; each request resolves only after a reload
// that started after it, so the caller knows its rows are live. A failed reload rejects every
// request merged into it (the RPC result is always checked).
import type { Clock } from './clock';

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

export class ReloadCoalescer {
  private lastStart = Number.NEGATIVE_INFINITY;
  private inFlight = false;
  private timer: unknown = null;
  private waiting: Waiter[] = [];
  /** Number of reloads actually sent (for tests and status). */
  reloads = 0;

  constructor(
    private readonly reload: () => Promise<unknown>,
    private readonly deltaMs: number,
    private readonly clock: Clock,
  ) {}

  /** The engine loaded the table by itself at `at` (start-up): the delta counts from there. */
  markLoaded(at = this.clock.now()): void {
    this.lastStart = at;
  }

  request(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Rejects pending requests (engine stopping). */
  cancel(reason: string): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const w = this.waiting;
    this.waiting = [];
    for (const x of w) x.reject(new Error(reason));
  }

  private schedule(): void {
    if (this.inFlight || this.timer !== null || this.waiting.length === 0) return;
    const wait = this.lastStart + this.deltaMs - this.clock.now();
    if (wait > 0) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        this.run();
      }, wait);
      return;
    }
    this.run();
  }

  private run(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.inFlight = true;
    this.lastStart = this.clock.now();
    this.reloads++;
    let p: Promise<unknown>;
    try {
      p = this.reload();
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      () => batch.forEach((w) => w.resolve()),
      (e: unknown) => batch.forEach((w) => w.reject(e instanceof Error ? e : new Error(String(e)))),
    ).finally(() => {
      this.inFlight = false;
      this.lastStart = this.clock.now();
      this.schedule();
    });
  }
}
