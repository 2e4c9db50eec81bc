// Counts what the kernel dropped at the HEP socket while trace sessions run. Under overload the
// socket's buffer fills and mirrored messages vanish before the agent reads them; without this a
// trace would silently miss messages. The kernel keeps the count per socket (/proc/net/udp);
// it is read once per interval, and only while a session runs (the file grows with rtpengine's
// media sockets, so it is not read when nobody traces).
import type { Clock } from '../engine/clock';

export interface CaptureDropWatchOptions {
  clock: Clock;
  intervalMs: number;
  /** The socket's kernel drop counter, or null when it cannot be read. */
  readDrops: () => number | null;
  /** Whether any session captures now. */
  active: () => boolean;
  /** Drops since the last reading. */
  onLost: (count: number) => void;
}

export class CaptureDropWatch {
  private baseline: number | null = null;
  private timer: unknown;
  private stopped = false;

  constructor(private readonly o: CaptureDropWatchOptions) {
    this.arm();
  }

  /** One reading now (also what the timer does). */
  tick(): void {
    if (!this.o.active()) {
      // Drops while nobody traced belong to no session: start afresh at the next session.
      this.baseline = null;
      return;
    }
    const now = this.o.readDrops();
    if (now === null) return;
    const before = this.baseline;
    this.baseline = now;
    // A smaller value means another socket (a restart): its count starts over.
    if (before !== null && now > before) this.o.onLost(now - before);
  }

  stop(): void {
    this.stopped = true;
    this.o.clock.clearTimeout(this.timer);
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.tick();
      this.arm();
    }, this.o.intervalMs);
  }
}
