/**
 * The window's process's handle on the host process: a `Host` (the same interface createHost
 * returns, so the browser shell's socket and Electron's IPC relay do not change) whose calls and
 * events travel to a child process. It answers the child's keychain requests from the SecretStore
 * it was given, and when the child dies it says so, fails the calls that were in flight (they may
 * or may not have run) and starts a new one; calls made meanwhile wait for it.
 */
import { RpcError } from '@shared/rpc/errors';
import { HOST_EVENTS, type HostEventName } from '@shared/rpc/hostApi';
import { FromHostProcessSchema, type FromHostProcess, type HostProcessStart, type ToHostProcess } from '@shared/rpc/hostProcessWire';
import type { HostCallOutcome } from '@shared/rpc/hostWire';
import { backoffDelay, type BackoffOptions } from '../core/agent';
import type { Host, HostEventListener, SecretStore } from '../core';
import { OpenResources } from './openResources';
import type { HostChild, SpawnHostChild } from './processPort';

export interface HostProcessOptions {
  spawn: SpawnHostChild;
  /** What the child runs createHost with; `secrets` is set from `secrets` below. */
  start: Omit<HostProcessStart, 'secrets'>;
  /** The OS keychain, answered here for the child (Electron: safeStorage). */
  secrets?: SecretStore;
  warn(message: string): void;
  /** Delays between restarts of a host process that keeps dying (reset once one is ready). */
  restartBackoff?: BackoffOptions;
  /** Told after the host process died unexpectedly, before the new one starts. */
  onCrash?(info: { code: number | null; signal: string | null; restarts: number }): void;
  /** How long close waits for the child to finish before killing it. Default 10 s. */
  closeWaitMs?: number;
}

export interface HostProcess extends Host {
  /** The current child's pid. */
  readonly pid: number | undefined;
  /** How many times the host process was restarted after dying. */
  readonly restarts: number;
  /** Resolves once the current host process is ready for calls. */
  ready(): Promise<void>;
}

interface Generation {
  child: HostChild;
  ready: Promise<void>;
  exited: Promise<void>;
  dead: boolean;
}

