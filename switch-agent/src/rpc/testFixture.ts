/**
 * A small method table, handlers and topics used by the protocol tests, and a factory that
 * wires them to an RpcConnection over a FakeTransport. Used only by *.test.ts files.
 */
import { z } from 'zod';
import { RpcError } from '@shared/rpc/errors';
import type { RpcBudget } from './budget';
import { RpcConnection, type ConnectionLimits } from './connection';
import { Dispatcher, defineTopic, type CallContext, type SubscriptionSink } from './dispatcher';
import type { RpcLogger } from './log';
import type { Role } from '@shared/rpc/protocol';
import { FakeTransport, clientHello, deferred, type Deferred } from './testkit';

export const testTable = {
  'echo.get': {
    params: z.object({ text: z.string().max(20) }),
    result: z.object({ text: z.string() }),
    mutating: false,
    description: 'Returns its input.',
  },
  'gateway.set': {
    params: z.object({
      gateways: z.array(z.object({ name: z.string().min(1), port: z.int().min(1).max(65535) })),
    }),
    result: z.object({ count: z.int() }),
    mutating: true,
    description: 'Pretends to store gateways.',
  },
  'slow.wait': {
    params: z.object({ tag: z.string() }),
    result: z.object({ tag: z.string() }),
    mutating: false,
    description: 'Finishes when the test resolves its deferred.',
  },
  'boom.throw': { params: z.object({}), result: z.null(), mutating: false, description: 'Throws a plain Error.' },
  'boom.conflict': { params: z.object({}), result: z.null(), mutating: true, description: 'Throws an RpcError.' },
  'bad.result': { params: z.object({}), result: z.object({ ok: z.boolean() }), mutating: false, description: 'Returns garbage.' },
  'big.result': {
    params: z.object({ bytes: z.int() }),
    result: z.object({ blob: z.string() }),
    mutating: false,
    description: 'Returns a large string.',
  },
  'user.get': {
    params: z.object({}),
    result: z.object({ name: z.string() }),
    mutating: false,
    description: 'Returns a record that also has a password field the schema does not list.',
  },
  'not.implemented': { params: z.object({}), result: z.null(), mutating: false, description: 'Has no handler.' },
} as const;

export const TickFilter = z.object({ every: z.int().min(1).default(1) });
export const TickItem = z.object({ n: z.int() });

export interface Fixture {
  transport: FakeTransport;
  connection: RpcConnection;
  /** Deferreds of `slow.wait` calls by tag, and the signal each handler got. */
  slow: Map<string, { done: Deferred<{ tag: string }>; signal: AbortSignal }>;
  /** Sinks of open `ticks` subscriptions, in order of subscription. */
  sinks: SubscriptionSink<z.infer<typeof TickItem>>[];
  stopped: number[];
  logs: Array<{ level: string; message: string; fields?: Record<string, unknown> }>;
}

export function createFixture(
  options: { role?: Role; limits?: Partial<ConnectionLimits>; maxFrameBytes?: number; budget?: RpcBudget; id?: string } = {},
): Fixture {
  const slow: Fixture['slow'] = new Map();
  const sinks: Fixture['sinks'] = [];
  const stopped: number[] = [];
  const logs: Fixture['logs'] = [];
  const logger: RpcLogger = {
    info: (message, fields) => logs.push({ level: 'info', message, fields }),
    warn: (message, fields) => logs.push({ level: 'warn', message, fields }),
    error: (message, fields) => logs.push({ level: 'error', message, fields }),
  };
  const dispatcher = Dispatcher.create(
    testTable,
    {
      'echo.get': ({ text }) => ({ text }),
      'gateway.set': async ({ gateways }) => ({ count: gateways.length }),
      'slow.wait': ({ tag }, ctx: CallContext) => {
        const done = deferred<{ tag: string }>();
        slow.set(tag, { done, signal: ctx.signal });
        return done.promise;
      },
      'boom.throw': () => {
        throw new Error('database is locked');
      },
      'boom.conflict': () => {
        throw new RpcError('CONFLICT', "gateway 'gw1' was changed since revision 4", { field: 'gw1.port' });
      },
      'bad.result': () => ({ ok: 'yes' }) as unknown as { ok: boolean },
      'big.result': ({ bytes }) => ({ blob: 'x'.repeat(bytes) }),
      'user.get': () => ({ name: 'bob', password: 'hunter2' }) as { name: string },
    },
    {
      ticks: defineTopic({
        description: 'Counts.',
        filter: TickFilter,
        item: TickItem,
        open: (_filter, sink) => {
          const index = sinks.push(sink) - 1;
          return () => stopped.push(index);
        },
      }),
      burst: defineTopic({
        description: 'Pushes `count` items while opening, then ends.',
        filter: z.object({ count: z.int().min(0) }),
        open: ({ count }, sink) => {
          sink.push(Array.from({ length: count }, (_, n) => ({ n })));
          sink.end();
        },
      }),
      secrets: defineTopic({
        description: 'Admin-only topic.',
        filter: z.object({}),
        adminOnly: true,
        open: () => undefined,
      }),
    },
    logger,
  );
  const transport = new FakeTransport();
  const connection = new RpcConnection(transport, {
    id: options.id ?? 'c1',
    role: options.role ?? 'admin',
    socket: options.role === 'view' ? 'view.sock' : 'admin.sock',
    dispatcher,
    agent: { version: '0.1.0', hostname: 'sw1' },
    maxFrameBytes: options.maxFrameBytes,
    limits: options.limits,
    budget: options.budget,
    logger,
  });
  return { transport, connection, slow, sinks, stopped, logs };
}

/** A fixture whose hello is already done. */
export async function openFixture(options: Parameters<typeof createFixture>[0] = {}): Promise<Fixture> {
  const fx = createFixture(options);
  fx.transport.send(clientHello());
  await fx.transport.waitFor((f) => f.type === 'hello');
  return fx;
}
