// The engine driver's contract with the rest of the agent (store, RPC handlers, `serve`).
import type { ConfigSnapshot } from '@shared/model/snapshot';

export type EngineActionKind = 'runtime-set' | 'table-reload' | 'restart';

export interface EngineAction {
  kind: EngineActionKind;
  /** What is acted on: 'kamailio', 'rtpengine', 'permissions.address', 'drouting', 'auth_db.subscriber'. */
  target: string;
  /** Human-readable: 'switchdeck.sip_timeout_invite=5', '3 rows', … Never contains a secret. */
  detail: string;
}

export type ProcessName = 'kamailio' | 'rtpengine';
export type ProcessState = 'stopped' | 'starting' | 'running' | 'backoff' | 'failed';

export interface ProcessStatus {
  state: ProcessState;
  pid: number | null;
  /** `kamailio -v` / `rtpengine --version` first line; null until known. */
  version: string | null;
  /** ms since epoch of the last state change. */
  since: number;
  /** Restarts after unexpected exits since the driver started (not counting restart() calls). */
  restarts: number;
  lastError: string | null;
  /** In 'backoff': ms since epoch of the next start attempt; otherwise null. */
  nextAttemptAt: number | null;
}

export type EngineStatus = Record<ProcessName, ProcessStatus>;

export interface EngineDriver {
  /** Render + check the cfg, write the tables, start rtpengine then kamailio, wait until both answer. */
  start(snapshot: ConfigSnapshot): Promise<void>;
  /** Pure: what apply(prev, next) would do. */
  plan(prev: ConfigSnapshot, next: ConfigSnapshot): EngineAction[];
  /** Carries out plan(prev, next). Throws EngineError; the caller then applies (next, prev) to roll back. */
  apply(prev: ConfigSnapshot, next: ConfigSnapshot): Promise<EngineAction[]>;
  /** The supervisor's view. */
  status(): EngineStatus;
  /** status(), with every 'running' engine asked over its control channel; one that does not answer is 'failed'. */
  probe(): Promise<EngineStatus>;
  restart(target: ProcessName | 'all'): Promise<void>;
  health(): Promise<{ ok: boolean; detail: string }>;
  /** `keepEngines`: leave Kamailio and rtpengine running for the next agent (a handover); otherwise they are stopped. */
  stop(opts?: { keepEngines?: boolean }): Promise<void>;
  on(event: 'state', cb: (s: EngineStatus) => void): () => void;
}

/** A failed engine operation. `done` lists the actions carried out before the failure. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly done: EngineAction[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }
}