export async function startHostProcess(opts: HostProcessOptions): Promise<HostProcess> {
  const listeners = new Set<HostEventListener>();
  const open = new OpenResources();
  const pending = new Map<number, { method: string; resolve(o: HostCallOutcome): void }>();
  let nextId = 1;
  let restarts = 0;
  let failuresInRow = 0;
  let canRemember = false;
  let closing = false;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let current: Generation;
  /** The generation calls go to: the current one, or the one a restart is about to start. */
  let live: Promise<Generation>;

  const answerSecret = async (child: HostChild, m: Extract<FromHostProcess, { kind: 'secret' }>) => {
    const reply = (msg: ToHostProcess) => child.send(msg);
    try {
      if (!opts.secrets) throw new Error('this workstation has no OS keychain here');
      if (m.op === 'get') reply({ kind: 'secretResult', id: m.id, value: (await opts.secrets.get(m.key)) ?? null });
      else if (m.op === 'set') {
        if (m.value === undefined) throw new Error('a secret to store needs a value');
        await opts.secrets.set(m.key, m.value);
        reply({ kind: 'secretResult', id: m.id, value: null });
      } else {
        await opts.secrets.delete(m.key);
        reply({ kind: 'secretResult', id: m.id, value: null });
      }
    } catch (e) {
      reply({ kind: 'secretError', id: m.id, message: e instanceof Error ? e.message : String(e) });
    }
  };

  const emit = (event: string, payload: unknown) => {
    if (!Object.hasOwn(HOST_EVENTS, event)) return opts.warn(`the host process sent an unknown event '${event}'`);
    const parsed = HOST_EVENTS[event as HostEventName].safeParse(payload);
    if (!parsed.success) return opts.warn(`the host process sent an invalid '${event}' event`);
    open.noteEvent(event, parsed.data);
    for (const l of [...listeners]) {
      try {
        l(event as HostEventName, parsed.data);
      } catch {
        // One broken relay must not keep the event from the others.
      }
    }
  };

  const launch = (): Generation => {
    const child = opts.spawn();
    const gen = { child } as Generation;
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    const ready = new Promise<void>((res, rej) => ((readyResolve = res), (readyReject = rej)));
    ready.catch(() => undefined);
    const exited = new Promise<void>((resolveExited) => {
      child.onExit((code, signal) => {
        gen.dead = true;
        resolveExited();
        readyReject(new RpcError('TIMEOUT', `the Switchdeck host process stopped (${signal ?? `exit code ${code}`}) before it was ready`, { connectionLost: true }));
        failInFlight();
        if (closing || current?.child !== child) return;
        restarts++;
        failuresInRow++;
        opts.warn(`the host process stopped unexpectedly (${signal ?? `exit code ${code}`}); starting it again`);
        opts.onCrash?.({ code, signal, restarts });
        // The page learns in events it knows that its streams and connections went with the process.
        for (const n of open.crashNotices(new Date())) emit(n.event, n.payload);
        const delay = failuresInRow === 1 ? 0 : backoffDelay(failuresInRow - 1, opts.restartBackoff);
        live = new Promise((resolveLive) => {
          restartTimer = setTimeout(() => {
            if (closing) return;
            current = launch();
            resolveLive(current);
          }, delay);
        });
      });
    });
    child.onMessage((raw) => {
      const parsed = FromHostProcessSchema.safeParse(raw);
      if (!parsed.success) {
        opts.warn('ignored a message from the host process that is not a host-process message');
        // An answer that cannot be read still ends its call: nobody is left waiting for ever.
        return failUnreadableOutcome(raw);
      }
      const m = parsed.data;
      switch (m.kind) {
        case 'ready':
          canRemember = m.canRememberSecrets;
          failuresInRow = 0;
          return readyResolve();
        case 'failed':
          return readyReject(RpcError.fromPayload(m.error));
        case 'outcome': {
          const p = pending.get(m.id);
          pending.delete(m.id);
          if (p) open.noteOutcome(p.method, m.outcome);
          return p?.resolve(m.outcome);
        }
        case 'event':
          return emit(m.event, m.payload);
        case 'secret':
          return void answerSecret(child, m);
        case 'closed':
          return;
      }
    });
    child.send({ kind: 'start', options: { ...opts.start, secrets: opts.secrets !== undefined } } satisfies ToHostProcess);
    return Object.assign(gen, { ready, exited, dead: false });
  };

  const failUnreadableOutcome = (raw: unknown) => {
    const m = raw as { kind?: unknown; id?: unknown } | null;
    if (m?.kind !== 'outcome' || typeof m.id !== 'number') return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    p?.resolve({ ok: false, error: new RpcError('INTERNAL', `the host process answered '${p.method}' with a malformed message`, { method: p.method }).toPayload() });
  };

  const failInFlight = () => {
    for (const [, p] of pending) {
      const error = new RpcError('TIMEOUT', `the Switchdeck host process stopped while '${p.method}' was running; it is starting again — the call may or may not have run`, {
        connectionLost: true,
        method: p.method,
      });
      p.resolve({ ok: false, error: error.toPayload() });
    }
    pending.clear();
  };

  current = launch();
  live = Promise.resolve(current);
  await current.ready;

  return {
    get pid() {
      return current.child.pid;
    },
    get restarts() {
      return restarts;
    },
    get canRememberSecrets() {
      return canRemember;
    },
    ready: () => current.ready,
    async call(method, params) {
      if (closing) return { ok: false, error: new RpcError('TIMEOUT', 'Switchdeck is closing', { sent: false }).toPayload() };
      // While a dead host process is being replaced, the call waits for the new one.
      const gen = await live;
      try {
        await gen.ready;
      } catch (e) {
        return { ok: false, error: (e instanceof RpcError ? e : new RpcError('INTERNAL', String(e))).toPayload() };
      }
      if (gen.dead) return { ok: false, error: new RpcError('TIMEOUT', 'the Switchdeck host process stopped; try again in a moment', { sent: false }).toPayload() };
      const id = nextId++;
      return new Promise<HostCallOutcome>((resolve) => {
        pending.set(id, { method, resolve });
        gen.child.send({ kind: 'call', id, method, params } satisfies ToHostProcess);
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closing) return;
      closing = true;
      clearTimeout(restartTimer);
      const gen = current;
      gen.child.send({ kind: 'close' } satisfies ToHostProcess);
      const timer = setTimeout(() => gen.child.kill(), opts.closeWaitMs ?? 10_000);
      await gen.exited;
      clearTimeout(timer);
    },
  };
}
