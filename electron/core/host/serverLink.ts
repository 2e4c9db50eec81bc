/**
 * One saved server's connection: an SSH session and a resilient agent link over it. Connecting is
 * a conversation with the UI: whenever the SSH session asks a question (unknown host key,
 * password, passphrase, keyboard-interactive) the pending `servers.connect` / `hostKeys.decide` /
 * `credentials.answer` call returns it as a prompt with a promptId, and the answer resumes the
 * same attempt. Nothing is sent to the server before its host key is verified (SshSession).
 */
import { AGENT_EVENT_NAMES } from '@shared/rpc/events';
import { RpcError } from '@shared/rpc/errors';
import type { ConnectOutcome, HostEventPayload } from '@shared/rpc/hostApi';
import { AgentClient, ResilientAgent } from '../agent';
import type { AgentConnection } from '../drafts/agentCaller';
import type { ServerRecord } from '../servers/serverSchema';
import { SshError } from '../ssh/sshErrors';
import { SshSession } from '../ssh/sshSession';
import type { SshAuthMethod, SshPrompts, SshSessionOptions, SshSessionState } from '../ssh/sshTypes';
import { openAgentStream } from './agentStream';
import { connectRpcError, stateError } from './connectErrors';
import { deriveConnectionState } from './connectionState';
import { hostPort, type LinkEnv } from './linkEnv';
import { PromptDesk } from './promptDesk';
import { secretKey, type RememberedKind } from './secrets';

type Connected = Extract<ConnectOutcome, { status: 'connected' }>;

export class ServerLink {
  private session: SshSession | null = null;
  private agent: ResilientAgent | null = null;
  private attempt: Promise<Connected> | null = null;
  /** Bumped by disconnect: an attempt of an older generation ends quietly. */
  private generation = 0;
  /** SSH login completed on the current session (later SSH drops are failures, not connect errors). */
  private established = false;
  private agentEverConnected = false;
  private lastStreamError: unknown = null;
  private failure: { code: string; message: string } | null = null;
  private lastEmitted = '';
  private current: HostEventPayload<'connection.state'> | null = null;
  /** The last disconnect was the app's, to stay within the live-connection bound (connectionBound.ts). */
  private closedIdle = false;
  private readonly typed = new Map<RememberedKind, { value: string; remember: boolean }>();
  readonly prompts: PromptDesk;

  constructor(
    readonly server: ServerRecord,
    private readonly env: LinkEnv,
  ) {
    this.prompts = new PromptDesk(env.newId, () => this.refresh(), env.secrets !== undefined);
  }

  get id(): string {
    return this.server.id;
  }

  /** True while a session exists (connecting, connected or reconnecting). */
  get active(): boolean {
    return this.session !== null;
  }

  /** A connect attempt is under way or a question is open: not a link to close for being idle. */
  get connecting(): boolean {
    return this.attempt !== null || this.prompts.openKind() !== null;
  }

  get liveAgent(): ResilientAgent | null {
    return this.agent?.client && !this.agent.client.closed ? this.agent : null;
  }

  /** The state last sent as a connection.state event (null: none yet, i.e. never connected). */
  get connectionState(): HostEventPayload<'connection.state'> | null {
    return this.current;
  }

  requireSession(): SshSession {
    if (this.session?.state.state === 'connected' && this.established) return this.session;
    throw notConnected(this.server);
  }

  requireAgent(): ResilientAgent {
    const agent = this.liveAgent;
    if (!agent) throw notConnected(this.server);
    return agent;
  }

  connect(): Promise<ConnectOutcome> {
    const open = this.prompts.outcome();
    if (open) return Promise.resolve(open);
    const live = this.liveAgent?.client;
    if (live && this.session?.state.state === 'connected') return Promise.resolve(connectedOf(live));
    if (!this.attempt) {
      const run = this.agent ? this.awaitAgent(this.agent) : this.open();
      const attempt = run.finally(() => {
        if (this.attempt === attempt) this.attempt = null;
      });
      attempt.catch(() => undefined);
      this.attempt = attempt;
    }
    return this.prompts.step(this.attempt, (err) => connectRpcError(err, this.server.id));
  }

  decideHostKey(promptId: string, decision: 'accept-once' | 'accept-save' | 'reject'): Promise<ConnectOutcome> {
    const q = this.prompts.answerHostKey(promptId, decision);
    if (decision === 'accept-once') this.env.acceptedOnce.set(hostPort(q.host, q.port), q.fingerprintSha256);
    return this.resume();
  }

