/**
 * Generic method dispatch: any table `{ [method]: { params, result, mutating, description } }`
 * plus handlers, and subscription topics with their producers. The call pipeline is the
 * order PROTOCOL.md §5 specifies: METHOD_NOT_FOUND → PERMISSION_DENIED → INVALID_PARAMS →
 * handler → result validation. Everything that leaves `call` is an RpcError.
 */
import type { z } from 'zod';
import { RpcError, omittedAsEmpty, summarizeIssues, toFieldIssues } from '@shared/rpc/errors';
import {
  BASE_CAPABILITIES,
  RESERVED_METHODS,
  SOCKETS,
  methodCapability,
  topicCapability,
  type Role,
} from '@shared/rpc/protocol';
import { silentLogger, type RpcLogger } from './log';

export interface MethodSpec {
  params: z.ZodType;
  result: z.ZodType;
  /** Mutating methods are refused on the read-only (view) socket. */
  mutating: boolean;
  description: string;
}

export type MethodTable = Readonly<Record<string, MethodSpec>>;

export interface CallContext {
  role: Role;
  /** The user the client named in its hello (informational: the socket decides the role). */
  user: string;
  /** Aborted when the client cancels, the request times out or the connection closes. */
  signal: AbortSignal;
  connectionId: string;
  /** File name of the socket the client came through, e.g. `view.sock`. */
  socket: string;
}

export type MethodHandler<S extends MethodSpec> = (
  params: z.output<S['params']>,
  ctx: CallContext,
) => Promise<z.input<S['result']>> | z.input<S['result']>;

/** Methods without a handler are answered METHOD_NOT_FOUND and not announced in capabilities. */
export type HandlerMap<T extends MethodTable> = { [K in keyof T]?: MethodHandler<T[K]> };

/** What a topic's producer writes into; flow control is the connection's business. */
export interface SubscriptionSink<I> {
  /** Queues items for the client; never blocks, never grows memory beyond the buffer bound. */
  push(items: readonly I[]): void;
  /** No more items; the client gets an `end` frame after what is buffered. */
  end(error?: RpcError): void;
  /** Aborted on unsubscribe or disconnect; producers stop their work when it fires. */
  readonly signal: AbortSignal;
  /** Items the client would accept right now without buffering (lets producers skip work). */
  readonly demand: number;
  /**
   * Pull producers (which push at most `demand`): `count` items the producer lost before the client
   * could take them, numbered and reported as a drop marker.
   */
  skip(count: number): void;
  /** Pull producers: `listener` runs whenever `demand` may have grown (activation, credit). */
  onDemand(listener: () => void): void;
}

export interface TopicSpec<F, I> {
  description: string;
  filter: z.ZodType<F>;
  /** When set, every pushed item is checked; an invalid item is logged and never sent. */
  item?: z.ZodType<I>;
  /** Refuse the topic on the view socket (e.g. topics that expose raw SIP with credentials). */
  adminOnly?: boolean;
  /** Items held while the client has no credit (default LIMITS.subscriptionBufferItems). */
  bufferItems?: number;
  /** Starts producing; may return a stop function, also called on unsubscribe/disconnect. */
  open(filter: F, sink: SubscriptionSink<I>, ctx: CallContext): void | (() => void) | Promise<void | (() => void)>;
}

export type AnyTopicSpec = TopicSpec<unknown, unknown>;
export type TopicMap = Readonly<Record<string, AnyTopicSpec>>;

/** Keeps a topic's filter and item types linked while storing it in an untyped map. */
export function defineTopic<F, I>(spec: TopicSpec<F, I>): AnyTopicSpec {
  return spec as unknown as AnyTopicSpec;
}

interface Entry {
  spec: MethodSpec;
  handler: (params: unknown, ctx: CallContext) => unknown;
  /**
   * Results already checked against this method's schema, by object: a handler that hands out the
   * same (never mutated) result again, like config.get of an unchanged 10,000-gateway
   * configuration, is not re-validated.
   */
  validated: WeakMap<object, unknown>;
}

export class Dispatcher {
  private readonly methods = new Map<string, Entry>();
  private readonly topics = new Map<string, AnyTopicSpec>();
  private incidents = 0;

