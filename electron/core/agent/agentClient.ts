/**
 * AgentClient: the desktop's end of the switch-agent protocol (PROTOCOL.md) over any Duplex.
 * Every request is checked against the shared method table before it is sent and every
 * result after it arrives, so neither side ever acts on malformed data. When the link drops,
 * each unanswered request fails with a connection-lost error (see clientErrors.ts) and is never
 * re-sent by this class.
 */
import type { Duplex } from 'node:stream';
import type { z } from 'zod';
import { AGENT_METHODS, isAgentMethod, type AgentMethod, type AgentMethodSpec, type AgentParamsInput, type AgentResult } from '@shared/rpc/agentApi';
import { ChunkAssembler, parseChunkedBody, splitChunks } from '@shared/rpc/chunking';
import { RpcError, omittedAsEmpty } from '@shared/rpc/errors';
import { AGENT_TOPICS, type AgentEventName, type AgentEventPayload, type AgentTopic, type AgentTopicItem, type AgentTopicParamsInput } from '@shared/rpc/events';
import { RequestIdSchema, SubscribeResultSchema, UnsubscribeResultSchema, type AgentFrame, type AgentHelloFrame, type ChunkFrame, type RequestId, type ResponseFrame } from '@shared/rpc/frames';
import { CHUNKED_FEATURE, DEFAULT_MAX_FRAME_BYTES, LIMITS, methodCapability, topicCapability, type Role } from '@shared/rpc/protocol';
import {
  callTimeoutError,
  cancelledError,
  connectionLostError,
  frameTooLargeError,
  invalidParamsError,
  invalidResultError,
  notConnectedError,
  notOfferedError,
  subscriptionLostError,
} from './clientErrors';
import { ClientSubscription, DEFAULT_WINDOW, type SubscriptionHandlers } from './clientSubscription';
import { clientHelloFrame, readHelloReply, type ClientIdentity } from './hello';
import { EventRouter, type ProtocolFault } from './eventRouter';
import { NdjsonLink } from './ndjsonLink';
import { PendingCalls, type Outcome } from './pendingCalls';

export interface AgentClientOptions {
  /** How messages name the server, e.g. "sw1" or "alice@10.0.0.5". */
  server: string;
  client: ClientIdentity;
  /** Default LIMITS.helloTimeoutMs. */
  helloTimeoutMs?: number;
  /** Per-call default; longer than the agent's own 120 s so its TIMEOUT normally arrives first. */
  callTimeoutMs?: number;
  /** After sending `cancel`, how long to wait for the agent's answer before failing locally. Default 5 s. */
  cancelGraceMs?: number;
}

export type { ProtocolFault };

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

const DEFAULT_CALL_TIMEOUT_MS = LIMITS.requestTimeoutMs + 10_000;

export class AgentClient {
  readonly role: Role;
  readonly agent: AgentHelloFrame['agent'];
  readonly capabilities: ReadonlySet<string>;
  readonly maxFrameBytes: number;
  private readonly pending: PendingCalls;
  private readonly subs = new Map<string, ClientSubscription<unknown>>();
  private readonly events = new EventRouter();
  private readonly closeListeners = new Set<(reason: string) => void>();
  /** Chunked responses being received; at most LIMITS.maxChunkedBytes held. */
  private readonly inbound = new ChunkAssembler();
  private closeReason: string | undefined;
  private fatalReason: string | undefined;
  private nextId = 1;

