/**
 * Events the host pushes to its renderer(s). Each payload is checked against HOST_EVENTS before it
 * goes out, so a listener (IPC bridge, WebSocket) may forward it as is.
 */
import { HOST_EVENTS, type HostEventName, type HostEventPayload } from '@shared/rpc/hostApi';
import { summarizeIssues, toFieldIssues } from '@shared/rpc/errors';

export type HostEventListener = (event: HostEventName, payload: unknown) => void;

export class HostEvents {
  private readonly listeners = new Set<HostEventListener>();

  constructor(private readonly onInvalid: (event: string, problem: string) => void = () => {}) {}

  on(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends HostEventName>(event: E, payload: HostEventPayload<E>): void {
    const parsed = HOST_EVENTS[event].safeParse(payload);
    if (!parsed.success) {
      this.onInvalid(event, summarizeIssues(toFieldIssues(parsed.error.issues)));
      return;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(event, parsed.data);
      } catch {
        // One broken transport must not keep the event from the others.
      }
    }
  }
}
