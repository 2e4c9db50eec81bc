/**
 * Event and fault listeners of a connection (or of a ResilientAgent across connections).
 * Events are checked against AGENT_EVENTS before any listener sees them; a listener that
 * throws is reported as a fault and never disturbs the others or the link.
 */
import type { z } from 'zod';
import { RpcError, summarizeIssues, toFieldIssues } from '@shared/rpc/errors';
import { AGENT_EVENTS, type AgentEventName, type AgentEventPayload } from '@shared/rpc/events';

export interface ProtocolFault {
  error: RpcError;
  /** True when the agent said it is closing the connection. */
  fatal: boolean;
}

export class EventRouter {
  private readonly listeners = new Map<string, Set<(data: unknown) => void>>();
  private readonly faultListeners = new Set<(fault: ProtocolFault) => void>();

  on<E extends AgentEventName>(name: E, listener: (data: AgentEventPayload<E>) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const entry = listener as (data: unknown) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  onFault(listener: (fault: ProtocolFault) => void): () => void {
    this.faultListeners.add(listener);
    return () => this.faultListeners.delete(listener);
  }

  /** An event frame from the agent on `server`: validated, then passed to listeners. */
  receive(server: string, name: string, data: unknown): void {
    const schema = (AGENT_EVENTS as Record<string, z.ZodType | undefined>)[name];
    // Events this build does not know come from a newer agent: ignored, as the spec allows.
    if (!schema) return;
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issues = summarizeIssues(toFieldIssues(parsed.error.issues), 3);
      this.fault({ error: new RpcError('INVALID_FRAME', `the agent on ${server} sent an invalid '${name}' event (${issues}); ignored`, { event: name }), fatal: false });
      return;
    }
    this.emit(name, parsed.data);
  }

  /** Passes an already validated event on. */
  emit(name: string, data: unknown): void {
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      try {
        listener(data);
      } catch (e) {
        this.fault({ error: new RpcError('INTERNAL', `a '${name}' listener threw: ${e instanceof Error ? e.message : String(e)}`), fatal: false });
      }
    }
  }

  fault(fault: ProtocolFault): void {
    for (const listener of [...this.faultListeners]) {
      try {
        listener(fault);
      } catch {
        // Fault listeners are diagnostics; one failing must not affect the link.
      }
    }
  }
}
