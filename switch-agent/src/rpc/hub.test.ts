import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { RpcConnection } from './connection';
import { Dispatcher } from './dispatcher';
import { ConnectionHub } from './hub';
import type { RpcLogger } from './log';
import { FakeTransport, clientHello } from '../../../test/doubles/agent/rpcTestkit';

function setup(events?: Record<string, z.ZodType>) {
  const logs: string[] = [];
  const logger: RpcLogger = { info() {}, warn() {}, error: (m) => logs.push(m) };
  const hub = new ConnectionHub(events, logger);
  const dispatcher = new Dispatcher({}, {});
  const make = (id: string, role: 'admin' | 'view', hello = true) => {
    const transport = new FakeTransport();
    const connection = new RpcConnection(transport, { id, role, socket: `${role}.sock`, dispatcher, agent: { version: '1', hostname: 'h' } });
    hub.add(connection);
    if (hello) transport.send(clientHello());
    return transport;
  };
  return { hub, make, logs };
}

const events = (t: FakeTransport) => t.frames().filter((f) => f.type === 'event');

describe('ConnectionHub', () => {
  it('reaches every connection past hello, optionally skipping one or filtering by role', () => {
    const { hub, make } = setup();
    const a = make('a', 'admin');
    const b = make('b', 'admin');
    const v = make('v', 'view');
    const early = make('e', 'admin', false);
    expect(hub.broadcast('config.changed', { revision: 5 })).toBe(3);
    expect(hub.broadcast('config.changed', { revision: 6 }, { except: 'a' })).toBe(2);
    expect(hub.broadcast('x', null, { roles: ['admin'] })).toBe(2);
    expect(events(a).map((f) => f.data)).toEqual([{ revision: 5 }, null]);
    expect(events(b)).toHaveLength(3);
    expect(events(v).map((f) => f.data)).toEqual([{ revision: 5 }, { revision: 6 }]);
    // Not before hello: a client must not get frames before the agent's hello.
    expect(early.frames()).toEqual([]);
  });

  it('forgets closed connections', () => {
    const { hub, make } = setup();
    const a = make('a', 'admin');
    make('b', 'admin');
    a.peerClose();
    expect(hub.size).toBe(1);
    expect(hub.broadcast('x', 1)).toBe(1);
  });

  it('with an event table, refuses unknown or invalid events and strips unlisted fields', () => {
    const { hub, make, logs } = setup({ 'config.changed': z.object({ revision: z.int() }) });
    const a = make('a', 'admin');
    expect(hub.broadcast('nope', {})).toBe(0);
    expect(hub.broadcast('config.changed', { revision: 'x' })).toBe(0);
    expect(hub.broadcast('config.changed', { revision: 3, secret: 'k' })).toBe(1);
    expect(events(a)).toEqual([{ type: 'event', name: 'config.changed', data: { revision: 3 } }]);
    expect(logs).toHaveLength(2);
  });
});
