// Keeps one engine process (kamailio or rtpengine) running: start, wait until it answers,
// restart after unexpected exits with exponential backoff, and never leave orphans.
//
// Each child runs in its own process group (kamailio forks its workers into it), so stopping
// signals the whole group: SIGTERM, then SIGKILL after a bound. After an unexpected exit the
// group is SIGKILLed too, because a kamailio main process killed with -9 leaves workers holding
// the SIP port, and the restarted instance could not bind it.
//
// Backoff: the n-th consecutive failure waits min(maxMs, baseMs * 2^(n-1)); a process that ran
// for resetAfterMs before exiting starts the count again. A start that fails — the first one
// included — goes through the same backoff as a crash: the supervisor keeps trying until stop().
// start() still rejects on a failed first attempt so the caller can report it; restart() always
// begins a fresh attempt, whatever state the process is in.
//
// Every start/stop begins a new epoch; a launch that finishes after a newer stop() or restart()
// was asked for neither schedules restarts nor reports states of its own.
//
// Side effects (spawn, signals, time) come in through ProcessHost and Clock so the state
// machine is unit-tested with fakes.
import type { Clock } from './clock';
import type { ProcessName, ProcessStatus } from './types';

export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  /** Run as this user (engineUsers.ts); absent = the agent's own user. */
  user?: { uid: number; gid: number; /** Capabilities kept across the switch, e.g. 'net_bind_service'. */ keepCaps?: string[] };
}

export interface ChildHandle {
  readonly pid: number;
  /** Called once when the group leader exits. */
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  /** Signals the child's whole process group; no-op when it is gone. */
  killGroup(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Last lines the process wrote (for error messages). */
  logTail?(): string;
  /** Stops watching and reading the process, which keeps running (handover to the next agent). */
  release?(): void;
}

export interface ProcessHost {
  /** Throws (e.g. ENOENT) when the process cannot be started. */
  spawn(name: ProcessName, spec: ProcessSpec): ChildHandle;
  /** A handle on an engine a previous agent started (adoption.ts): watched, not a child. */
  adopt?(name: ProcessName, pid: number): ChildHandle;
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  resetAfterMs: number;
  /** Bound between SIGTERM and SIGKILL when stopping. */
  killAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000, resetAfterMs: 60_000, killAfterMs: 3000 };

export function backoffDelay(policy: BackoffPolicy, failures: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
}

export interface SupervisedProcessOptions {
  name: ProcessName;
  /** Called before every start, so a restart uses the current arguments. */
  spec: () => ProcessSpec;
  /** Resolves once the process answers (RPC / ng ping); rejects on timeout. */
  ready: (child: ChildHandle) => Promise<void>;
  host: ProcessHost;
  clock: Clock;
  policy?: BackoffPolicy;
  version?: string | null;
  /** After every successful (re)start. */
  onStarted?: (pid: number) => void;
  onChange?: (s: ProcessStatus) => void;
}

export class SupervisedProcess {
  private child: ChildHandle | null = null;
  private exited: Promise<void> | null = null;
  private stopping = false;
  private epoch = 0;
  private failures = 0;
  private timer: unknown = null;
  private runningSince = 0;
  private readonly policy: BackoffPolicy;
  private st: ProcessStatus;

  constructor(private readonly o: SupervisedProcessOptions) {
    this.policy = o.policy ?? DEFAULT_BACKOFF;
    this.st = { state: 'stopped', pid: null, version: o.version ?? null, since: o.clock.now(), restarts: 0, lastError: null, nextAttemptAt: null };
  }

  status(): ProcessStatus {
    return { ...this.st };
  }

  setVersion(v: string | null): void {
    this.st.version = v;
  }

