/**
 * A link to one agent that survives drops: it connects through a factory (an SSH channel, a
 * UNIX socket), reconnects with backoff, re-attaches event listeners and re-opens
 * subscriptions. It NEVER re-sends a request that was in flight when the link dropped: that
 * request fails with the connection-lost error, and only a read-only call whose caller opted
 * in (`retryIfLost`) is asked once more on the new connection.
 */
import type { Duplex } from 'node:stream';
import { AGENT_METHODS, type AgentMethod, type AgentParamsInput, type AgentResult } from '@shared/rpc/agentApi';
import { RpcError } from '@shared/rpc/errors';
import { AGENT_EVENT_NAMES, type AgentEventName, type AgentEventPayload, type AgentTopic, type AgentTopicItem, type AgentTopicParamsInput } from '@shared/rpc/events';
import { AgentClient, type AgentClientOptions, type CallOptions, type ProtocolFault } from './agentClient';
import { backoffDelay, type BackoffOptions } from './backoff';
import { EventRouter } from './eventRouter';
import { isConnectionLost } from './clientErrors';
import type { SubscriptionHandlers } from './clientSubscription';
import { ResilientSubscription } from './resilientSubscription';

export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface LinkStateChange {
  state: LinkState;
  /** Failed attempts in a row (0 once connected). */
  attempt: number;
  /** Why the last attempt failed, or why the link dropped or was given up. */
  error?: Error;
  /** Set while waiting: the delay before the next attempt. */
  retryInMs?: number;
  /** On `connected` after an earlier connection: events may have been missed, re-read state. */
  reconnected?: boolean;
}

export interface ResilientAgentOptions extends AgentClientOptions {
  /** Opens a fresh byte stream to the agent socket; called once per attempt. */
  connect: () => Promise<Duplex>;
  backoff?: BackoffOptions;
  /** Failed attempts in a row before giving up (state `disconnected`). Default: never give up. */
  maxAttempts?: number;
  /** Errors not worth retrying. Default: UNSUPPORTED_PROTOCOL (only updating a side helps). */
  isPermanent?: (error: unknown) => boolean;
  /** How long a call waits for the link when it is down. Default 30 s. */
  connectWaitMs?: number;
  /**
   * A cheap `agent.info` sent this often while connected, so an open link with no subscription is
   * never closed as idle by the agent (PROTOCOL §4.1, 15 min). Default 5 min.
   */
  keepaliveMs?: number;
  random?: () => number;
}

export interface ResilientCallOptions extends CallOptions {
  /** Ask once more after a lost link. Refused for mutating methods (no double apply). */
  retryIfLost?: boolean;
}

interface Waiter {
  resolve(client: AgentClient): void;
  reject(error: RpcError): void;
}

const DEFAULT_KEEPALIVE_MS = 5 * 60_000;

const defaultPermanent = (error: unknown) => RpcError.is(error, 'UNSUPPORTED_PROTOCOL');

export class ResilientAgent {
  private state_: LinkState = 'disconnected';
  private client_: AgentClient | undefined;
  private started = false;
  private running = false;
  private closing = false;
  private everConnected = false;
  private lastError: Error | undefined;
  private wakeSleep: (() => void) | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly stateListeners = new Set<(change: LinkStateChange) => void>();
  private readonly events = new EventRouter();
  private readonly subs = new Set<ResilientSubscription<AgentTopic>>();

  constructor(private readonly options: ResilientAgentOptions) {}

  get state(): LinkState {
    return this.state_;
  }

  /** The live connection, if any (role, capabilities, agent version). */
  get client(): AgentClient | undefined {
    return this.client_;
  }

  get server(): string {
    return this.options.server;
  }

  /** Starts connecting; after the agent gave up (state `disconnected`), starts over. */
  start(): void {
    if (this.running || this.closing) return;
    this.started = true;
    this.running = true;
    void this.run().finally(() => (this.running = false));
  }

