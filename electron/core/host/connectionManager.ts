/**
 * Every server's connection, keyed by server id: at most one SSH session and one resilient agent
 * link per server, shared by agent calls, subscriptions and terminals. Drafts get agent
 * connections from here too (`connectAgent`): the shared one when it is up, else a one-off
 * connection that asks no questions.
 */
import { RpcError } from '@shared/rpc/errors';
import type { ConnectOutcome, HostEventPayload } from '@shared/rpc/hostApi';
import type { ResilientAgent } from '../agent';
import type { AgentConnection, ConnectAgent } from '../drafts/agentCaller';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { SshSession } from '../ssh/sshSession';
import { DEFAULT_MAX_LIVE_CONNECTIONS, linksToClose, type LiveLink } from './connectionBound';
import type { LinkEnv } from './linkEnv';
import { secretKey } from './secrets';
import { ServerLink } from './serverLink';

export class ConnectionManager {
  private readonly links = new Map<string, ServerLink>();
  /** A server with no link has been disconnected since the host started. */
  private readonly startedAt: string;
  /** serverId → use counter value at its last use (least recently used idle links are closed first). */
  private readonly used = new Map<string, number>();
  private uses = 0;
  /** Servers whose connect is waiting for room or under way: counted as live before their session exists. */
  private readonly opening = new Set<string>();
  private readonly keepers: ((serverId: string) => boolean)[] = [];

  constructor(
    private readonly registry: ServerRegistry,
    private readonly env: LinkEnv,
  ) {
    this.startedAt = env.now().toISOString();
  }

  /** Live connections kept at most (tuning.maxLiveConnections). */
  get maxLive(): number {
    return this.env.tuning.maxLiveConnections ?? DEFAULT_MAX_LIVE_CONNECTIONS;
  }

  /** Servers for which `check` is true are never closed to make room (e.g. a terminal is open). */
  keepOpenWhile(check: (serverId: string) => boolean): void {
    this.keepers.push(check);
  }

  /** How many servers hold a live connection (or are opening one) now. */
  get liveCount(): number {
    return this.liveLinks(null).length;
  }

  /**
   * Opens the server's connection; when that would pass the bound, the least recently used idle
   * connection is closed first (its state says so: `closedIdle`).
   */
  connect(serverId: string): Promise<ConnectOutcome> {
    const link = this.linkFor(serverId);
    this.touch(serverId);
    if (link.active || this.opening.has(serverId)) return link.connect();
    const victims = linksToClose(this.liveLinks(serverId), this.maxLive);
    if (victims === null) {
      return Promise.reject(
        new RpcError('BUSY', `${this.maxLive} servers are connected, the most the app keeps open at once, and each of them has a terminal open or is still connecting: close a terminal or disconnect a server, then try again`, { serverId, reason: 'connection-limit', max: this.maxLive }),
      );
    }
    this.opening.add(serverId);
    return (async () => {
      try {
        await Promise.all(victims.map((id) => this.links.get(id)?.disconnect({ idle: true })));
        return await link.connect();
      } finally {
        this.opening.delete(serverId);
      }
    })();
  }

  async disconnect(serverId: string): Promise<void> {
    this.registry.require(serverId);
    await this.links.get(serverId)?.disconnect();
  }

  async decideHostKey(promptId: string, decision: 'accept-once' | 'accept-save' | 'reject'): Promise<{ serverId: string; outcome: ConnectOutcome }> {
    const link = this.linkWithPrompt(promptId);
    return { serverId: link.id, outcome: await link.decideHostKey(promptId, decision) };
  }

  async answerCredentials(promptId: string, answers: string[], remember: boolean): Promise<{ serverId: string; outcome: ConnectOutcome }> {
    const link = this.linkWithPrompt(promptId);
    return { serverId: link.id, outcome: await link.answerCredentials(promptId, answers, remember) };
  }