  answerCredentials(promptId: string, answers: string[], remember: boolean): Promise<ConnectOutcome> {
    const { kind, value } = this.prompts.answerCredentials(promptId, answers, remember);
    if (kind !== 'keyboard-interactive' && value !== undefined) this.typed.set(kind, { value, remember });
    return this.resume();
  }

  /** `idle`: closed by the app to stay within the connection bound; the state says so. */
  async disconnect(opts: { idle?: boolean } = {}): Promise<void> {
    this.generation++;
    this.closedIdle = opts.idle === true;
    await this.teardown(null);
  }

  /**
   * An SSH session for one job (a push, a confirm, installing the agent) that never asks the user
   * anything: it logs in with what was accepted and typed (or remembered) before.
   */
  async openJobSession(): Promise<SshSession> {
    const session = new SshSession({
      ...this.sessionBase(),
      auth: await this.authMethods(),
      reconnect: { enabled: false },
      prompts: {
        hostKey: async (q) => (this.env.acceptedOnce.get(hostPort(q.host, q.port)) === q.fingerprintSha256 ? 'accept-once' : 'reject'),
        credentials: async () => null,
      },
    });
    try {
      await session.connect();
    } catch (err) {
      session.close();
      throw freshLoginError(err, this.server);
    }
    return session;
  }

  /** A connection to the agent for one job that never asks the user anything. */
  async openFresh(): Promise<AgentConnection> {
    const session = await this.openJobSession();
    try {
      const client = await AgentClient.connect(await openAgentStream(session, this.server), { server: this.label(), client: this.env.client });
      return {
        call: (method, params, opts) => client.call(method, params, opts),
        close: async () => {
          await client.close().catch(() => undefined);
          session.close();
        },
      };
    } catch (err) {
      session.close();
      throw err;
    }
  }

  private resume(): Promise<ConnectOutcome> {
    if (!this.attempt) return this.connect();
    return this.prompts.step(this.attempt, (err) => connectRpcError(err, this.server.id));
  }

  private label(): string {
    return `${this.server.name} (${this.server.username}@${this.server.host}:${this.server.port})`;
  }

  private sessionBase(): Omit<SshSessionOptions, 'auth' | 'prompts'> {
    const t = this.env.tuning;
    return {
      host: this.server.host,
      port: this.server.port,
      username: this.server.username,
      knownHosts: this.env.knownHosts,
      knownHostsComment: `switchdeck ${this.server.name}`,
      ...(t.sshTimeoutMs !== undefined ? { timeoutMs: t.sshTimeoutMs } : {}),
      ...(t.sshReconnect ? { reconnect: t.sshReconnect } : {}),
      ...(t.keepaliveIntervalMs !== undefined ? { keepaliveIntervalMs: t.keepaliveIntervalMs } : {}),
    };
  }

  private async open(): Promise<Connected> {
    const gen = this.generation;
    this.failure = null;
    this.closedIdle = false;
    this.established = false;
    this.agentEverConnected = false;
    this.lastStreamError = null;
    const prompts: SshPrompts = { hostKey: (q) => this.prompts.askHostKey(q), credentials: (q) => this.prompts.askCredentials(q) };
    const session = new SshSession({ ...this.sessionBase(), auth: await this.authMethods(), prompts });
    this.session = session;
    session.onState((s) => this.onSsh(session, s));
    this.refresh();
    try {
      await session.connect();
      if (gen !== this.generation) throw cancelled(this.server);
      this.established = true;
      await this.persistTyped();
      const agent = this.makeAgent(session);
      this.agent = agent;
      return await this.awaitAgent(agent);
    } catch (err) {
      if (gen !== this.generation) throw cancelled(this.server);
      const best = !this.agentEverConnected && this.lastStreamError instanceof SshError ? this.lastStreamError : err;
      await this.teardown(best);
      throw best;
    }
  }

  private async awaitAgent(agent: ResilientAgent): Promise<Connected> {
    const client = await agent.ready({ timeoutMs: this.env.tuning.agentWaitMs ?? 20_000 });
    return connectedOf(client);
  }

  private makeAgent(session: SshSession): ResilientAgent {
    const agent = new ResilientAgent({
      server: this.label(),
      client: this.env.client,
      connect: () =>
        openAgentStream(session, this.server).catch((err: unknown) => {
          this.lastStreamError = err;
          throw err;
        }),
      ...(this.env.tuning.agentBackoff ? { backoff: this.env.tuning.agentBackoff } : {}),
      // A socket that was never reachable will not become so by retrying; after a first success a
      // refused channel is the agent restarting, which is worth waiting for.
      isPermanent: (err) => RpcError.is(err, 'UNSUPPORTED_PROTOCOL') || (!this.agentEverConnected && err instanceof SshError && err.code === 'channel-refused'),
    });
    agent.onState((change) => {
      if (agent !== this.agent) return;
      if (change.state === 'connected') this.agentEverConnected = true;
      if (change.state === 'disconnected') void this.teardown(change.error ?? new RpcError('TIMEOUT', `the agent link to ${this.label()} ended`));
      else this.refresh();
    });
    for (const name of AGENT_EVENT_NAMES) {
      agent.on(name, (data) => this.env.events.emit('agent.event', { serverId: this.server.id, name, data }));
    }
    agent.start();
    return agent;
  }