  /** Sends the hello and resolves once the agent has answered it. */
  static connect(stream: Duplex, options: AgentClientOptions): Promise<AgentClient> {
    return new Promise<AgentClient>((resolve, reject) => {
      let done = false;
      const fail = (error: RpcError) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        link.destroy(error.message);
        reject(error);
      };
      const helloMs = options.helloTimeoutMs ?? LIMITS.helloTimeoutMs;
      const timer = setTimeout(
        () => fail(new RpcError('TIMEOUT', `the agent on ${options.server} did not answer the hello within ${helloMs / 1000} s`, { server: options.server })),
        helloMs,
      );
      // Until the hello is answered the link feeds this closure; then the client takes it over.
      let client: AgentClient | undefined;
      const link: NdjsonLink = new NdjsonLink(stream, {
        onFrame: (frame) => {
          if (client) return client.onFrame(frame);
          const reply = readHelloReply(frame, options.server);
          if (!reply.ok) return fail(reply.error);
          done = true;
          clearTimeout(timer);
          client = new AgentClient(link, reply.hello, options);
          resolve(client);
        },
        onBadFrame: (error, raw) => {
          if (client) return client.onBadFrame(error, raw);
          fail(new RpcError(error.code, `the agent on ${options.server} answered the hello with a bad frame: ${error.message}`, error.data));
        },
        onClosed: (reason) => {
          if (client) return client.onClosed(reason);
          fail(new RpcError('TIMEOUT', `connection to ${options.server} closed before the agent's hello (${reason})`, {
            server: options.server,
            reason,
          }));
        },
      }, DEFAULT_MAX_FRAME_BYTES);
      link.send(clientHelloFrame(options.client));
    });
  }

  private constructor(
    private readonly link: NdjsonLink,
    hello: AgentHelloFrame,
    private readonly options: AgentClientOptions,
  ) {
    this.role = hello.role;
    this.agent = hello.agent;
    this.capabilities = new Set(hello.capabilities);
    this.maxFrameBytes = hello.maxFrameBytes;
    link.maxFrameBytes = hello.maxFrameBytes;
    this.pending = new PendingCalls((id) => link.send({ type: 'cancel', id }));
  }

  get server(): string {
    return this.options.server;
  }

  get closed(): boolean {
    return this.closeReason !== undefined;
  }

  offersMethod(method: AgentMethod): boolean {
    return this.capabilities.has(methodCapability(method));
  }

  offersTopic(topic: AgentTopic): boolean {
    return this.capabilities.has(topicCapability(topic));
  }

  /** Whether this connection's role may call the method (the agent decides; this is for the UI). */
  mayCall(method: AgentMethod): boolean {
    return this.role === 'admin' || !AGENT_METHODS[method].mutating;
  }

  call<M extends AgentMethod>(method: M, params: AgentParamsInput<M>, options: CallOptions = {}): Promise<AgentResult<M>> {
    if (!isAgentMethod(method)) return Promise.reject(new RpcError('METHOD_NOT_FOUND', `unknown method '${String(method)}'`, { method }));
    const spec: AgentMethodSpec = AGENT_METHODS[method];
    if (!this.offersMethod(method)) return Promise.reject(notOfferedError(this.server, this.agent.version, 'method', method));
    const checked = spec.params.safeParse(omittedAsEmpty(params));
    if (!checked.success) return Promise.reject(invalidParamsError(`params for '${method}'`, method, checked.error.issues));
    return this.request(method, spec.mutating, omittedAsEmpty(params), options, (result) => {
      const parsed = spec.result.safeParse(result);
      if (!parsed.success) throw invalidResultError(this.server, method, spec.mutating, parsed.error.issues);
      return parsed.data as AgentResult<M>;
    });
  }

  /** Listens to one event; payloads failing the event schema are reported as faults, not passed on. */
  on<E extends AgentEventName>(name: E, listener: (data: AgentEventPayload<E>) => void): () => void {
    return this.events.on(name, listener);
  }

  /** Frames the agent could not have meant, events that failed validation, error frames. */
  onFault(listener: (fault: ProtocolFault) => void): () => void {
    return this.events.onFault(listener);
  }

  /** Called once when the link ends (at once if it already has). */
  onClose(listener: (reason: string) => void): () => void {
    if (this.closeReason !== undefined) {
      listener(this.closeReason);
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async subscribe<T extends AgentTopic>(
    topic: T,
    params: AgentTopicParamsInput<T>,
    handlers: SubscriptionHandlers<AgentTopicItem<T>>,
    options: Pick<CallOptions, 'timeoutMs'> = {},
  ): Promise<ClientSubscription<AgentTopicItem<T>>> {
    const spec = (AGENT_TOPICS as Record<string, { params: z.ZodType; item: z.ZodType } | undefined>)[topic];
    if (!spec) throw new RpcError('NOT_FOUND', `unknown topic '${String(topic)}'`, { topic });
    if (!this.offersTopic(topic)) throw notOfferedError(this.server, this.agent.version, 'topic', topic);
    const checked = spec.params.safeParse(omittedAsEmpty(params));
    if (!checked.success) throw invalidParamsError(`filter for topic '${topic}'`, 'subscribe', checked.error.issues, 'filter');
    const window = handlers.window ?? DEFAULT_WINDOW;
    const credit = handlers.initialCredit ?? window;
    checkCount('window', window, 1);
    checkCount('initialCredit', credit, 0);
    return this.request('subscribe', false, { topic, filter: omittedAsEmpty(params), credit }, options, (result) => {
      const parsed = SubscribeResultSchema.safeParse(result);
      if (!parsed.success) throw invalidResultError(this.server, 'subscribe', false, parsed.error.issues);
      // Registered before the promise settles: data and even `end` may follow in the same chunk.
      const sub = new ClientSubscription(parsed.data.subId, topic, spec.item as z.ZodType<AgentTopicItem<T>>, handlers, this.subscriptionHost, credit);
      this.subs.set(sub.subId, sub as ClientSubscription<unknown>);
      return sub;
    }, (late) => {
      // A subscribe answered after we gave up on it: stop the orphan.
      const parsed = SubscribeResultSchema.safeParse(late);
      if (parsed.success) void this.request('unsubscribe', false, { subId: parsed.data.subId }, {}, () => null).catch(() => undefined);
    });
  }

  /** Half-closes the link; in-flight calls fail with the connection-lost error. */
  async close(): Promise<void> {
    await this.link.end('closed by Switchdeck');
  }

  // ---- internals --------------------------------------------------------------------------

  private readonly subscriptionHost = {
    sendCredit: (subId: string, credit: number) => {
      if (!this.closed && this.subs.has(subId)) this.link.send({ type: 'credit', subId, credit });
    },
    requestUnsubscribe: (subId: string) =>
      this.request('unsubscribe', false, { subId }, {}, (result) => {
        const parsed = UnsubscribeResultSchema.safeParse(result);
        if (!parsed.success) throw invalidResultError(this.server, 'unsubscribe', false, parsed.error.issues);
        return parsed.data;
      }),
    forget: (subId: string) => {
      this.subs.delete(subId);
    },
  };

  private request<R>(
    method: string,
    mutating: boolean,
    params: unknown,
    options: CallOptions,
    accept: (result: unknown) => R,
    onLate?: (result: unknown) => void,
  ): Promise<R> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(cancelledError(this.server, method, mutating, false));
    if (this.closeReason !== undefined) return Promise.reject(notConnectedError(this.server, method, this.closeReason));
    const id = this.nextId++;
    const frame = { type: 'req', id, method, params };
    return new Promise<R>((resolve, reject) => {
      const settle = (outcome: Outcome) => {
        if ('error' in outcome) return reject(outcome.error);
        try {
          resolve(accept(outcome.result));
        } catch (e) {
          reject(e);
        }
      };
      const sent = this.link.send(frame);
      if (!sent.ok && !this.sendChunked(id, method, params)) return reject(frameTooLargeError(method, sent.bytes, this.maxFrameBytes));
      this.pending.add(id, {
        method,
        settle,
        onLate,
        signal,
        timeoutMs: options.timeoutMs ?? this.options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
        cancelGraceMs: this.options.cancelGraceMs ?? 5000,
        timeoutError: (ms) => callTimeoutError(this.server, method, mutating, ms),
        cancelError: () => cancelledError(this.server, method, mutating, true),
        lostError: (reason) => connectionLostError(this.server, method, mutating, reason),
      });
    });
  }

  /** Params too large for one frame go as chunk frames, then the request (PROTOCOL.md §5.2). */
  private sendChunked(id: RequestId, method: string, params: unknown): boolean {
    if (!this.capabilities.has(CHUNKED_FEATURE)) return false;
    const body = JSON.stringify(params);
    const bytes = Buffer.byteLength(body);
    if (bytes > LIMITS.maxChunkedBytes) return false;
    const parts = splitChunks(body, this.maxFrameBytes);
    parts.forEach((data, seq) => this.link.send({ type: 'chunk', id, seq, data }));
    this.link.send({ type: 'req', id, method, chunked: { chunks: parts.length, bytes } });
    return true;
  }

  private onChunk(frame: ChunkFrame): void {
    // Chunks of a request nobody waits for any more are not kept.
    if (!this.pending.has(frame.id)) return this.inbound.drop(frame.id);
    const error = this.inbound.add(frame.id, frame.seq, frame.data);
    if (!error) return;
    this.inbound.drop(frame.id);
    this.link.send({ type: 'cancel', id: frame.id });
    this.pending.answer(frame.id, { error: new RpcError(error.code, `the agent on ${this.server} sent an unusable answer: ${error.message}`, error.data) });
  }

  private onResponse(frame: ResponseFrame): void {
    if (frame.chunked === undefined) {
      this.inbound.drop(frame.id);
      this.pending.answer(frame.id, frame.error !== undefined ? { error: RpcError.fromPayload(frame.error) } : { result: frame.result });
      return;
    }
    const joined = this.inbound.take(frame.id, frame.chunked);
    const body = joined.ok ? parseChunkedBody(frame.id, joined.text) : joined;
    this.pending.answer(frame.id, body.ok ? { result: body.value } : { error: body.error });
  }

  private onFrame(frame: AgentFrame): void {
    switch (frame.type) {
      case 'res':
        return this.onResponse(frame);
      case 'chunk':
        return this.onChunk(frame);
      case 'event':
        return this.events.receive(this.server, frame.name, frame.data);
      case 'data':
        this.subs.get(frame.subId)?.onData(frame);
        return;
      case 'end':
        this.subs.get(frame.subId)?.onEndFrame(frame);
        return;
      case 'error': {
        const error = RpcError.fromPayload(frame.error);
        if (frame.fatal) this.fatalReason = `the agent closed it: ${error.message}`;
        return this.events.fault({ error, fatal: frame.fatal });
      }
      case 'hello':
        return this.events.fault({ error: new RpcError('INVALID_FRAME', `the agent on ${this.server} sent a second hello`), fatal: false });
    }
  }

  /** A malformed response still names its request when the id is readable: fail that call now. */
  private onBadFrame(error: RpcError, raw: unknown): void {
    const fault = new RpcError(error.code, `the agent on ${this.server} sent a bad frame: ${error.message}`, error.data);
    const obj = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown; id?: unknown }) : undefined;
    const id = obj?.type === 'res' ? RequestIdSchema.safeParse(obj.id) : undefined;
    if (id?.success && this.pending.has(id.data)) {
      this.pending.answer(id.data, { error: new RpcError('INTERNAL', `${fault.message}; the answer was not used`, error.data) });
    }
    this.events.fault({ error: fault, fatal: false });
  }

  private onClosed(linkReason: string): void {
    const reason = this.fatalReason ?? linkReason;
    this.closeReason = reason;
    this.pending.failAll(reason);
    this.inbound.clear();
    for (const sub of [...this.subs.values()]) sub.onConnectionLost(subscriptionLostError(this.server, sub.topic, reason));
    this.subs.clear();
    for (const listener of [...this.closeListeners]) listener(reason);
    this.closeListeners.clear();
  }
}

function checkCount(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > LIMITS.maxCredit) {
    throw new RpcError('INVALID_PARAMS', `invalid ${field}: must be a whole number from ${min} to ${LIMITS.maxCredit}, got ${value}`, {
      method: 'subscribe',
      issues: [{ path: field, message: `must be a whole number from ${min} to ${LIMITS.maxCredit}`, code: 'too_small' }],
    });
  }
}
