// Trace sessions: each belongs to the connection that started it, keeps the messages matching its
// filter (bounded: message cap, byte cap, duration) and tells its readers when something arrived
// or it stopped. Kamailio mirrors SIP only while at least one session runs: capture is switched
// on before the first session's start returns and off when the last one stops, so tracing costs
// nothing when nobody traces. Time comes from the injected clock.
import { RpcError } from '@shared/rpc/errors';
import { TRACE_LIMITS, type TraceFilter, type TraceSession } from '@shared/rpc/traceApi';
import type { z } from 'zod';
import type { TraceStopReasonSchema } from '@shared/rpc/traceApi';
import type { Clock } from '../engine/clock';
import { SessionStore } from './sessionStore';
import { compileFilter, type GatewayEndpoint, type TracePredicate } from './traceFilter';
import type { TraceMessage } from './traceIngest';

type StopReason = z.infer<typeof TraceStopReasonSchema>;

export interface TraceSessionsOptions {
  clock: Clock;
  /** Switches the engine's mirroring (siptrace.status on|off); rejects when it cannot. */
  capture: (on: boolean) => Promise<void>;
  /** The addresses of a gateway by name, or undefined when no gateway has that name. */
  resolveGateway: (name: string) => GatewayEndpoint[] | undefined;
  log?: (level: 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;
  limits?: Partial<SessionLimits>;
  /** Called once the engine's mirroring was switched on or off. */
  onCaptureSwitched?: (on: boolean) => void;
}

export interface SessionLimits {
  sessionsPerConnection: number;
  sessionsTotal: number;
  sessionBytes: number;
}

export interface StartParams {
  filter: TraceFilter;
  durationSec: number;
  maxMessages: number;
}

export class Session {
  state: 'running' | 'stopped' = 'running';
  stopReason: StopReason | null = null;
  /** Set when the session was let go: readers end, nothing is kept. */
  discarded = false;
  /** Messages the kernel dropped at the capture socket while this session ran (matching or not). */
  lostAtCapture = 0;
  timer: unknown;
  private readonly watchers = new Set<() => void>();

  constructor(
    readonly id: string,
    readonly owner: string,
    readonly filter: TraceFilter,
    readonly match: TracePredicate,
    readonly store: SessionStore,
    readonly startedAt: number,
    readonly endsAt: number,
    readonly maxMessages: number,
  ) {}

  /** `fn` runs after every new message and when the session stops or is discarded. */
  watch(fn: () => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  notify(): void {
    for (const w of [...this.watchers]) {
      try {
        w();
      } catch {
        // A reader's failure must not stop the capture path.
      }
    }
  }

  describe(viewer: string): TraceSession {
    return {
      sessionId: this.id,
      filter: this.filter,
      state: this.state,
      stopReason: this.stopReason,
      startedAt: this.startedAt,
      endsAt: this.endsAt,
      maxMessages: this.maxMessages,
      matched: this.store.matched,
      firstHeld: this.store.firstHeld,
      lostAtCapture: this.lostAtCapture,
      mine: this.owner === viewer,
    };
  }
}

export class TraceSessions {
  private readonly sessions = new Map<string, Session>();
  private running = 0;
  private nextId = 1;
  private captureOn = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly limits: SessionLimits;

  constructor(private readonly o: TraceSessionsOptions) {
    this.limits = { sessionsPerConnection: TRACE_LIMITS.sessionsPerConnection, sessionsTotal: TRACE_LIMITS.sessionsTotal, sessionBytes: TRACE_LIMITS.sessionBytes, ...o.limits };
  }

  /** Whether the engine was last switched to mirror (for tests and engine.status). */
  get capturing(): boolean {
    return this.captureOn;
  }

  /** Sessions capturing now. */
  get runningCount(): number {
    return this.running;
  }

  /**
   * The kernel dropped `count` mirrored messages at the capture socket (its buffer was full):
   * nobody can tell which sessions they matched, so every running session is told.
   */
  lostAtCapture(count: number): void {
    if (count <= 0) return;
    for (const s of this.sessions.values()) {
      if (s.state !== 'running') continue;
      s.lostAtCapture += count;
      s.notify();
    }
  }

