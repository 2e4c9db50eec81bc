// Changes that need the engine wait for it while it is starting or restarting, instead of failing
// with ENGINE_FAILED: after the agent starts, after a crash (during the backoff) and after
// engine.restart. The wait is bounded; past it the change is refused with BUSY and a retry hint
// (PROTOCOL.md §8). A stopped or failed engine is not waited for: the change goes ahead and the
// engine's answer decides (a dry run never waits).
import { RpcError } from '@shared/rpc/errors';
import type { BusyErrorData } from '@shared/rpc/agentApi';
import type { Clock } from '../engine/clock';
import type { CallContext, HandlerMap, MethodTable } from '../rpc/dispatcher';
import type { EngineDriver, EngineStatus, ProcessStatus } from '../engine/types';
import { toWireStatus } from './engineHandlers';

/** Every engine is up, or in a state waiting would not change. */
function settled(s: EngineStatus): boolean {
  return Object.values(s).every((p: ProcessStatus) => p.state !== 'starting' && p.state !== 'backoff');
}

/** When trying again makes sense: the latest scheduled start attempt plus a margin for the start itself. */
export function retryAfterMs(s: EngineStatus, now: number, startMarginMs = 1000): number {
  const next = Math.max(now, ...Object.values(s).map((p: ProcessStatus) => p.nextAttemptAt ?? now));
  return Math.ceil(next - now + startMarginMs);
}

export interface EngineGateOptions {
  /** Longest a change waits for the engine (default 10 s). */
  waitMs?: number;
  clock: Clock;
}

/** Resolves once the engine has settled; throws BUSY (with retryAfterMs) when it has not within waitMs. */
export async function waitForEngine(engine: EngineDriver, o: EngineGateOptions): Promise<void> {
  if (settled(engine.status())) return;
  const waitMs = o.waitMs ?? 10_000;
  const ok = await new Promise<boolean>((resolve) => {
    const done = (v: boolean) => {
      off();
      o.clock.clearTimeout(timer);
      resolve(v);
    };
    const off = engine.on('state', (s) => settled(s) && done(true));
    const timer = o.clock.setTimeout(() => done(false), waitMs);
    if (settled(engine.status())) done(true);
  });
  if (ok) return;
  const s = engine.status();
  const data: BusyErrorData = { retryAfterMs: retryAfterMs(s, o.clock.now()), engines: toWireStatus(s) };
  const why = Object.entries(s)
    .filter(([, p]) => p.state === 'starting' || p.state === 'backoff')
    .map(([name, p]) => `${name} is ${p.state === 'starting' ? 'starting' : 'restarting'}${p.lastError ? ` (${p.lastError})` : ''}`)
    .join('; ');
  throw new RpcError('BUSY', `the engine is not ready: ${why}. Nothing was changed; try again in ${Math.ceil(data.retryAfterMs / 1000)} s`, data);
}

/** `handlers` with each named method first waiting for the engine (dry runs excepted). */
export function gateOnEngine<T extends MethodTable>(handlers: HandlerMap<T>, methods: readonly (keyof T)[], engine: EngineDriver, o: EngineGateOptions): HandlerMap<T> {
  const out: HandlerMap<T> = { ...handlers };
  for (const m of methods) {
    const inner = handlers[m] as ((p: unknown, ctx: CallContext) => unknown) | undefined;
    if (!inner) continue;
    const gated = async (p: unknown, ctx: CallContext) => {
      if (!(p as { dryRun?: boolean }).dryRun) await waitForEngine(engine, o);
      return inner(p, ctx);
    };
    out[m] = gated as unknown as HandlerMap<T>[typeof m];
  }
  return out;
}