  onState(listener: (change: LinkStateChange) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Listens across reconnects. Events are hints: after `reconnected`, re-read the state. */
  on<E extends AgentEventName>(name: E, listener: (data: AgentEventPayload<E>) => void): () => void {
    return this.events.on(name, listener);
  }

  onFault(listener: (fault: ProtocolFault) => void): () => void {
    return this.events.onFault(listener);
  }

  /** Resolves with the live client, waiting for the link (and starting it) if needed. */
  ready(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<AgentClient> {
    if (this.client_ && !this.client_.closed) return Promise.resolve(this.client_);
    if (this.closing || (this.started && !this.running)) {
      const why = this.closing ? 'it was closed' : (this.lastError?.message ?? 'it gave up reconnecting');
      const code = RpcError.is(this.lastError) && !this.closing ? this.lastError.code : 'TIMEOUT';
      return Promise.reject(new RpcError(code, `the agent on ${this.server} is not connected: ${why}`, { server: this.server, sent: false }));
    }
    if (options.signal?.aborted) return Promise.reject(this.cancelledWait());
    this.start();
    const waitMs = Math.min(options.timeoutMs ?? Infinity, this.options.connectWaitMs ?? 30_000);
    return new Promise<AgentClient>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        resolve: (client) => (cleanup(), resolve(client)),
        reject: (error) => (cleanup(), reject(error)),
      };
      const onAbort = () => waiter.reject(this.cancelledWait());
      const timer = setTimeout(() => {
        const last = this.lastError ? ` (last error: ${this.lastError.message})` : '';
        waiter.reject(new RpcError('TIMEOUT', `could not reach the agent on ${this.server} within ${waitMs / 1000} s${last}`, { server: this.server, sent: false }));
      }, waitMs);
      timer.unref?.();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  async call<M extends AgentMethod>(method: M, params: AgentParamsInput<M>, options: ResilientCallOptions = {}): Promise<AgentResult<M>> {
    if (options.retryIfLost && AGENT_METHODS[method]?.mutating) {
      throw new RpcError('INVALID_PARAMS', `retryIfLost is refused for '${method}': it changes state, and repeating it after a lost connection could apply it twice`, {
        method,
        issues: [{ path: 'retryIfLost', message: 'only allowed for methods that do not change state', code: 'custom' }],
      });
    }
    const client = await this.ready(options);
    try {
      return await client.call(method, params, options);
    } catch (e) {
      if (!shouldRetry(e, options)) throw e;
      return (await this.ready(options)).call(method, params, options);
    }
  }

  /** Opens a subscription now (errors go to the caller) and re-opens it after every reconnect. */
  async subscribe<T extends AgentTopic>(
    topic: T,
    params: AgentTopicParamsInput<T>,
    handlers: SubscriptionHandlers<AgentTopicItem<T>>,
    opts: { resumeParams?: () => AgentTopicParamsInput<T> } = {},
  ): Promise<ResilientSubscription<T>> {
    const client = await this.ready();
    const sub = new ResilientSubscription<T>(
      topic,
      params,
      handlers,
      {
        currentClient: () => this.client_,
        isClosing: () => this.closing,
        forget: (s) => this.subs.delete(s),
      },
      opts.resumeParams,
    );
    this.subs.add(sub as unknown as ResilientSubscription<AgentTopic>);
    try {
      await sub.open(client);
    } catch (e) {
      this.subs.delete(sub as unknown as ResilientSubscription<AgentTopic>);
      throw e;
    }
    return sub;
  }

  /** Stops reconnecting and closes the link; subscriptions end with `connectionLost`. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.wakeSleep?.();
    for (const waiter of [...this.waiters]) waiter.reject(new RpcError('CANCELLED', `the link to ${this.server} was closed`, { server: this.server, sent: false }));
    // Not waiting for the connect loop: an attempt may hang in the factory; it sees `closing` later.
    await this.client_?.close();
    this.abandonSubscriptions(new RpcError('CANCELLED', `the link to ${this.server} was closed`, { server: this.server }));
    if (this.state_ !== 'disconnected') this.setState({ state: 'disconnected', attempt: 0 });
  }

  // ---- the connect loop -------------------------------------------------------------------

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.closing) {
      const waiting: LinkState = this.everConnected ? 'reconnecting' : 'connecting';
      this.setState({ state: waiting, attempt, error: this.lastError });
      let client: AgentClient;
      try {
        client = await this.open();
      } catch (e) {
        if (this.closing) break;
        attempt++;
        this.lastError = e instanceof Error ? e : new Error(String(e));
        const permanent = (this.options.isPermanent ?? defaultPermanent)(e);
        if (permanent || attempt >= (this.options.maxAttempts ?? Infinity)) return this.giveUp(attempt);
        const delay = backoffDelay(attempt, this.options.backoff, this.options.random);
        this.setState({ state: waiting, attempt, error: this.lastError, retryInMs: delay });
        await this.sleep(delay);
        continue;
      }
      attempt = 0;
      const reason = await this.serve(client);
      if (this.closing) break;
      this.lastError = new RpcError('TIMEOUT', `connection to ${this.server} lost (${reason})`, { server: this.server, connectionLost: true });
    }
    if (this.state_ !== 'disconnected') this.setState({ state: 'disconnected', attempt: 0 });
  }

  private async open(): Promise<AgentClient> {
    const stream = await this.options.connect();
    if (this.closing) {
      stream.destroy();
      throw new RpcError('CANCELLED', 'closed while connecting');
    }
    const client = await AgentClient.connect(stream, this.options);
    if (this.closing) {
      await client.close();
      throw new RpcError('CANCELLED', 'closed while connecting');
    }
    return client;
  }

  /** Runs one connection until it drops; returns why it dropped. */
  private async serve(client: AgentClient): Promise<string> {
    const lost = new Promise<string>((resolve) => client.onClose(resolve));
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.client_ = client;
    this.lastError = undefined;
    for (const name of AGENT_EVENT_NAMES) client.on(name, (data) => this.events.emit(name, data));
    client.onFault((fault) => this.events.fault(fault));
    this.setState({ state: 'connected', attempt: 0, reconnected });
    for (const waiter of [...this.waiters]) waiter.resolve(client);
    for (const sub of [...this.subs]) sub.linkUp(client);
    const keepalive = setInterval(() => {
      // A failure here shows up as the connection closing; nothing to report twice.
      client.call('agent.info', {}).catch(() => undefined);
    }, this.options.keepaliveMs ?? DEFAULT_KEEPALIVE_MS);
    keepalive.unref?.();
    const reason = await lost;
    clearInterval(keepalive);
    this.client_ = undefined;
    return reason;
  }

  private giveUp(attempt: number): void {
    // Set here, not only when run() settles, so a ready() in between is refused rather than left waiting.
    this.running = false;
    for (const waiter of [...this.waiters]) {
      waiter.reject(new RpcError(RpcError.is(this.lastError) ? this.lastError.code : 'TIMEOUT', `the agent on ${this.server} is not reachable: ${this.lastError?.message ?? 'unknown error'}`, { server: this.server, sent: false }));
    }
    this.setState({ state: 'disconnected', attempt, error: this.lastError });
    this.abandonSubscriptions(
      RpcError.is(this.lastError) ? this.lastError : new RpcError('TIMEOUT', `the agent on ${this.server} is not reachable: ${this.lastError?.message ?? 'unknown error'}`),
    );
  }

  private abandonSubscriptions(error: RpcError): void {
    for (const sub of [...this.subs]) sub.abandon(error);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleep = done;
    });
  }

  private setState(change: LinkStateChange): void {
    this.state_ = change.state;
    for (const listener of [...this.stateListeners]) {
      try {
        listener(change);
      } catch {
        // A failing observer must not stop the connect loop.
      }
    }
  }

  private cancelledWait(): RpcError {
    return new RpcError('CANCELLED', `stopped waiting for the link to ${this.server}`, { server: this.server, sent: false });
  }
}

/** Only a request that provably was not sent, or a read-only one the caller opted in for. */
function shouldRetry(error: unknown, options: ResilientCallOptions): boolean {
  if (options.signal?.aborted) return false;
  if (RpcError.is(error) && (error.data as { sent?: unknown } | undefined)?.sent === false && error.code !== 'CANCELLED') return true;
  return options.retryIfLost === true && isConnectionLost(error);
}
