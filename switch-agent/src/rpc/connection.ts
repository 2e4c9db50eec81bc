/**
 * One client connection's state machine (PROTOCOL.md §4–§9): hello, then requests,
 * cancellation and subscriptions, over any RpcTransport. Nothing a client sends and
 * nothing a handler or producer does can throw out of this class: bad input becomes an
 * error frame, handler failures become error responses, and a bug in this file closes
 * only this connection.
 */
import { ChunkAssembler, parseChunkedBody } from '@shared/rpc/chunking';
import { RpcError } from '@shared/rpc/errors';
import { RpcBudget, pickBudgetLimits } from './budget';
import { parseFrame, type ChunkFrame, type ClientHelloFrame, type RequestFrame, type RequestId } from '@shared/rpc/frames';
import { CHUNKED_FEATURE, DEFAULT_MAX_FRAME_BYTES, LIMITS, MIN_MAX_FRAME_BYTES, PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS, type Role } from '@shared/rpc/protocol';
import { writeChunks, type ChunkSink } from './chunkedWriter';
import { chunkData, resultText } from './resultText';
import type { CallContext, Dispatcher } from './dispatcher';
import { LineFramer, type FramedLine } from '@shared/rpc/lineFramer';
import { silentLogger, type RpcLogger } from './log';
import { SubscriptionTable } from './subscriptionTable';
import type { RpcTransport } from './transport';

export type ConnectionLimits = {
  -readonly [K in keyof typeof LIMITS]: number;
};

export interface ConnectionOptions {
  id: string;
  role: Role;
  /** File name of the socket, quoted in PERMISSION_DENIED messages. */
  socket: string;
  dispatcher: Dispatcher;
  agent: { version: string; hostname: string };
  maxFrameBytes?: number;
  limits?: Partial<ConnectionLimits>;
  /** Pools shared with the other connections; without one, this connection gets its own. */
  budget?: RpcBudget;
  logger?: RpcLogger;
}

export type ConnectionState = 'hello' | 'open' | 'closed';

interface Pending {
  method: string;
  controller: AbortController;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Runs right after the response is written (a subscription starts delivering). */
  afterResponse?: () => void;
}

type Outcome = { result: unknown } | { error: RpcError };

export class RpcConnection {
  readonly id: string;
  readonly role: Role;
  private state_: ConnectionState = 'hello';
  private client_: ClientHelloFrame['client'] | undefined;
  private readonly pending = new Map<RequestId, Pending>();
  private readonly subs: SubscriptionTable;
  private readonly decoder: LineFramer;
  private readonly maxFrameBytes: number;
  private readonly limits: ConnectionLimits;
  private readonly log: RpcLogger;
  private readonly helloTimer: ReturnType<typeof setTimeout>;
  private readonly budget: RpcBudget;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private lastInputAt = Date.now();
  private readonly closeListeners: Array<(reason: string) => void> = [];
  /** Chunked requests being received (PROTOCOL.md §5.2); bounded by maxChunkedBytes. */
  private readonly assembler: ChunkAssembler;
  /** The client's hello accepts chunked responses. */
  private acceptsChunked = false;

  constructor(
    private readonly transport: RpcTransport,
    private readonly opts: ConnectionOptions,
  ) {
    this.id = opts.id;
    this.role = opts.role;
    this.maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (this.maxFrameBytes < MIN_MAX_FRAME_BYTES) {
      throw new RangeError(`maxFrameBytes must be at least ${MIN_MAX_FRAME_BYTES}, got ${this.maxFrameBytes}`);
    }
    this.limits = { ...LIMITS, ...opts.limits };
    this.log = opts.logger ?? silentLogger;
    this.budget = opts.budget ?? new RpcBudget(pickBudgetLimits(this.limits));
    this.decoder = new LineFramer(this.maxFrameBytes, { pool: this.budget.heldFrames, freeBytes: MIN_MAX_FRAME_BYTES });
    this.assembler = new ChunkAssembler(this.limits.maxChunkedBytes, this.limits.maxPendingRequests);
    this.subs = new SubscriptionTable({
      dispatcher: opts.dispatcher,
      role: opts.role,
      limits: this.limits,
      maxFrameBytes: this.maxFrameBytes,
      logger: this.log,
      sharedBuffer: this.budget.subscriptionBuffers,
      write: (line) => this.writeLine(line),
      isClosed: () => this.state_ === 'closed',
    });
    transport.onData((chunk) => this.guard(() => this.onChunk(chunk)));
    transport.onClose(() => this.teardown('peer closed the connection'));
    this.helloTimer = setTimeout(() => {
      this.guard(() =>
        this.fatal(new RpcError('HELLO_REQUIRED', `no hello received within ${this.limits.helloTimeoutMs / 1000} s`)),
      );
    }, this.limits.helloTimeoutMs);
    this.helloTimer.unref?.();
  }