  private onSsh(session: SshSession, s: SshSessionState): void {
    if (session !== this.session) return;
    if (s.state === 'disconnected' && this.established) {
      void this.teardown(s.error ?? new SshError('closed', s.reason, session.host, session.port));
      return;
    }
    this.refresh();
  }

  private async teardown(error: unknown): Promise<void> {
    this.prompts.cancelAll();
    const agent = this.agent;
    const session = this.session;
    this.agent = null;
    this.session = null;
    this.established = false;
    this.failure = error === null ? null : stateError(error);
    this.refresh();
    await agent?.close().catch(() => undefined);
    session?.close();
  }

  /** Secrets are stored only once the login they belong to has worked. */
  private async persistTyped(): Promise<void> {
    for (const [kind, t] of this.typed) {
      const key = secretKey(this.server.id, kind);
      await this.env.typedSecrets.set(key, t.value);
      if (!this.env.secrets) continue;
      // A typed secret means the stored one (if any) did not work or is not wanted any more.
      await (t.remember ? this.env.secrets.set(key, t.value) : this.env.secrets.delete(key)).catch((err: unknown) =>
        this.env.warn(`could not update the stored ${kind} of ${this.server.name}: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
    this.typed.clear();
  }

  private async preset(kind: RememberedKind): Promise<string | undefined> {
    const key = secretKey(this.server.id, kind);
    return (await this.env.typedSecrets.get(key)) ?? (await this.env.secrets?.get(key).catch(() => undefined));
  }

  private async authMethods(): Promise<SshAuthMethod[]> {
    const a = this.server.auth;
    switch (a.kind) {
      case 'password': {
        const password = await this.preset('password');
        return [{ kind: 'password', ...(password !== undefined ? { password } : {}) }];
      }
      case 'key': {
        const passphrase = await this.preset('passphrase');
        return [{ kind: 'key', keyPath: a.keyPath, ...(passphrase !== undefined ? { passphrase } : {}) }];
      }
      case 'keyboard-interactive':
        return [{ kind: 'keyboard-interactive' }];
      case 'agent':
        return [{ kind: 'agent' }];
    }
  }

  private refresh(): void {
    const state = deriveConnectionState({
      ssh: this.session?.state.state ?? null,
      agent: this.agent?.state ?? null,
      prompt: this.prompts.openKind(),
      failed: this.failure !== null,
    });
    const error = state === 'failed' && this.failure ? this.failure : undefined;
    const idle = state === 'disconnected' && this.closedIdle;
    const key = JSON.stringify([state, error, idle]);
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    this.current = { serverId: this.server.id, state, since: this.env.now().toISOString(), ...(error ? { error } : {}), ...(idle ? { closedIdle: true } : {}) };
    this.env.events.emit('connection.state', this.current);
  }
}

function connectedOf(client: AgentClient): Connected {
  return { status: 'connected', agentVersion: client.agent.version, role: client.role };
}

function notConnected(server: ServerRecord): RpcError {
  return new RpcError('NOT_FOUND', `${server.name} is not connected: connect to it first`, { path: 'serverId', serverId: server.id, reason: 'not-connected' });
}

function cancelled(server: ServerRecord): RpcError {
  return new RpcError('CANCELLED', `connecting to ${server.name} was cancelled (disconnected)`, { serverId: server.id });
}

/** A job connection cannot ask questions; say which question it would have needed. */
function freshLoginError(err: unknown, server: ServerRecord): unknown {
  if (!(err instanceof SshError)) return err;
  if (err.code === 'host-key-rejected') {
    return new RpcError('PERMISSION_DENIED', `the host key of ${server.name} (${server.host}:${server.port}) is not trusted yet: connect to it once and accept its key`, {
      serverId: server.id,
      reason: 'host-key-unknown',
    });
  }
  if (err.code === 'auth-cancelled') {
    return new RpcError('PERMISSION_DENIED', `${server.name} asks for a password or passphrase that is not stored: connect to it first (or let it be remembered)`, {
      serverId: server.id,
      reason: 'credentials-needed',
    });
  }
  return err;
}
