import type { ConfigSnapshot } from '@shared/model';
import type { PlanAction } from '@shared/rpc/agentApi';
import type { AgentEventPayload } from '@shared/rpc/events';

/** What the store needs from the engine driver: a pure plan and a way to carry it out. */
export interface EngineApplier {
  plan(prev: ConfigSnapshot, next: ConfigSnapshot): PlanAction[];
  /** Makes `next` effective. Throws when it cannot; the store then applies `prev` again. */
  apply(prev: ConfigSnapshot, next: ConfigSnapshot): Promise<PlanAction[]>;
}

/** Error an EngineApplier may throw to say which action failed. */
export class EngineApplyError extends Error {
  constructor(
    message: string,
    readonly action: PlanAction | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineApplyError';
  }
}

export interface Timer {
  cancel(): void;
}

/** Time behind an interface so confirm deadlines are tested without waiting. */
export interface Clock {
  now(): Date;
  setTimer(ms: number, fn: () => void): Timer;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer: (ms, fn) => {
    // setTimeout cannot wait longer than 2^31-1 ms; deadlines are at most an hour away.
    const t = setTimeout(fn, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

export type ConfigChangedEvent = AgentEventPayload<'config.changed'>;

export interface StoreLogger {
  info(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}