  /**
   * Starts the process and resolves when it answers. When it does not, the supervisor schedules
   * the next attempt with backoff (state 'backoff') and the promise rejects with the reason.
   */
  async start(): Promise<void> {
    this.stopping = false;
    const epoch = ++this.epoch;
    try {
      await this.launch(epoch);
    } catch (e) {
      if (epoch === this.epoch && !this.stopping) this.scheduleRestart(`${this.o.name} failed to start: ${(e as Error).message}`, epoch);
      throw e;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.epoch++;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.terminate();
    this.set({ state: 'stopped', pid: null });
  }

  /**
   * Takes over a running engine a previous agent started: no spawn; once `ready` answers it is
   * supervised as if started here (an exit restarts it with backoff). When it does not answer it
   * is stopped and the promise rejects: the caller then starts a fresh one.
   */
  async adopt(pid: number): Promise<void> {
    if (!this.o.host.adopt) throw new Error(`${this.o.name}: this process host cannot adopt a running engine`);
    this.stopping = false;
    const epoch = ++this.epoch;
    this.set({ state: 'starting', pid });
    const child = this.o.host.adopt(this.o.name, pid);
    this.watch(child);
    try {
      const died = this.exited!.then(() => {
        throw new Error(`${this.o.name} (pid ${pid}) exited while being adopted`);
      });
      await Promise.race([this.o.ready(child), died]);
    } catch (e) {
      await this.terminate();
      this.set({ state: 'stopped', pid: null });
      throw e;
    }
    if (epoch !== this.epoch) return;
    this.runningSince = this.o.clock.now();
    this.set({ state: 'running', lastError: null });
  }

  /** A failure before any process could be spawned (e.g. its files could not be prepared). */
  fail(message: string): void {
    this.set({ state: 'failed', pid: null, lastError: message });
  }

  /** Operator restart: not counted in `restarts`, resets the backoff. */
  async restart(): Promise<void> {
    await this.stop();
    this.failures = 0;
    await this.start();
  }

  private async launch(epoch: number): Promise<void> {
    this.set({ state: 'starting', pid: null });
    const child = this.o.host.spawn(this.o.name, this.o.spec());
    this.watch(child);
    this.set({ pid: child.pid });
    try {
      const died = this.exited!.then(() => {
        throw new Error(`${this.o.name} exited while starting`);
      });
      await Promise.race([this.o.ready(child), died]);
    } catch (e) {
      await this.terminate();
      throw withStderr(e, child);
    }
    if (this.child !== child) throw withStderr(new Error(`${this.o.name} exited while starting`), child);
    if (epoch !== this.epoch) return; // A stop() came in between; it owns the state now.
    this.runningSince = this.o.clock.now();
    this.set({ state: 'running', lastError: null });
    this.o.onStarted?.(child.pid);
  }

  private watch(child: ChildHandle): void {
    this.child = child;
    this.exited = new Promise<void>((resolve) =>
      child.onExit((code, signal) => {
        resolve();
        this.onExit(child, code, signal);
      }),
    );
  }

  /** Stops supervising and leaves the process running (an agent restart hands it to the next agent). */
  release(): void {
    this.stopping = true;
    this.epoch++;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    const child = this.child;
    this.child = null;
    child?.release?.();
    this.set({ state: 'stopped', pid: null });
  }

  private onExit(child: ChildHandle, code: number | null, signal: string | null): void {
    if (this.child !== child) return;
    this.child = null;
    // Workers of a killed kamailio keep the SIP port: clear out the rest of the group.
    child.killGroup('SIGKILL');
    if (this.stopping || this.st.state === 'starting') return; // stop() or launch() handle it.
    const ranMs = this.o.clock.now() - this.runningSince;
    if (ranMs >= this.policy.resetAfterMs) this.failures = 0;
    this.scheduleRestart(withStderr(new Error(`${this.o.name} exited (${signal ?? `code ${String(code)}`})`), child).message, this.epoch);
  }

  private scheduleRestart(reason: string, epoch: number): void {
    this.failures++;
    const delay = backoffDelay(this.policy, this.failures);
    this.set({ state: 'backoff', pid: null, lastError: `${reason}; restarting in ${delay} ms`, nextAttemptAt: this.o.clock.now() + delay });
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      if (this.stopping || epoch !== this.epoch) return;
      this.st.restarts++;
      this.launch(epoch).catch((e: unknown) => {
        if (!this.stopping && epoch === this.epoch) this.scheduleRestart(`${this.o.name} failed to start: ${(e as Error).message}`, epoch);
      });
    }, delay);
  }

  private async terminate(): Promise<void> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited) return;
    child.killGroup('SIGTERM');
    let timer: unknown = null;
    const late = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((r) => (timer = this.o.clock.setTimeout(() => r(true), this.policy.killAfterMs))),
    ]);
    this.o.clock.clearTimeout(timer);
    if (late) {
      child.killGroup('SIGKILL');
      await exited;
    }
    if (this.child === child) this.child = null;
  }

  private set(p: Partial<ProcessStatus>): void {
    const stateChanged = p.state !== undefined && p.state !== this.st.state;
    const nextAttemptAt = p.state === undefined || p.state === 'backoff' ? (p.nextAttemptAt ?? this.st.nextAttemptAt) : null;
    this.st = { ...this.st, ...p, nextAttemptAt, since: stateChanged ? this.o.clock.now() : this.st.since };
    this.o.onChange?.(this.status());
  }
}

/** How much of a failed process's output goes into lastError (the wire allows 2000 characters). */
const STDERR_IN_ERROR = 1200;

/** `e` with the last lines the process wrote appended, so the reason reaches engine.status and events. */
function withStderr(e: unknown, child: ChildHandle): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  const tail = child.logTail?.().trim();
  if (!tail || err.message.includes('; output: ')) return err;
  return new Error(`${err.message}; output: ${tail.slice(-STDERR_IN_ERROR)}`, { cause: err });
}