  async start(owner: string, p: StartParams): Promise<TraceSession> {
    let gateway: GatewayEndpoint[] | undefined;
    if (p.filter.gateway !== undefined) {
      gateway = this.o.resolveGateway(p.filter.gateway);
      if (!gateway) {
        const message = `there is no gateway named "${p.filter.gateway}"`;
        throw new RpcError('VALIDATION_FAILED', `filter.gateway: ${message}`, { errors: [{ path: 'filter.gateway', message }], warnings: [] });
      }
    }
    this.makeRoom(owner);
    const now = this.o.clock.now();
    const s = new Session(`tr-${this.nextId++}`, owner, p.filter, compileFilter(p.filter, gateway), new SessionStore(this.limits.sessionBytes), now, now + p.durationSec * 1000, p.maxMessages);
    this.sessions.set(s.id, s);
    this.running++;
    s.timer = this.o.clock.setTimeout(() => this.stopSession(s, 'duration'), p.durationSec * 1000);
    try {
      await this.syncCapture();
    } catch (e) {
      this.stopSession(s, 'requested');
      this.sessions.delete(s.id);
      throw new RpcError('ENGINE_FAILED', `cannot start a trace: the engine did not switch on SIP mirroring (${e instanceof Error ? e.message : String(e)})`);
    }
    this.o.log?.('info', `trace session ${s.id} started`, { owner, filter: p.filter, durationSec: p.durationSec, maxMessages: p.maxMessages });
    return s.describe(owner);
  }

  stop(owner: string, id: string, discard: boolean): TraceSession {
    const s = this.sessions.get(id);
    if (!s || s.owner !== owner) throw new RpcError('NOT_FOUND', `trace session ${id} does not exist or was started by another connection`, { sessionId: id });
    this.stopSession(s, 'requested');
    if (discard) this.discard(s);
    return s.describe(owner);
  }

  list(viewer: string): TraceSession[] {
    return [...this.sessions.values()].map((s) => s.describe(viewer));
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** Every session of a connection goes when the connection closes. */
  closeOwner(owner: string): void {
    for (const s of [...this.sessions.values()]) {
      if (s.owner !== owner) continue;
      this.stopSession(s, 'connection-closed');
      this.discard(s);
    }
  }

  /** The agent is stopping: every session ends; resolves once capture is off. */
  async close(): Promise<void> {
    for (const s of [...this.sessions.values()]) {
      this.stopSession(s, 'agent-stopping');
      this.discard(s);
    }
    await this.chain;
  }

  /** The engine (re)started with mirroring off: switch it back on if sessions run. */
  engineStarted(): void {
    this.captureOn = false;
    void this.syncCapture().catch((e: unknown) => this.o.log?.('warn', 'trace: could not switch SIP mirroring back on after an engine start', { error: String(e) }));
  }

  /** Called for every captured message; synchronous and cheap when no session runs. */
  offer(m: TraceMessage): void {
    if (this.running === 0) return;
    for (const s of this.sessions.values()) {
      if (s.state !== 'running' || !s.match(m)) continue;
      s.store.append(m);
      if (s.store.matched >= s.maxMessages) this.stopSession(s, 'max-messages');
      else s.notify();
    }
  }

  private makeRoom(owner: string): void {
    const mine = [...this.sessions.values()].filter((s) => s.owner === owner);
    if (mine.length >= this.limits.sessionsPerConnection) {
      const oldestStopped = mine.find((s) => s.state === 'stopped');
      if (!oldestStopped) throw new RpcError('TOO_MANY_REQUESTS', `a connection may run at most ${this.limits.sessionsPerConnection} trace sessions at once; stop one first`);
      this.discard(oldestStopped);
    }
    if (this.sessions.size >= this.limits.sessionsTotal) {
      const oldestStopped = mine.find((s) => s.state === 'stopped' && this.sessions.has(s.id));
      if (!oldestStopped) throw new RpcError('TOO_MANY_REQUESTS', `the agent holds at most ${this.limits.sessionsTotal} trace sessions for all clients together; stop or discard one first`);
      this.discard(oldestStopped);
    }
  }

  private stopSession(s: Session, reason: StopReason): void {
    if (s.state === 'stopped') return;
    s.state = 'stopped';
    s.stopReason = reason;
    this.o.clock.clearTimeout(s.timer);
    this.running--;
    this.o.log?.('info', `trace session ${s.id} stopped (${reason})`, { matched: s.store.matched });
    s.notify();
    void this.syncCapture().catch((e: unknown) => this.o.log?.('warn', 'trace: could not switch SIP mirroring off', { error: String(e) }));
  }

  private discard(s: Session): void {
    this.sessions.delete(s.id);
    s.discarded = true;
    s.notify();
  }

  /** Brings the engine's mirroring in line with whether sessions run; one switch at a time. */
  private syncCapture(): Promise<void> {
    const run = this.chain.then(async () => {
      const want = this.running > 0;
      if (want === this.captureOn) return;
      await this.o.capture(want);
      this.captureOn = want;
      this.o.onCaptureSwitched?.(want);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
