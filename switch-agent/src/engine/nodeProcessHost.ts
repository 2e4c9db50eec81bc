// The real ProcessHost: children in their own process groups, stderr/stdout kept as a short tail.
import { spawn } from 'node:child_process';
import type { ChildHandle, ProcessHost, ProcessSpec } from './supervisor';
import type { ProcessName } from './types';

const TAIL = 8000;

export const nodeProcessHost: ProcessHost = {
  spawn(_name: ProcessName, spec: ProcessSpec): ChildHandle {
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (d: Buffer) => (tail = (tail + d.toString()).slice(-TAIL));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let spawnError: Error | null = null;
    const exitCbs: ((code: number | null, signal: string | null) => void)[] = [];
    let exited: [number | null, string | null] | null = null;
    const fire = (code: number | null, signal: string | null) => {
      if (exited) return;
      exited = [code, signal];
      for (const cb of exitCbs) cb(code, signal);
    };
    child.once('error', (e) => {
      spawnError = e;
      tail += `\n${e.message}`;
      fire(null, null);
    });
    child.once('exit', (code, signal) => fire(code, signal));
    return {
      get pid() {
        return child.pid ?? -1;
      },
      onExit(cb) {
        if (exited) cb(exited[0], exited[1]);
        else exitCbs.push(cb);
      },
      killGroup(signal) {
        if (!child.pid || spawnError) return;
        try {
          process.kill(-child.pid, signal);
        } catch {
          // The group is gone already.
        }
      },
      logTail: () => tail,
    };
  },
};
