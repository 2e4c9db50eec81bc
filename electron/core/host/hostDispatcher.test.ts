import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/rpc/errors';
import { HOST_METHOD_NAMES } from '@shared/rpc/hostApi';
import { HostDispatcher, type HostHandlers } from './hostDispatcher';

const server = { id: 's1', name: 'Lab', group: '', host: '10.0.0.5', port: 22, username: 'ops', auth: { kind: 'password' }, role: 'admin', notes: '' };

function handlers(overrides: Partial<Record<string, (p: never) => unknown>>): HostHandlers {
  const all: Record<string, (p: never) => unknown> = {};
  for (const m of HOST_METHOD_NAMES) all[m] = () => Promise.reject(new RpcError('INTERNAL', `${m} is not part of this test`));
  return { ...all, ...overrides } as unknown as HostHandlers;
}

describe('HostDispatcher', () => {
  it('refuses a method outside HOST_METHODS with METHOD_NOT_FOUND', async () => {
    const out = await new HostDispatcher(handlers({})).dispatch('fs.readFile', {});
    expect(out).toMatchObject({ ok: false, error: { code: 'METHOD_NOT_FOUND' } });
  });

  it('refuses bad params with INVALID_PARAMS naming each field, without calling the handler', async () => {
    let called = false;
    const d = new HostDispatcher(handlers({ 'servers.add': () => ((called = true), { server }) }));
    const out = await d.dispatch('servers.add', { server: { ...server, id: undefined, port: 70000, name: '' } });
    expect(called).toBe(false);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('INVALID_PARAMS');
    expect(out.error.message).toContain('params.server.port');
    expect(out.error.message).toContain('params.server.name');
    const paths = (out.error.data as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['params.server.port', 'params.server.name']));
  });

  it('refuses unknown keys (strict params) and a missing params object', async () => {
    const d = new HostDispatcher(handlers({ 'servers.list': () => ({ servers: [] }) }));
    expect(await d.dispatch('servers.list', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await d.dispatch('servers.list', undefined)).toEqual({ ok: true, result: { servers: [] } });
  });

  it('refuses params: null instead of reading it as {}, and says what is allowed', async () => {
    let called = false;
    const d = new HostDispatcher(handlers({ 'servers.list': () => ((called = true), { servers: [] }) }));
    const out = await d.dispatch('servers.list', null);
    expect(called).toBe(false);
    expect(out).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: "invalid params for 'servers.list': params: must be an object, not null" } });
  });

  it('passes parsed params (defaults applied) and returns the validated result', async () => {
    let seen: unknown;
    const d = new HostDispatcher(handlers({ 'servers.add': (p: { server: unknown }) => ((seen = p.server), { server }) }));
    const { id: _id, group: _g, port: _p, role: _r, notes: _n, ...minimal } = server;
    expect(await d.dispatch('servers.add', { server: minimal })).toEqual({ ok: true, result: { server } });
    expect(seen).toMatchObject({ port: 22, role: 'admin', group: '', notes: '' });
  });

  it('turns an invalid handler result into INTERNAL instead of passing it on', async () => {
    const d = new HostDispatcher(handlers({ 'servers.list': () => ({ servers: [{ ...server, createdAt: 'x' }] }) }));
    const out = await d.dispatch('servers.list', {});
    expect(out).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!out.ok) expect(out.error.message).toContain('servers[0]');
  });

  it('keeps an RpcError from a handler (code, message, data) and hides other errors behind INTERNAL', async () => {
    const seen: string[] = [];
    const d = new HostDispatcher(
      handlers({
        'drafts.get': () => {
          throw new RpcError('NOT_FOUND', 'there is no draft with id d1', { path: 'id' });
        },
        'drafts.discard': () => {
          throw new TypeError('boom');
        },
      }),
      { onInternalError: (m) => seen.push(m) },
    );
    expect(await d.dispatch('drafts.get', { id: 'd1' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'there is no draft with id d1', data: { path: 'id' } } });
    expect(await d.dispatch('drafts.discard', { id: 'd1' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(seen).toEqual(['drafts.discard']);
  });
});
