import { describe, expect, it, vi } from 'vitest';
import type { HostCallOutcome } from '@shared/rpc/hostWire';
import type { CreateHostOptions, Host, HostEventListener } from '../core';
import { startHostProcess } from './hostProcessClient';
import type { HostChild, ParentPort } from './processPort';
import { serveHostProcess } from './serveHostProcess';
import { MemorySecretStore } from '../core';

/** A host core stand-in: answers `echo`, hangs on `hang`, and lets the test emit events. */
function fakeCore() {
  const made: CreateHostOptions[] = [];
  const emitters: HostEventListener[] = [];
  const closed: number[] = [];
  const create = (o: CreateHostOptions): Host => {
    made.push(o);
    return {
      canRememberSecrets: o.secrets !== undefined,
      call: async (method, params): Promise<HostCallOutcome> => {
        if (method === 'hang') return new Promise(() => {});
        if (method === 'nothing') return { ok: true, result: undefined };
        if (method === 'agent.subscribe') return { ok: true, result: { subscriptionId: 'sub-1' } };
        if (method === 'terminal.open') return { ok: true, result: { terminalId: 'term-1' } };
        if (method === 'secret.get') return { ok: true, result: await o.secrets!.get(String(params)) };
        return { ok: true, result: { method, params } };
      },
      onEvent: (l) => {
        emitters.push(l);
        return () => {};
      },
      close: async () => void closed.push(made.length),
    };
  };
  return { create, made, closed, emit: (event: string, payload: unknown) => emitters.at(-1)!(event as never, payload) };
}

/** Parent and child in one process, messages copied through JSON as Node IPC does. */
function inMemorySpawner(core: ReturnType<typeof fakeCore>) {
  const children: { kill(): void; exited: boolean }[] = [];
  const spawn = (): HostChild => {
    const toChild: ((m: unknown) => void)[] = [];
    const toParent: ((m: unknown) => void)[] = [];
    const exitListeners: ((c: number | null, s: string | null) => void)[] = [];
    const gone: (() => void)[] = [];
    const state = { exited: false, kill: () => exit(null, 'SIGKILL') };
    const exit = (code: number | null, signal: string | null) => {
      if (state.exited) return;
      state.exited = true;
      queueMicrotask(() => exitListeners.forEach((l) => l(code, signal)));
    };
    const deliver = (ls: ((m: unknown) => void)[], m: unknown) => {
      const copy: unknown = JSON.parse(JSON.stringify(m));
      queueMicrotask(() => !state.exited && ls.forEach((l) => l(copy)));
    };
    const port: ParentPort = { send: (m) => deliver(toParent, m), onMessage: (l) => toChild.push(l), onGone: (l) => gone.push(l) };
    serveHostProcess(port, { createHost: core.create, exit: (code) => exit(code, null), warn: () => {} });
    children.push(state);
    return { pid: children.length, send: (m) => deliver(toChild, m), onMessage: (l) => toParent.push(l), onExit: (l) => exitListeners.push(l), kill: state.kill };
  };
  return { spawn, children };
}

const until = (cond: () => boolean) => vi.waitFor(() => expect(cond()).toBe(true), { timeout: 2000, interval: 5 });

