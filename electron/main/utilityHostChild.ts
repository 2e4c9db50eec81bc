/** The host process as an Electron utility process (utilityProcess.fork): how the app runs it. */
import { utilityProcess } from 'electron';
import type { SpawnHostChild } from '../hostProcess/processPort';

/** modulePath: dist/electron/host.cjs, beside main.cjs. */
export function utilityHostSpawner(modulePath: string): SpawnHostChild {
  return () => {
    const child = utilityProcess.fork(modulePath, [], { serviceName: 'Switchdeck host', stdio: 'inherit' });
    let exited = false;
    return {
      get pid() {
        return child.pid;
      },
      send: (m) => {
        if (!exited) child.postMessage(m);
      },
      onMessage: (l) => child.on('message', l),
      onExit: (l) =>
        child.once('exit', (code) => {
          exited = true;
          l(code, null);
        }),
      kill: () => void child.kill(),
    };
  };
}
