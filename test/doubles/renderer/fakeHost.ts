import type { HostEventName, HostEventPayload, HostMethod, HostParamsInput, HostResult } from '@shared/rpc/hostApi';
import type { HostClient } from '../../../renderer/src/host/hostClient';

type Handler = (params: unknown) => unknown;

/**
 * A scripted HostClient for component tests: each method answers from `handlers` (a thrown value
 * becomes a rejected call), every call is recorded, and tests can emit host events.
 */
export class FakeHost implements HostClient {
  readonly calls: { method: string; params: unknown }[] = [];
  private readonly listeners = new Map<string, Set<(p: unknown) => void>>();

  constructor(private readonly handlers: Partial<Record<HostMethod, Handler>> & { agent?: Record<string, Handler> } = {}) {}

  async call<M extends HostMethod>(method: M, params: HostParamsInput<M>): Promise<HostResult<M>> {
    this.calls.push({ method, params });
    if (method === 'agent.call') {
      const p = params as { method: string; params: unknown };
      const h = this.handlers.agent?.[p.method];
      if (!h) throw new Error(`fake host: no agent handler for ${p.method}`);
      return { result: await h(p.params) } as HostResult<M>;
    }
    const h = this.handlers[method];
    if (!h) throw new Error(`fake host: no handler for ${method}`);
    return (await h(params)) as HostResult<M>;
  }

  on<E extends HostEventName>(event: E, cb: (p: HostEventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(cb as (p: unknown) => void);
    this.listeners.set(event, set);
    return () => set.delete(cb as (p: unknown) => void);
  }

  emit<E extends HostEventName>(event: E, payload: HostEventPayload<E>): void {
    for (const cb of this.listeners.get(event) ?? []) cb(payload);
  }

  agentCalls(method: string): unknown[] {
    return this.calls.filter((c) => c.method === 'agent.call' && (c.params as { method: string }).method === method).map((c) => (c.params as { params: unknown }).params);
  }
}
