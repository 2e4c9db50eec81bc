// The driver's two waits on its engines: readiness after a start (polled, real time), and an
// apply's wait for a Kamailio restart already under way when its runtime step failed.
import type { Clock } from './clock';
import type { EngineStatus, ProcessStatus } from './types';

/** How long an apply whose runtime step failed waits for a Kamailio restart already under way. */
const RESTART_WAIT_MS = 15_000;

/** Retries `check` every 50 ms until it succeeds or `timeoutMs` passes. Real time. */
export async function pollReady(what: string, timeoutMs: number, check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await check();
      return;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: no answer within ${timeoutMs} ms (${(last as Error | undefined)?.message ?? 'no attempt'})`);
}

export interface KamailioWatch {
  status(): ProcessStatus;
  /** Kamailio processes spawned so far. */
  spawns(): number;
  on(event: 'state', cb: (s: EngineStatus) => void): () => void;
  clock: Clock;
}

/**
 * After a runtime step failed: true when Kamailio was (or is being) started again after the cfg
 * and tables were promoted (`spawns` then) — a crash-restart reads them at start, so the change is
 * in effect. Waits, bounded, while a restart is under way; false when Kamailio runs the same
 * instance as before (the failure is real) or does not come back.
 */
export function restartedSince(k: KamailioWatch, spawns: number): Promise<boolean> {
  const settledState = () => {
    const s = k.status();
    if (s.state === 'starting' || s.state === 'backoff') return undefined;
    return s.state === 'running' && k.spawns() > spawns;
  };
  const now = settledState();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise<boolean>((resolve) => {
    const finish = (v: boolean) => {
      off();
      k.clock.clearTimeout(timer);
      resolve(v);
    };
    const off = k.on('state', () => {
      const v = settledState();
      if (v !== undefined) finish(v);
    });
    const timer = k.clock.setTimeout(() => finish(false), RESTART_WAIT_MS);
  });
}
