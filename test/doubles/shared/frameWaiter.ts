// Waiting for a frame a test double has collected (rpcTestkit's transport, the fake agent's
// stream): woken by every new frame or close, polled every 20 ms as well, bounded by a deadline.
export type Frame = Record<string, unknown> & { type: string };

export class FrameWaiter {
  private readonly waiters = new Set<() => void>();

  constructor(private readonly frames: () => Frame[]) {}

  /** New frames arrived, or the connection closed: every wait looks again. */
  wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves with the first frame at index ≥ `from` that matches. */
  async waitFor(match: (f: Frame) => boolean, from = 0, timeoutMs = 2000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames().slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(this.frames())}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 20);
        this.waiters.add(wake);
      });
    }
  }
}
