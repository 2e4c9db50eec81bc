import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/rpc/errors';
import type { HostCallOutcome } from '@shared/rpc/hostWire';
import { createValidatingClient, type HostTransport } from './hostClient';
import { hostSocketUrl, tokenFromHash } from './wsTransport';

function fakeTransport(answer: (method: string, params: unknown) => HostCallOutcome) {
  const sent: { method: string; params: unknown }[] = [];
  const listeners = new Map<string, (p: unknown) => void>();
  const transport: HostTransport = {
    call: async (method, params) => {
      sent.push({ method, params });
      return answer(method, params);
    },
    on: (event, l) => {
      listeners.set(event, l);
      return () => listeners.delete(event);
    },
  };
  return { transport, sent, fire: (event: string, p: unknown) => listeners.get(event)?.(p) };
}

describe('createValidatingClient', () => {
  it('checks params before sending: INVALID_PARAMS names the field and nothing is sent', async () => {
    const t = fakeTransport(() => ({ ok: true, result: {} }));
    const client = createValidatingClient(t.transport);
    const err = await client.call('terminal.resize', { terminalId: 't1', cols: 0, rows: 24 }).catch((e: unknown) => e);
    expect(RpcError.is(err, 'INVALID_PARAMS')).toBe(true);
    expect((err as RpcError).message).toContain('params.cols');
    expect(t.sent).toEqual([]);
  });

  it('returns a validated result and rethrows host errors as RpcError with code and data', async () => {
    const t = fakeTransport((method) =>
      method === 'servers.groups' ? { ok: true, result: { groups: ['A'] } } : { ok: false, error: { code: 'NOT_FOUND', message: 'no draft d1', data: { path: 'id' } } },
    );
    const client = createValidatingClient(t.transport);
    expect(await client.call('servers.groups', {})).toEqual({ groups: ['A'] });
    const err = (await client.call('drafts.get', { id: 'd1' }).catch((e: unknown) => e)) as RpcError;
    expect(err).toBeInstanceOf(RpcError);
    expect([err.code, err.message, err.data]).toEqual(['NOT_FOUND', 'no draft d1', { path: 'id' }]);
  });

  it('refuses a malformed result with INTERNAL', async () => {
    const client = createValidatingClient(fakeTransport(() => ({ ok: true, result: { groups: 'A' } })).transport);
    await expect(client.call('servers.groups', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('delivers only events whose payload matches HOST_EVENTS', () => {
    const t = fakeTransport(() => ({ ok: true, result: {} }));
    const bad: string[] = [];
    const client = createValidatingClient(t.transport, { onInvalidEvent: (e) => bad.push(e) });
    const got: unknown[] = [];
    const off = client.on('terminal.data', (p) => got.push(p));
    t.fire('terminal.data', { terminalId: 't1', data: 'hi' });
    t.fire('terminal.data', { terminalId: 't1' });
    expect(got).toEqual([{ terminalId: 't1', data: 'hi' }]);
    expect(bad).toEqual(['terminal.data']);
    off();
    t.fire('terminal.data', { terminalId: 't1', data: 'again' });
    expect(got).toHaveLength(1);
  });
});

describe('browser shell address', () => {
  it('reads the token from the fragment and builds the socket URL', () => {
    expect(tokenFromHash('#token=abc_-1')).toBe('abc_-1');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
    expect(hostSocketUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, 'a b')).toBe('ws://127.0.0.1:4000/host?token=a%20b');
  });
});
