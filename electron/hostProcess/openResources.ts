/**
 * What the page holds open in the host process (subscriptions, terminals, connected servers),
 * learnt from the calls and events passing through, so that when the host process dies the page
 * can be told in the events it already understands: each subscription ended, each terminal exited,
 * each server disconnected. Without this a crashed host's streams would just fall silent.
 */
import { FEED_END } from '@shared/rpc/feedEnd';
import type { HostCallOutcome } from '@shared/rpc/hostWire';

export interface Notice {
  event: 'agent.subscriptionEnded' | 'terminal.exit' | 'connection.state';
  payload: unknown;
}

export const HOST_RESTARTED_MESSAGE = "Switchdeck's host process stopped and was started again; open this again.";

export class OpenResources {
  private readonly subscriptions = new Set<string>();
  private readonly terminals = new Set<string>();
  private readonly servers = new Map<string, string>();

  noteOutcome(method: string, outcome: HostCallOutcome): void {
    if (!outcome.ok) return;
    const r = outcome.result as { subscriptionId?: unknown; terminalId?: unknown } | null;
    if (method === 'agent.subscribe' && typeof r?.subscriptionId === 'string') this.subscriptions.add(r.subscriptionId);
    if (method === 'terminal.open' && typeof r?.terminalId === 'string') this.terminals.add(r.terminalId);
  }

  /** `payload` has passed its HOST_EVENTS schema. */
  noteEvent(event: string, payload: unknown): void {
    const p = payload as { subscriptionId: string; terminalId: string; serverId: string; state: string };
    if (event === 'agent.subscriptionEnded') this.subscriptions.delete(p.subscriptionId);
    else if (event === 'terminal.exit') this.terminals.delete(p.terminalId);
    else if (event === 'connection.state') this.servers.set(p.serverId, p.state);
  }

  /** The events that close everything of a dead host process; forgets it all. */
  crashNotices(now: Date): Notice[] {
    // A code of its own, so the window says the app's background process restarted, not "did not answer in time".
    const error = { code: FEED_END.hostRestarted, message: HOST_RESTARTED_MESSAGE };
    const notices: Notice[] = [
      ...[...this.subscriptions].map((subscriptionId): Notice => ({ event: 'agent.subscriptionEnded', payload: { subscriptionId, error } })),
      ...[...this.terminals].map((terminalId): Notice => ({ event: 'terminal.exit', payload: { terminalId, code: null, signal: null } })),
      ...[...this.servers]
        .filter(([, state]) => state !== 'disconnected')
        .map(([serverId]): Notice => ({ event: 'connection.state', payload: { serverId, state: 'disconnected', since: now.toISOString() } })),
    ];
    this.subscriptions.clear();
    this.terminals.clear();
    this.servers.clear();
    return notices;
  }
}