describe('host process link', () => {
  it('carries calls, outcomes and validated events; an event that fails its schema is dropped', async () => {
    const core = fakeCore();
    const { spawn } = inMemorySpawner(core);
    const warnings: string[] = [];
    const host = await startHostProcess({ spawn, start: { dataDir: '/tmp/x' }, warn: (m) => warnings.push(m) });
    expect(core.made[0]).toMatchObject({ dataDir: '/tmp/x' });
    expect(host.canRememberSecrets).toBe(false);
    expect(await host.call('echo', { a: 1 })).toEqual({ ok: true, result: { method: 'echo', params: { a: 1 } } });
    const seen: [string, unknown][] = [];
    host.onEvent((e, p) => seen.push([e, p]));
    core.emit('terminal.data', { terminalId: 't1', data: 'hi' });
    core.emit('terminal.data', { terminalId: 't1' });
    core.emit('no.such', {});
    await until(() => warnings.length === 2);
    expect(seen).toEqual([['terminal.data', { terminalId: 't1', data: 'hi' }]]);
    expect(warnings.join('\n')).toMatch(/invalid 'terminal.data'[\s\S]*unknown event 'no.such'/);
    await host.close();
    expect(core.closed).toEqual([1]);
  });

  it("reaches the parent's keychain through secret requests", async () => {
    const core = fakeCore();
    const secrets = new MemorySecretStore();
    await secrets.set('srv:pw', 's3cret');
    const host = await startHostProcess({ spawn: inMemorySpawner(core).spawn, start: { dataDir: '/d' }, secrets, warn: () => {} });
    expect(host.canRememberSecrets).toBe(true);
    expect(await host.call('secret.get', 'srv:pw')).toEqual({ ok: true, result: 's3cret' });
    await core.made[0]!.secrets!.set('k', 'v');
    expect(await secrets.get('k')).toBe('v');
    await core.made[0]!.secrets!.delete('k');
    expect(await secrets.get('k')).toBeUndefined();
    await host.close();
  });

  it('when the host process dies: in-flight calls fail as "may or may not have run", it is restarted, and later calls work', async () => {
    const core = fakeCore();
    const { spawn, children } = inMemorySpawner(core);
    const crashes: number[] = [];
    const host = await startHostProcess({ spawn, start: { dataDir: '/d' }, warn: () => {}, onCrash: ({ restarts }) => crashes.push(restarts) });
    const inFlight = host.call('hang', {});
    await until(() => true);
    children[0]!.kill();
    const out = await inFlight;
    expect(out).toMatchObject({ ok: false, error: { code: 'TIMEOUT', data: { connectionLost: true, method: 'hang' } } });
    if (!out.ok) expect(out.error.message).toMatch(/host process stopped while 'hang' was running; .*may or may not have run/);
    expect(await host.call('echo', 1)).toEqual({ ok: true, result: { method: 'echo', params: 1 } });
    expect(crashes).toEqual([1]);
    expect(host.restarts).toBe(1);
    expect(core.made).toHaveLength(2);
    await host.close();
    expect(children).toHaveLength(2);
  });

  it('when the host process dies, the page is told its subscriptions ended, its terminals exited and its servers disconnected', async () => {
    const core = fakeCore();
    const { spawn, children } = inMemorySpawner(core);
    const host = await startHostProcess({ spawn, start: { dataDir: '/d' }, warn: () => {} });
    const seen: [string, unknown][] = [];
    host.onEvent((e, p) => seen.push([e, p]));
    await host.call('agent.subscribe', {});
    await host.call('terminal.open', {});
    core.emit('connection.state', { serverId: 'srv-1', state: 'connected', since: '2026-01-01T00:00:00.000Z' });
    core.emit('connection.state', { serverId: 'srv-2', state: 'disconnected', since: '2026-01-01T00:00:00.000Z' });
    await until(() => seen.length === 2);
    children[0]!.kill();
    await until(() => seen.length === 5);
    expect(seen.slice(2)).toEqual([
      ['agent.subscriptionEnded', { subscriptionId: 'sub-1', error: { code: 'host-restarted', message: expect.stringMatching(/host process stopped and was started again/) } }],
      ['terminal.exit', { terminalId: 'term-1', code: null, signal: null }],
      ['connection.state', { serverId: 'srv-1', state: 'disconnected', since: expect.any(String) }],
    ]);
    await host.close();
  });

  it('a call without params reaches the host core; an outcome that cannot be read fails its call instead of hanging', async () => {
    const core = fakeCore();
    const host = await startHostProcess({ spawn: inMemorySpawner(core).spawn, start: { dataDir: '/d' }, warn: () => {} });
    expect(await host.call('echo', undefined)).toEqual({ ok: true, result: { method: 'echo' } });
    // The core answers `undefined`, which JSON (Node IPC) turns into an outcome without `result`.
    expect(await host.call('nothing', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: "the host process answered 'nothing' with a malformed message" } });
    await host.close();
  });

  it('refuses messages that are not host-process messages, on both ends', async () => {
    const core = fakeCore();
    const warnings: string[] = [];
    let toChild: ((m: unknown) => void) | undefined;
    const port: ParentPort = { send: () => {}, onMessage: (l) => (toChild = l), onGone: () => {} };
    serveHostProcess(port, { createHost: core.create, exit: () => {}, warn: (m) => warnings.push(m) });
    toChild!({ kind: 'call', id: -1, method: 'x', params: null });
    toChild!({ kind: 'start', options: { dataDir: '/d', secrets: false, draftKey: 'short' } });
    expect(warnings).toHaveLength(2);
    expect(core.made).toHaveLength(0);
  });
});
