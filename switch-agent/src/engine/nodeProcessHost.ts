// The real ProcessHost: children in their own process groups, stderr/stdout kept as a short tail,
// and, when asked, each stderr line handed on (the agent's `logs` topic shows the engines' logs).
//
// Parent-death signal: a child in its own process group outlives a killed agent (re-parented to
// PID 1). Node cannot call prctl(PR_SET_PDEATHSIG) itself, so the child is started through
// util-linux `setpriv --pdeathsig SIGTERM -- <command>`, which sets it and execs the command (same
// pid, same command line). The signal fires when the thread that forked the child dies; Node
// spawns from its main thread, so that is the agent's death. Kamailio's main process stops its
// workers on SIGTERM; rtpengine is one process. The setting does not survive a change of user
// (kamailio -u), and a child could miss it if the agent died between fork and prctl: the
// leftover records (leftovers.ts) cover both at the next start.
import { spawn } from 'node:child_process';
import { LineSplitter } from '../logs/lineSplitter';
import type { ChildHandle, ProcessHost, ProcessSpec } from './supervisor';
import type { ProcessName } from './types';

const TAIL = 8000;

export interface NodeProcessHostOptions {
  /** Called for every line a child writes to stderr (synchronously; must not block). */
  onStderrLine?: (name: ProcessName, line: string) => void;
  /** Signal a child gets when the agent dies (default SIGTERM); null starts it without setpriv. */
  parentDeathSignal?: 'SIGTERM' | 'SIGKILL' | null;
  setprivBin?: string;
}

export const SETPRIV_BIN = '/usr/bin/setpriv';

/** The command line that starts `spec` with a parent-death signal set. */
export function withParentDeathSignal(spec: ProcessSpec, signal: 'SIGTERM' | 'SIGKILL', setpriv = SETPRIV_BIN): ProcessSpec {
  return { ...spec, command: setpriv, args: ['--pdeathsig', signal, '--', spec.command, ...spec.args] };
}

export function createNodeProcessHost(opts: NodeProcessHostOptions = {}): ProcessHost {
  return {
    spawn(name: ProcessName, asked: ProcessSpec): ChildHandle {
      const pdeath = opts.parentDeathSignal === undefined ? 'SIGTERM' : opts.parentDeathSignal;
      const spec = pdeath ? withParentDeathSignal(asked, pdeath, opts.setprivBin) : asked;
      const child = spawn(spec.command, spec.args, { cwd: spec.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let tail = '';
      const keep = (d: Buffer | string) => (tail = (tail + d.toString()).slice(-TAIL));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      const onLine = opts.onStderrLine;
      if (onLine && child.stderr) {
        const lines = new LineSplitter();
        const emit = (all: string[]) => {
          for (const line of all) {
            try {
              onLine(name, line);
            } catch {
              // A failing log consumer must not disturb supervision.
            }
          }
        };
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (d: string) => emit(lines.push(d)));
        child.stderr.once('end', () => emit(lines.end()));
      }
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
}

export const nodeProcessHost: ProcessHost = createNodeProcessHost();
