import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { RpcError } from '@shared/rpc/errors';
import { Dispatcher } from './dispatcher';

const table = {
  'a.get': { params: z.object({}), result: z.null(), mutating: false, description: 'a' },
  subscribe: { params: z.object({ topic: z.string() }), result: z.object({ subId: z.string() }), mutating: false, description: 'doc only' },
} as const;

describe('Dispatcher construction', () => {
  it('lets a table list the reserved methods for documentation but never dispatches them', () => {
    const d = Dispatcher.create(table, { 'a.get': () => null });
    expect(d.capabilities()).toEqual(['cancel', 'subscribe', 'credit', 'storage-errors', 'chunked', 'method:a.get']);
  });

  it('refuses a handler for a reserved method or for a method missing from the table', () => {
    expect(() => new Dispatcher(table, { subscribe: () => ({ subId: 'x' }) })).toThrow(/implemented by the connection/);
    expect(() => new Dispatcher(table, { 'b.get': () => null })).toThrow("handler 'b.get' has no entry in the method table");
  });
});

describe('Dispatcher.call params', () => {
  const ctx = { role: 'admin', socket: 'admin.sock', connectionId: 'c1', user: 'alice', signal: new AbortController().signal } as never;
  const d = Dispatcher.create(table, { 'a.get': () => null });

  it('reads omitted params as {} but refuses null in plain words naming params', async () => {
    await expect(d.call('a.get', undefined, ctx)).resolves.toBeNull();
    const e = await d.call('a.get', null, ctx).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).code).toBe('INVALID_PARAMS');
    expect((e as RpcError).message).toBe("invalid params for 'a.get': params: must be an object, not null");
  });
});
