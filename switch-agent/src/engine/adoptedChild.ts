// A ChildHandle on an engine this agent did not spawn (adopted after an agent restart,
// adoption.ts): not a child, so no 'exit' event — /proc/<pid> is polled (Node offers no pidfd) and
// the exit is reported once the pid is gone or names another process (a start time that changed).
import type { ChildHandle } from './supervisor';
import { procIdentity } from './procfsTable';
import type { EngineLogTail } from './engineLogFile';

const POLL_MS = 250;

export function adoptedChild(pid: number, log: EngineLogTail | null, pollMs = POLL_MS): ChildHandle {
  const startTime = procIdentity(pid)?.startTime ?? null;
  const exitCbs: ((code: number | null, signal: string | null) => void)[] = [];
  let exited = false;
  let released = false;
  const gone = () => startTime === null || procIdentity(pid)?.startTime !== startTime;
  const fire = () => {
    if (exited) return;
    exited = true;
    clearInterval(timer);
    log?.stop(true);
    for (const cb of exitCbs) cb(null, null);
  };
  const timer = setInterval(() => {
    if (gone()) fire();
  }, pollMs);
  timer.unref();
  if (startTime === null) queueMicrotask(fire);
  return {
    pid,
    onExit(cb) {
      if (exited) cb(null, null);
      else exitCbs.push(cb);
    },
    killGroup(signal) {
      // Not after release only: the workers of a leader that exited may still hold the SIP port.
      if (released) return;
      try {
        process.kill(-pid, signal);
      } catch {
        // The group is gone already.
      }
    },
    logTail: () => log?.tail() ?? '',
    release() {
      exited = released = true;
      clearInterval(timer);
      log?.stop(false);
    },
  };
}
