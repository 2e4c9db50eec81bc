import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { Dispatcher } from './dispatcher';

const table = {
  'a.get': { params: z.object({}), result: z.null(), mutating: false, description: 'a' },
  subscribe: { params: z.object({ topic: z.string() }), result: z.object({ subId: z.string() }), mutating: false, description: 'doc only' },
} as const;

describe('Dispatcher construction', () => {
  it('lets a table list the reserved methods for documentation but never dispatches them', () => {
    const d = Dispatcher.create(table, { 'a.get': () => null });
    expect(d.capabilities()).toEqual(['cancel', 'subscribe', 'credit', 'chunked', 'method:a.get']);
  });

  it('refuses a handler for a reserved method or for a method missing from the table', () => {
    expect(() => new Dispatcher(table, { subscribe: () => ({ subId: 'x' }) })).toThrow(/implemented by the connection/);
    expect(() => new Dispatcher(table, { 'b.get': () => null })).toThrow("handler 'b.get' has no entry in the method table");
  });
});