  get state(): ConnectionState {
    return this.state_;
  }

  /** What the client said about itself in its hello. */
  get client(): ClientHelloFrame['client'] | undefined {
    return this.client_;
  }

  get stats(): { pending: number; subscriptions: number } {
    return { pending: this.pending.size, subscriptions: this.subs.size };
  }

  onClose(listener: (reason: string) => void): void {
    this.closeListeners.push(listener);
  }

  sendEvent(name: string, data: unknown): boolean {
    return this.sendEventLine(JSON.stringify({ type: 'event', name, data }));
  }

  /** For broadcasts: the hub serializes an event once and hands every connection the line. */
  sendEventLine(line: string): boolean {
    if (this.state_ !== 'open') return false;
    this.writeLine(line);
    return true;
  }

  close(reason = 'closed by the agent'): void {
    if (this.state_ === 'closed') return;
    this.teardown(reason);
    this.transport.close();
  }

  // ---- input ----------------------------------------------------------------------------

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log.error('rpc connection failed internally; closing it', {
        connection: this.id,
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
      });
      this.fatal(new RpcError('INTERNAL', 'the agent hit an internal error on this connection and closes it'));
    }
  }

  private onChunk(chunk: Uint8Array): void {
    this.lastInputAt = Date.now();
    for (const item of this.decoder.push(chunk)) {
      if (this.state_ === 'closed') return;
      this.onDecoded(item);
    }
  }

  private onDecoded(item: FramedLine): void {
    if (item.kind === 'line') {
      if (this.state_ === 'hello') this.onHelloLine(item.text);
      else this.onLine(item.text);
      return;
    }
    const error = decodeError(item, this.maxFrameBytes);
    if (this.state_ === 'hello') this.fatal(error);
    else this.sendError(error, false);
  }

  private onHelloLine(text: string): void {
    const offered = peekHelloProtocol(text);
    if (offered !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(offered)) {
      this.fatal(
        new RpcError(
          'UNSUPPORTED_PROTOCOL',
          `client speaks protocol ${offered}, this agent speaks protocol ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}`,
          { clientProtocol: offered, agentProtocols: SUPPORTED_PROTOCOL_VERSIONS },
        ),
      );
      return;
    }
    const parsed = parseFrame(text, this.maxFrameBytes, 'client');
    if (!parsed.ok) return this.fatal(parsed.error);
    const frame = parsed.frame;
    if (frame.type !== 'hello') {
      return this.fatal(new RpcError('HELLO_REQUIRED', `the first frame must be 'hello', got '${frame.type}'`));
    }
    clearTimeout(this.helloTimer);
    this.state_ = 'open';
    this.client_ = frame.client;
    this.acceptsChunked = frame.accepts?.includes(CHUNKED_FEATURE) ?? false;
    this.armIdleTimer(this.limits.idleTimeoutMs);
    this.writeLine(
      JSON.stringify({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        agent: this.opts.agent,
        role: this.role,
        capabilities: this.opts.dispatcher.capabilities(),
        maxFrameBytes: this.maxFrameBytes,
      }),
    );
    this.log.info('rpc client connected', { connection: this.id, role: this.role, client: frame.client });
  }

  private onLine(text: string): void {
    const parsed = parseFrame(text, this.maxFrameBytes, 'client');
    if (!parsed.ok) {
      // Answer the request itself when we can tell which one it was, so it does not hang.
      if (parsed.id !== undefined && !this.pending.has(parsed.id)) this.sendResponse(parsed.id, { error: parsed.error });
      else this.sendError(parsed.error, false);
      return;
    }
    const frame = parsed.frame;
    switch (frame.type) {
      case 'hello':
        this.sendError(new RpcError('INVALID_FRAME', 'hello was already exchanged on this connection'), false);
        return;
      case 'req':
        this.onRequestFrame(frame);
        return;
      case 'chunk':
        this.onChunkFrame(frame);
        return;
      case 'cancel':
        this.cancel(frame.id);
        return;
      case 'credit':
        // An unknown subId is ignored: the subscription may have ended while credit was in flight.
        this.subs.grant(frame.subId, frame.credit);
        return;
    }
  }

  // ---- requests -------------------------------------------------------------------------

  private startRequest(frame: RequestFrame): void {
    const { id, method } = frame;
    if (this.pending.has(id)) {
      this.sendError(
        new RpcError('INVALID_FRAME', `request id ${JSON.stringify(id)} is already used by a pending request`, { id }),
        false,
      );
      return;
    }
    if (this.pending.size >= this.limits.maxPendingRequests) {
      const max = this.limits.maxPendingRequests;
      this.sendResponse(id, {
        error: new RpcError('TOO_MANY_REQUESTS', `${max} requests are already pending on this connection (the limit); wait for responses`, {
          limit: max,
        }),
      });
      return;
    }
    const entry: Pending = { method, controller: new AbortController(), timer: undefined };
    const timeoutMs = this.limits.requestTimeoutMs;
    entry.timer = setTimeout(() => {
      const error = new RpcError('TIMEOUT', `method '${method}' did not finish within ${timeoutMs / 1000} s`, { method });
      this.guard(() => this.settle(id, entry, { error }));
    }, timeoutMs);
    entry.timer.unref?.();
    this.pending.set(id, entry);
    const ctx: CallContext = {
      role: this.role,
      user: this.client_?.user ?? '',
      signal: entry.controller.signal,
      connectionId: this.id,
      socket: this.opts.socket,
    };
    this.execute(method, frame.params, ctx, entry).then(
      (result) => this.guard(() => this.respond(id, entry, result)),
      (e: unknown) => this.guard(() => this.settle(id, entry, { error: this.toRpcError(e, method) })),
    );
  }

  private async execute(method: string, params: unknown, ctx: CallContext, entry: Pending): Promise<unknown> {
    if (method === 'subscribe') {
      const { result, activate } = await this.subs.subscribe(params, ctx);
      entry.afterResponse = activate;
      return result;
    }
    if (method === 'unsubscribe') return this.subs.unsubscribe(params);
    return this.opts.dispatcher.call(method, params, ctx);
  }

  private cancel(id: RequestId): void {
    const entry = this.pending.get(id);
    // Unknown ids are ignored: the response may already be on its way.
    if (!entry) return;
    this.settle(id, entry, {
      error: new RpcError('CANCELLED', `request ${JSON.stringify(id)} ('${entry.method}') was cancelled by the client`, {
        method: entry.method,
      }),
    });
  }

  /** First outcome wins; a handler finishing after cancel or timeout is ignored. */
  private settle(id: RequestId, entry: Pending, outcome: Outcome): void {
    if (this.pending.get(id) !== entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    if ('error' in outcome && !entry.controller.signal.aborted) entry.controller.abort(outcome.error);
    this.sendResponse(id, outcome);
    if ('result' in outcome) entry.afterResponse?.();
  }

  private toRpcError(e: unknown, method: string): RpcError {
    if (e instanceof RpcError) return e;
    return this.opts.dispatcher.internal(`request '${method}' failed inside the agent`, { connectionId: this.id }, {
      method,
      error: e instanceof Error ? (e.stack ?? e.message) : String(e),
    });
  }

  // ---- chunked messages (PROTOCOL.md §5.2) ---------------------------------------------------

  /** A `req` whose params came as chunk frames is started with the joined params. */
  private onRequestFrame(frame: RequestFrame): void {
    if (frame.chunked === undefined) return this.startRequest(frame);
    const joined = this.assembler.take(frame.id, frame.chunked);
    const body = joined.ok ? parseChunkedBody(frame.id, joined.text) : joined;
    if (body.ok) return this.startRequest({ type: 'req', id: frame.id, method: frame.method, params: body.value });
    if (this.pending.has(frame.id)) this.sendError(body.error, false);
    else this.sendResponse(frame.id, { error: body.error });
  }

  private onChunkFrame(frame: ChunkFrame): void {
    if (this.pending.has(frame.id)) {
      const error = new RpcError('INVALID_FRAME', `request id ${JSON.stringify(frame.id)} is already used by a pending request`, { id: frame.id });
      return this.sendError(error, false);
    }
    const error = this.assembler.add(frame.id, frame.seq, frame.data);
    if (error) this.sendError(error, false);
  }

  /** A result too large for one frame goes out in chunks when the client accepts them. */
  private respond(id: RequestId, entry: Pending, result: unknown): void {
    if (this.pending.get(id) !== entry) return;
    if (!this.acceptsChunked) return this.settle(id, entry, { result });
    let text: ReturnType<typeof resultText>;
    try {
      text = resultText(result);
    } catch (e) {
      return this.settle(id, entry, { error: this.toRpcError(e, 'serializing a result') });
    }
    const bytes = text.bytes;
    // Frames that fit, and bodies over the chunked limit (FRAME_TOO_LARGE), take the usual path.
    if (bytes + 200 <= this.maxFrameBytes || bytes > this.limits.maxChunkedBytes) return this.settle(id, entry, { result });
    const stopped = () => this.pending.get(id) !== entry || this.state_ === 'closed';
    writeChunks(id, chunkData(text, this.maxFrameBytes), bytes, this.limits.chunkedWriteHighWaterBytes, this.chunkSink, stopped).then(
      (trailer) => this.guard(() => {
        if (trailer === undefined || stopped()) return;
        this.pending.delete(id);
        clearTimeout(entry.timer);
        this.writeLine(JSON.stringify({ type: 'res', id, chunked: trailer }));
      }),
      (e: unknown) => this.guard(() => this.settle(id, entry, { error: this.toRpcError(e, entry.method) })),
    );
  }

  private readonly chunkSink: ChunkSink = {
    write: (line) => this.writeLine(line),
    bufferedBytes: () => this.transport.bufferedBytes(),
    drained: () => this.transport.drained?.() ?? new Promise<void>((resolve) => setTimeout(resolve, 5)),
  };

  // ---- output ---------------------------------------------------------------------------

  private sendResponse(id: RequestId, outcome: Outcome): void {
    let line: string | undefined;
    if ('result' in outcome) {
      try {
        // Same text as JSON.stringify({ type, id, result }), with the result's text remembered.
        line = `{"type":"res","id":${JSON.stringify(id)},"result":${resultText(outcome.result).body}}`;
      } catch (e) {
        outcome = { error: this.toRpcError(e, 'serializing a result') };
      }
      if (line !== undefined && Buffer.byteLength(line) > this.maxFrameBytes) {
        const bytes = Buffer.byteLength(line);
        this.log.warn('response too large for a frame', { connection: this.id, id, bytes });
        line = undefined;
        outcome = {
          error: new RpcError('FRAME_TOO_LARGE', `the response of ${bytes} bytes exceeds the frame limit of ${this.maxFrameBytes} bytes`, {
            bytes,
            maxFrameBytes: this.maxFrameBytes,
          }),
        };
      }
    }
    if (line === undefined && 'error' in outcome) line = JSON.stringify({ type: 'res', id, error: outcome.error.toPayload() });
    if (line !== undefined) this.writeLine(line);
  }

  private sendError(error: RpcError, fatal: boolean): void {
    this.writeLine(JSON.stringify({ type: 'error', error: error.toPayload(), fatal }));
  }

  private fatal(error: RpcError): void {
    if (this.state_ === 'closed') return;
    this.sendError(error, true);
    this.log.warn('rpc connection closed on a fatal error', { connection: this.id, code: error.code, message: error.message });
    this.close(error.message);
  }

  private writeLine(line: string): void {
    if (this.state_ === 'closed') return;
    this.transport.write(`${line}\n`);
    const buffered = this.transport.bufferedBytes();
    if (buffered > this.limits.maxOutboundBufferBytes) {
      this.log.warn('client is not reading; disconnecting it', { connection: this.id, buffered });
      this.close('client stopped reading');
      return;
    }
    // The total is summed only for a connection that has a frame's worth it has not read, so a
    // reading client is never cut off because others filled the pool, and sums stay rare.
    if (buffered >= this.maxFrameBytes) {
      const total = this.budget.outboundBytes();
      if (total > this.budget.limits.maxOutboundBytesTotal) {
        this.log.warn('client is not reading and the outbound total is used up; disconnecting it', {
          connection: this.id,
          buffered,
          total,
        });
        this.close('client stopped reading');
      }
    }
  }

  /**
   * Idle means: nothing received, no open subscription and no pending request. A client that
   * waits on a subscription or a request is never idle, whatever the time between its frames.
   */
  private armIdleTimer(delayMs: number): void {
    this.idleTimer = setTimeout(() => this.guard(() => this.checkIdle()), delayMs);
    this.idleTimer.unref?.();
  }

  private checkIdle(): void {
    if (this.state_ !== 'open') return;
    const limit = this.limits.idleTimeoutMs;
    const quietFor = Date.now() - this.lastInputAt;
    const busy = this.pending.size > 0 || this.subs.size > 0;
    if (busy || quietFor < limit) {
      this.armIdleTimer(busy ? limit : limit - quietFor);
      return;
    }
    const minutes = Math.round(limit / 60_000);
    this.fatal(
      new RpcError(
        'TIMEOUT',
        `no frame received for ${minutes >= 1 ? `${minutes} min` : `${limit / 1000} s`} and nothing open on this connection; the agent closes idle connections`,
        { idleTimeoutMs: limit },
      ),
    );
  }

  private teardown(reason: string): void {
    if (this.state_ === 'closed') return;
    this.state_ = 'closed';
    clearTimeout(this.helloTimer);
    clearTimeout(this.idleTimer);
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.controller.abort(new RpcError('CANCELLED', 'the connection closed'));
    }
    this.pending.clear();
    this.assembler.clear();
    this.subs.closeAll();
    this.decoder.end();
    for (const listener of this.closeListeners) {
      try {
        listener(reason);
      } catch (e) {
        this.log.error('connection close listener threw', { connection: this.id, error: String(e) });
      }
    }
  }
}