  constructor(
    table: MethodTable,
    handlers: { readonly [method: string]: MethodHandler<MethodSpec> | undefined },
    topics: TopicMap = {},
    private readonly logger: RpcLogger = silentLogger,
  ) {
    const reserved: readonly string[] = RESERVED_METHODS;
    for (const [name, spec] of Object.entries(table)) {
      // The connection implements these itself; a table may list them for documentation.
      if (reserved.includes(name)) continue;
      const handler = handlers[name];
      if (handler) this.methods.set(name, { spec, handler: handler as Entry['handler'], validated: new WeakMap() });
    }
    for (const name of Object.keys(handlers)) {
      if (reserved.includes(name)) throw new Error(`'${name}' is implemented by the connection; register a topic instead`);
      if (!(name in table)) throw new Error(`handler '${name}' has no entry in the method table`);
    }
    for (const [name, spec] of Object.entries(topics)) this.topics.set(name, spec);
  }

  /** Typed construction: handler signatures follow the table's schemas. */
  static create<T extends MethodTable>(
    table: T,
    handlers: HandlerMap<T>,
    topics: TopicMap = {},
    logger?: RpcLogger,
  ): Dispatcher {
    return new Dispatcher(table, handlers as { [m: string]: MethodHandler<MethodSpec> }, topics, logger);
  }

  capabilities(): string[] {
    return [
      ...BASE_CAPABILITIES,
      ...[...this.methods.keys()].sort().map(methodCapability),
      ...[...this.topics.keys()].sort().map(topicCapability),
    ];
  }

  topic(name: string): AnyTopicSpec | undefined {
    return this.topics.get(name);
  }

  async call(method: string, rawParams: unknown, ctx: CallContext): Promise<unknown> {
    const entry = this.methods.get(method);
    if (!entry) throw new RpcError('METHOD_NOT_FOUND', `unknown method '${method}'`, { method });
    if (entry.spec.mutating && ctx.role !== 'admin') throw permissionDenied(`method '${method}' changes state`, ctx, { method });

    const params = validateInput(entry.spec.params, rawParams, `params for '${method}'`, method);
    let value: unknown;
    try {
      value = await entry.handler(params, ctx);
    } catch (e) {
      if (e instanceof RpcError) throw e;
      throw this.internal(`method '${method}' failed inside the agent`, ctx, { method, error: describe(e) });
    }
    const known = typeof value === 'object' && value !== null ? entry.validated.get(value) : undefined;
    if (known !== undefined) return known;
    const result = entry.spec.result.safeParse(value);
    if (result.success && typeof value === 'object' && value !== null) entry.validated.set(value, result.data);
    if (!result.success) {
      throw this.internal(`agent produced an invalid result for '${method}'`, ctx, {
        method,
        issues: toFieldIssues(result.error.issues),
      });
    }
    return result.data;
  }

  /** Logs the details server-side; the client gets only an incident id to quote. */
  internal(what: string, ctx: Pick<CallContext, 'connectionId'>, details: Record<string, unknown>): RpcError {
    const incident = `${ctx.connectionId}-${++this.incidents}`;
    this.logger.error(what, { incident, ...details });
    return new RpcError('INTERNAL', `${what}; details are in the agent log (incident ${incident})`, { incident });
  }
}

export function permissionDenied(what: string, ctx: Pick<CallContext, 'socket'>, data: Record<string, unknown>): RpcError {
  const admin = SOCKETS.admin;
  return new RpcError(
    'PERMISSION_DENIED',
    `${what} and is refused on the read-only socket ${ctx.socket}; connect through ${admin.file} (group ${admin.group})`,
    { ...data, socket: ctx.socket },
  );
}

/** Omitted params/filters mean `{}` (PROTOCOL.md §5); errors name the field. */
export function validateInput<S extends z.ZodType>(schema: S, raw: unknown, what: string, method: string, prefix = ''): z.output<S> {
  const parsed = schema.safeParse(omittedAsEmpty(raw));
  if (parsed.success) return parsed.data;
  const root = prefix === '' ? 'params' : prefix;
  const issues = toFieldIssues(parsed.error.issues).map((i) => ({
    ...i,
    path: i.path === '(root)' ? root : prefix === '' ? i.path : `${prefix}.${i.path}`,
  }));
  throw new RpcError('INVALID_PARAMS', `invalid ${what}: ${summarizeIssues(issues)}`, { method, issues });
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}