  /**
   * Every saved server's current state, so a reloaded window need not wait for the next event. A
   * server without a link (never connected since the host started) is disconnected since the start.
   */
  states(): HostEventPayload<'connection.state'>[] {
    return this.registry.list().map((s) => this.links.get(s.id)?.connectionState ?? { serverId: s.id, state: 'disconnected', since: this.startedAt });
  }

  /** The questions still open, per server: a window that reloaded while one was shown asks it again. */
  pendingPrompts(): { serverId: string; outcome: ConnectOutcome }[] {
    return [...this.links.values()].flatMap((l) => {
      const outcome = l.prompts.outcome();
      return outcome ? [{ serverId: l.id, outcome }] : [];
    });
  }

  /** The link of a server that must be connected (agent calls, terminals). */
  connected(serverId: string): ServerLink {
    const link = this.links.get(serverId);
    if (link) {
      this.touch(serverId);
      return link;
    }
    const server = this.registry.require(serverId);
    throw new RpcError('NOT_FOUND', `${server.name} is not connected: connect to it first`, { path: 'serverId', serverId, reason: 'not-connected' });
  }

  /** The server's shared agent link when it is up. */
  liveAgentOf(serverId: string): ResilientAgent | null {
    const agent = this.links.get(serverId)?.liveAgent ?? null;
    if (agent) this.touch(serverId);
    return agent;
  }

  /** For drafts: the shared agent when connected (closing it is a no-op), else a one-off connection. */
  readonly connectAgent: ConnectAgent = async (serverId) => {
    const shared = this.liveAgentOf(serverId);
    if (shared) return { call: (method, params, opts) => shared.call(method, params, opts ?? {}), close: () => undefined };
    return this.freshAgent(serverId);
  };

  /** Always a new SSH connection: proves the server is still reachable (confirm after a change). */
  readonly freshAgent: ConnectAgent = (serverId): Promise<AgentConnection> => this.linkFor(serverId).openFresh();

  /** An SSH session that asks nothing (the installer's): the caller closes it. */
  jobSession(serverId: string): Promise<SshSession> {
    return this.linkFor(serverId).openJobSession();
  }

  /** The server was removed: close its connection and forget its remembered secrets. */
  async forget(serverId: string): Promise<void> {
    const link = this.links.get(serverId);
    this.links.delete(serverId);
    this.used.delete(serverId);
    await link?.disconnect();
    for (const kind of ['password', 'passphrase', 'sudo'] as const) {
      const key = secretKey(serverId, kind);
      await this.env.typedSecrets.delete(key);
      await this.env.secrets?.delete(key).catch((err: unknown) => this.env.warn(`could not delete a stored ${kind}: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  async closeAll(): Promise<void> {
    const links = [...this.links.values()];
    this.links.clear();
    await Promise.all(links.map((l) => l.disconnect()));
  }

  /** An idle link is rebuilt from the saved record, so an edited server connects with its new settings. */
  private linkFor(serverId: string): ServerLink {
    const existing = this.links.get(serverId);
    const record = this.registry.require(serverId);
    if (existing && (existing.active || existing.prompts.openKind() !== null)) return existing;
    const link = new ServerLink(record, this.env);
    this.links.set(serverId, link);
    return link;
  }

  private touch(serverId: string): void {
    this.used.set(serverId, ++this.uses);
  }

  /** Links holding (or opening) a connection, but `except`'s. */
  private liveLinks(except: string | null): LiveLink[] {
    return [...this.links.values()]
      .filter((l) => l.id !== except && (l.active || this.opening.has(l.id)))
      .map((l) => ({ id: l.id, lastUsed: this.used.get(l.id) ?? 0, pinned: this.opening.has(l.id) || l.connecting || this.keepers.some((k) => k(l.id)) }));
  }

  private linkWithPrompt(promptId: string): ServerLink {
    for (const link of this.links.values()) if (link.prompts.has(promptId)) return link;
    throw new RpcError('NOT_FOUND', `there is no open prompt with id ${promptId} (it was answered, cancelled or expired)`, { path: 'promptId' });
  }
}