function decodeError(item: Exclude<FramedLine, { kind: 'line' }>, maxFrameBytes: number): RpcError {
  switch (item.kind) {
    case 'oversized':
      return new RpcError(
        'FRAME_TOO_LARGE',
        `frame exceeds the limit of ${item.maxBytes} bytes (${item.receivedBytes} bytes seen); it is discarded up to the next newline`,
        { receivedBytes: item.receivedBytes, maxFrameBytes: item.maxBytes },
      );
    case 'overBudget':
      return new RpcError(
        'FRAME_TOO_LARGE',
        `the agent already holds ${item.limit} bytes of unfinished frames from all clients (the limit); this frame of ${item.receivedBytes} bytes so far is discarded up to the next newline, send it again later`,
        { receivedBytes: item.receivedBytes, maxFrameBytes, heldTotalLimit: item.limit },
      );
    case 'invalidUtf8':
      return new RpcError('PARSE_ERROR', `frame of ${item.bytes} bytes is not valid UTF-8`);
  }
}

/** The protocol number of a hello, read before full validation so a v2 hello gets the right error. */
function peekHelloProtocol(text: string): number | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { type, protocol } = value as { type?: unknown; protocol?: unknown };
    return type === 'hello' && typeof protocol === 'number' ? protocol : undefined;
  } catch {
    return undefined;
  }
}
