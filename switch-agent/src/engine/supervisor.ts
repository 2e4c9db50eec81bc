// Keeps one engine process (kamailio or rtpengine) running: start, wait until it answers,
// restart after unexpected exits with exponential backoff, and never leave orphans.
//
// Each child runs in its own process group (kamailio forks its workers into it), so stopping
// signals the whole group: SIGTERM, then SIGKILL after a bound. After an unexpected exit the
// group is SIGKILLed too, because a kamailio main process killed with -9 leaves workers holding
// the SIP port, and the restarted instance could not bind it.
//
// Backoff: the n-th consecutive failure waits min(maxMs, baseMs * 2^(n-1)); a process that ran
// for resetAfterMs before exiting starts the count again. Only the first start can end in
// 'failed' (start() rejects and the caller decides); afterwards the supervisor keeps trying.
//
// Side effects (spawn, signals, time) come in through ProcessHost and Clock so the state
// machine is unit-tested with fakes.
import type { Clock } from './clock';
import type { ProcessName, ProcessStatus } from './types';

export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
}

export interface ChildHandle {
  readonly pid: number;
  /** Called once when the group leader exits. */
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  /** Signals the child's whole process group; no-op when it is gone. */
  killGroup(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Last lines the process wrote (for error messages). */
  logTail?(): string;
}

export interface ProcessHost {
  /** Throws (e.g. ENOENT) when the process cannot be started. */
  spawn(name: ProcessName, spec: ProcessSpec): ChildHandle;
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
  private failures = 0;
  private timer: unknown = null;
  private runningSince = 0;
  private readonly policy: BackoffPolicy;
  private st: ProcessStatus;

  constructor(private readonly o: SupervisedProcessOptions) {
    this.policy = o.policy ?? DEFAULT_BACKOFF;
    this.st = { state: 'stopped', pid: null, version: o.version ?? null, since: o.clock.now(), restarts: 0, lastError: null };
  }

  status(): ProcessStatus {
    return { ...this.st };
  }

  setVersion(v: string | null): void {
    this.st.version = v;
  }

  /** First start: resolves when ready, rejects (state 'failed') when it cannot get there. */
  async start(): Promise<void> {
    this.stopping = false;
    try {
      await this.launch();
    } catch (e) {
      this.set({ state: 'failed', pid: null, lastError: (e as Error).message });
      throw e;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.terminate();
    this.set({ state: 'stopped', pid: null });
  }

  /** Operator restart: not counted in `restarts`, resets the backoff. */
  async restart(): Promise<void> {
    await this.stop();
    this.failures = 0;
    await this.start();
  }

  private async launch(): Promise<void> {
    this.set({ state: 'starting', pid: null });
    const child = this.o.host.spawn(this.o.name, this.o.spec());
    this.child = child;
    this.exited = new Promise<void>((resolve) =>
      child.onExit((code, signal) => {
        resolve();
        this.onExit(child, code, signal);
      }),
    );
    this.set({ pid: child.pid });
    try {
      const died = this.exited.then(() => {
        throw new Error(`${this.o.name} exited while starting${child.logTail ? `: ${child.logTail().slice(-300)}` : ''}`);
      });
      await Promise.race([this.o.ready(child), died]);
    } catch (e) {
      await this.terminate();
      throw e;
    }
    if (this.child !== child) throw new Error(`${this.o.name} exited while starting`);
    this.runningSince = this.o.clock.now();
    this.set({ state: 'running', lastError: null });
    this.o.onStarted?.(child.pid);
  }

  private onExit(child: ChildHandle, code: number | null, signal: string | null): void {
    if (this.child !== child) return;
    this.child = null;
    // Workers of a killed kamailio keep the SIP port: clear out the rest of the group.
    child.killGroup('SIGKILL');
    if (this.stopping || this.st.state === 'starting') return; // stop() or launch() handle it.
    const ranMs = this.o.clock.now() - this.runningSince;
    if (ranMs >= this.policy.resetAfterMs) this.failures = 0;
    this.scheduleRestart(`${this.o.name} exited (${signal ?? `code ${String(code)}`})`);
  }

  private scheduleRestart(reason: string): void {
    this.failures++;
    const delay = backoffDelay(this.policy, this.failures);
    this.set({ state: 'backoff', pid: null, lastError: `${reason}; restarting in ${delay} ms` });
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      if (this.stopping) return;
      this.st.restarts++;
      this.launch().catch((e: unknown) => {
        if (!this.stopping) this.scheduleRestart(`${this.o.name} failed to start: ${(e as Error).message}`);
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
    this.st = { ...this.st, ...p, since: stateChanged ? this.o.clock.now() : this.st.since };
    this.o.onChange?.(this.status());
  }
}
