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
//
// Engines that outlive the agent (`outlive`, packaging/README.md "Engines that outlive an agent
// restart"): no parent-death signal, a session of their own (detached), stdout/stderr to an
// O_APPEND file per engine tailed by the agent (engineLogFile.ts), and under systemd a scope of
// their own (`systemd-run --scope`, which execs the command: same pid) so that stopping the
// agent's unit does not kill them. The agent decides on stop whether they go (leftovers.ts,
// handover.ts); a next agent adopts them (adopt(), adoptedChild.ts).
import { spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import { join } from 'node:path';
import { LineSplitter } from '../logs/lineSplitter';
import { adoptedChild } from './adoptedChild';
import { EngineLogTail, openFreshEngineLog } from './engineLogFile';
import type { ChildHandle, ProcessHost, ProcessSpec } from './supervisor';
import type { ProcessName } from './types';

const TAIL = 8000;

export interface NodeProcessHostOptions {
  /** Called for every line a child writes to stderr (synchronously; must not block). */
  onStderrLine?: (name: ProcessName, line: string) => void;
  /** Signal a child gets when the agent dies (default SIGTERM, with `outlive` none); null starts it without setpriv. */
  parentDeathSignal?: 'SIGTERM' | 'SIGKILL' | null;
  setprivBin?: string;
  /** Engines that outlive the agent: their logs go to `<logDir>/<name>.log`; `scope` prefixes the command (systemd-run --scope …). */
  outlive?: { logDir: string; scope?: string[] };
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
  const outlive = opts.outlive;
  const each = opts.onStderrLine;
  const linesOf = (name: ProcessName) => (each ? (line: string) => each(name, line) : undefined);
  if (outlive) {
    const logTail = (name: ProcessName) => {
      const onLine = linesOf(name);
      return new EngineLogTail({ path: join(outlive.logDir, `${name}.log`), ...(onLine && { onLine }) });
    };
    return {
      spawn(name, asked) {
        const through = throughSetpriv(asked, opts.parentDeathSignal ?? null, opts.setprivBin);
        const spec = outlive.scope ? { ...through, command: outlive.scope[0]!, args: [...outlive.scope.slice(1), through.command, ...through.args] } : through;
        const fd = openFreshEngineLog(join(outlive.logDir, `${name}.log`));
        const log = logTail(name);
        let child: ReturnType<typeof spawn>;
        try {
          child = spawn(spec.command, spec.args, { cwd: spec.cwd, detached: true, stdio: ['ignore', fd, fd] });
        } finally {
          closeSync(fd);
        }
        log.start();
        return childHandle(child, fileLog(log));
      },
      adopt(name, pid) {
        return adoptedChild(pid, logTail(name).start());
      },
    };
  }
  return {
    spawn(name, asked) {
      const pdeath = opts.parentDeathSignal === undefined ? 'SIGTERM' : opts.parentDeathSignal;
      const spec = throughSetpriv(asked, pdeath, opts.setprivBin);
      const child = spawn(spec.command, spec.args, { cwd: spec.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      return childHandle(child, pipeLog(child, linesOf(name)));
    },
  };
}

/** Where a child's output goes, as its handle reads it: pipes, or a log file that outlives the agent. */
interface LogSource {
  /** The last output (for error messages). */
  tail(): string;
  /** The child exited: reads what is left. */
  end?(): void;
  /** The agent lets the child run on without it; only a file log can (a pipe would stall the child). */
  release?(): void;
}

/** stdout and stderr through pipes, kept as a short tail; each stderr line handed to `onLine`. */
function pipeLog(child: ReturnType<typeof spawn>, onLine?: (line: string) => void): LogSource {
  let tail = '';
  const keep = (d: Buffer | string) => (tail = (tail + d.toString()).slice(-TAIL));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (onLine && child.stderr) {
    const lines = new LineSplitter();
    const emit = (all: string[]) => {
      for (const line of all) {
        try {
          onLine(line);
        } catch {
          // A failing log consumer must not disturb supervision.
        }
      }
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => emit(lines.push(d)));
    child.stderr.once('end', () => emit(lines.end()));
  }
  return { tail: () => tail };
}

/** Output to an O_APPEND file the agent tails (outlive mode, engineLogFile.ts). */
function fileLog(log: EngineLogTail): LogSource {
  return {
    tail: () => log.tail(),
    end: () => log.stop(true),
    release: () => log.stop(false),
  };
}

/** A spawned engine; `release` only when its log source lets it run on without the agent. */
function childHandle(child: ReturnType<typeof spawn>, log: LogSource): ChildHandle {
  let spawnError: Error | null = null;
  let released = false;
  const exitCbs: ((code: number | null, signal: string | null) => void)[] = [];
  let exited: [number | null, string | null] | null = null;
  const fire = (code: number | null, signal: string | null) => {
    if (exited || released) return;
    exited = [code, signal];
    log.end?.();
    for (const cb of exitCbs) cb(code, signal);
  };
  child.once('error', (e) => {
    spawnError = e;
    fire(null, null);
  });
  child.once('exit', (code, signal) => fire(code, signal));
  const handle: ChildHandle = {
    get pid() {
      return child.pid ?? -1;
    },
    onExit(cb) {
      if (exited) cb(exited[0], exited[1]);
      else exitCbs.push(cb);
    },
    killGroup(signal) {
      if (!child.pid || spawnError || released) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is gone already.
      }
    },
    logTail: () => `${log.tail()}${spawnError ? `\n${(spawnError as Error).message}` : ''}`,
  };
  const release = log.release;
  if (release) {
    handle.release = () => {
      released = true;
      release();
      // The agent may exit while the engine runs on.
      child.unref();
    };
  }
  return handle;
}

export const nodeProcessHost: ProcessHost = createNodeProcessHost();
