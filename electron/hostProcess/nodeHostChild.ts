/** The host process as a Node child (child_process.fork with an IPC channel): how the browser shell runs it. */
import { fork } from 'node:child_process';
import type { SpawnHostChild } from './processPort';

/** modulePath: the bundled host process, dist/electron/host.cjs. */
export function nodeHostSpawner(modulePath: string): SpawnHostChild {
  return () => {
    const cp = fork(modulePath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    // A fork that cannot start still ends in 'exit'; the error itself needs a listener.
    cp.on('error', () => undefined);
    return {
      pid: cp.pid,
      send: (m) => {
        // A message to a child that has just died is lost, as its calls are (the client fails them).
        if (cp.connected) cp.send(m as object, (err: Error | null) => void err);
      },
      onMessage: (l) => cp.on('message', l),
      onExit: (l) => cp.once('exit', (code, signal) => l(code, signal)),
      kill: () => void cp.kill('SIGKILL'),
    };
  };
}
