// The real ProcessHost: children in their own process groups, stderr/stdout kept as a short tail,
// and, when asked, each stderr line handed on (the agent's `logs` topic shows the engines' logs).
//
// Parent-death signal: a child in its own process group outlives a killed agent (re-parented to
// PID 1). Node cannot call prctl(PR_SET_PDEATHSIG) itself, so the child is started through
// util-linux `setpriv --pdeathsig SIGTERM -- <command>`, which sets it and execs the command (same
// pid, same command line). The signal fires when the thread that forked the child dies; Node
// spawns from its main thread, so that is the agent's death. Kamailio's main process stops its
// workers on SIGTERM; rtpengine is one process. A child could miss it if the agent died between
// fork and prctl: the leftover records (leftovers.ts) cover that at the next start.
//
// Another user (ProcessSpec.user, engineUsers.ts): setpriv also switches uid and gid and clears
// the supplementary groups before the exec, and sets the parent-death signal after the switch
// (the kernel clears it on a change of credentials; measured: the child still dies with the
// agent). Capabilities to keep (Kamailio's CAP_NET_BIND_SERVICE for port 5060) are raised as
// inheritable and ambient, the only way they survive the exec as a non-root user.
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

/** The command line that starts `spec` through setpriv: its parent-death signal and user, if any; `spec` itself when neither. */
export function throughSetpriv(spec: ProcessSpec, signal: 'SIGTERM' | 'SIGKILL' | null, setpriv = SETPRIV_BIN): ProcessSpec {
  const u = spec.user;
  if (!signal && !u) return spec;
  const caps = (u?.keepCaps ?? []).map((c) => `+${c}`).join(',');
  const user = u ? ['--reuid', String(u.uid), '--regid', String(u.gid), '--clear-groups', ...(caps ? ['--inh-caps', caps, '--ambient-caps', caps] : [])] : [];
  return { command: setpriv, cwd: spec.cwd, args: [...user, ...(signal ? ['--pdeathsig', signal] : []), '--', spec.command, ...spec.args] };
}

export function createNodeProcessHost(opts: NodeProcessHostOptions = {}): ProcessHost {
  return {
    spawn(name: ProcessName, asked: ProcessSpec): ChildHandle {
      const pdeath = opts.parentDeathSignal === undefined ? 'SIGTERM' : opts.parentDeathSignal;
      const spec = throughSetpriv(asked, pdeath, opts.setprivBin);
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
