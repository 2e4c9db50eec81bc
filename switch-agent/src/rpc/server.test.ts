import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { RpcBudget } from './budget';
import { Dispatcher } from './dispatcher';
import { ConnectionHub } from './hub';
import { startRpcServer, type RpcServer } from './server';
import { findGroupId } from './socketFile';
import { parseConnectArgs, runStdioBridge } from './stdioBridge';
import { clientHello } from './testkit';

const table = {
  'echo.get': { params: z.object({ text: z.string() }), result: z.object({ text: z.string() }), mutating: false, description: 'echo' },
  'config.apply': { params: z.object({}), result: z.object({ revision: z.int() }), mutating: true, description: 'apply' },
} as const;

let dir: string;
let servers: RpcServer[];
let hub: ConnectionHub;
const clients: net.Socket[] = [];

function dispatcher(): Dispatcher {
  return Dispatcher.create(table, {
    'echo.get': ({ text }) => ({ text }),
    'config.apply': () => {
      // PROTOCOL.md §7: config.changed goes to every connection, the originator included.
      hub.broadcast('config.changed', { revision: 2 });
      return { revision: 2 };
    },
  });
}

async function start(role: 'admin' | 'view', extra: { mode?: number; group?: string | null; etcGroupPath?: string } = {}): Promise<RpcServer> {
  const server = await startRpcServer({
    path: path.join(dir, `${role}.sock`),
    role,
    dispatcher: dispatcher(),
    agent: { version: '0.1.0', hostname: 'test' },
    group: extra.group ?? null,
    mode: extra.mode,
    etcGroupPath: extra.etcGroupPath,
    hub,
  });
  servers.push(server);
  return server;
}

/** A raw socket client that collects parsed frames. */
function connect(socketPath: string): Promise<{ socket: net.Socket; frames: Array<Record<string, unknown>>; wait: (pred: (f: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    clients.push(socket);
    const frames: Array<Record<string, unknown>> = [];
    let rest = '';
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      const lines = (rest + text).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) if (l) frames.push(JSON.parse(l) as Record<string, unknown>);
    });
    const wait = async (pred: (f: Record<string, unknown>) => boolean) => {
      for (let i = 0; i < 200; i++) {
        const f = frames.find(pred);
        if (f) return f;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`timed out; frames: ${JSON.stringify(frames)}`);
    };
    socket.once('connect', () => resolve({ socket, frames, wait }));
    socket.once('error', reject);
  });
}

const send = (socket: net.Socket, frame: unknown) => socket.write(`${JSON.stringify(frame)}\n`);

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'switch-agent-rpc-'));
  servers = [];
  hub = new ConnectionHub();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers) await s.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('RPC over real UNIX sockets', () => {
  it('serves two clients, role per socket, and broadcasts config.changed to every connection', async () => {
    const admin = await start('admin');
    const view = await start('view');
    const a = await connect(admin.path);
    const b = await connect(admin.path);
    const v = await connect(view.path);
    for (const c of [a, b, v]) send(c.socket, clientHello());
    for (const c of [a, b, v]) await c.wait((f) => f.type === 'hello');
    expect(v.frames[0]).toMatchObject({ role: 'view' });

    send(v.socket, { type: 'req', id: 1, method: 'config.apply', params: {} });
    const denied = await v.wait((f) => f.type === 'res');
    expect(denied).toMatchObject({ error: { code: 'PERMISSION_DENIED', data: { socket: 'view.sock' } } });

    send(a.socket, { type: 'req', id: 1, method: 'config.apply', params: {} });
    expect(await a.wait((f) => f.type === 'res')).toMatchObject({ result: { revision: 2 } });
    const event = { type: 'event', name: 'config.changed', data: { revision: 2 } };
    expect(await b.wait((f) => f.type === 'event')).toEqual(event);
    expect(await v.wait((f) => f.type === 'event')).toEqual(event);
    expect(await a.wait((f) => f.type === 'event')).toEqual(event);

    expect(hub.broadcast('agent.notice', { text: 'hi' }, { roles: ['view'] })).toBe(1);
    expect(await v.wait((f) => f.name === 'agent.notice')).toMatchObject({ data: { text: 'hi' } });
  });

  it('creates the socket 0660 and refuses to serve a world-writable one (removing it)', async () => {
    const admin = await start('admin');
    expect(admin.mode).toBe(0o660);
    expect((await fs.stat(admin.path)).mode & 0o777).toBe(0o660);
    const viewPath = path.join(dir, 'view.sock');
    await expect(start('view', { mode: 0o666 })).rejects.toThrow(/world-writable \(mode 0666\)/);
    await expect(fs.lstat(viewPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('removes a stale socket file, but never a live socket or a regular file', async () => {
    const stale = path.join(dir, 'admin.sock');
    // A process killed without cleanup leaves its socket file behind.
    const child = spawnSync(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(stale)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    expect(child.signal).toBe('SIGKILL');
    expect((await fs.lstat(stale)).isSocket()).toBe(true);
    const admin = await start('admin');
    const c = await connect(admin.path);
    send(c.socket, clientHello());
    expect(await c.wait((f) => f.type === 'hello')).toMatchObject({ role: 'admin' });

    await expect(start('admin')).rejects.toThrow(/already listening/);
    const plain = path.join(dir, 'view.sock');
    await fs.writeFile(plain, 'keep me');
    await expect(start('view')).rejects.toThrow(/not a socket/);
    expect(await fs.readFile(plain, 'utf8')).toBe('keep me');
  });

  it.runIf(process.getuid?.() === 0)('as root, gives the socket its group, and refuses an unknown group', async () => {
    const etcGroup = path.join(dir, 'group');
    await fs.writeFile(etcGroup, 'root:x:0:\nswitchdeck-admin:x:4242:alice\n');
    const admin = await start('admin', { group: 'switchdeck-admin', etcGroupPath: etcGroup });
    expect((await fs.stat(admin.path)).gid).toBe(4242);
    await expect(start('view', { group: 'switchdeck-view', etcGroupPath: etcGroup })).rejects.toThrow(/group 'switchdeck-view' does not exist/);
  });

  it('past the per-socket cap, a new client gets one fatal TOO_MANY_REQUESTS frame and is closed; the other socket still serves', async () => {
    hub = new ConnectionHub(undefined, undefined, new RpcBudget({ maxConnectionsPerSocket: 2 }));
    const view = await start('view');
    const admin = await start('admin');
    const held = [await connect(view.path), await connect(view.path)];
    for (const c of held) send(c.socket, clientHello());
    for (const c of held) await c.wait((f) => f.type === 'hello');
    const extra = await connect(view.path);
    const closed = new Promise((r) => extra.socket.once('close', r));
    expect(await extra.wait((f) => f.type === 'error')).toEqual({
      type: 'error',
      fatal: true,
      error: {
        code: 'TOO_MANY_REQUESTS',
        message: '2 connections are already open on view.sock (the limit); close one or try again later',
        data: { limit: 2, socket: 'view.sock' },
      },
    });
    await closed;
    const a = await connect(admin.path);
    send(a.socket, clientHello());
    expect(await a.wait((f) => f.type === 'hello')).toMatchObject({ role: 'admin' });
    // A slot freed by a client that leaves is taken by the next one.
    held[0]!.socket.destroy();
    await vi.waitFor(() => expect(hub.budget.connections).toBe(2));
    const next = await connect(view.path);
    send(next.socket, clientHello());
    expect(await next.wait((f) => f.type === 'hello')).toMatchObject({ role: 'view' });
  });

  it('closing the server closes its clients and removes the socket file', async () => {
    const admin = await start('admin');
    const c = await connect(admin.path);
    const closed = new Promise((r) => c.socket.once('close', r));
    await admin.close();
    servers = servers.filter((s) => s !== admin);
    await closed;
    await expect(fs.lstat(admin.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('findGroupId', () => {
  it('reads /etc/group lines', () => {
    const text = 'root:x:0:\nswitchdeck-view:x:998:bob,carol\nbroken\n';
    expect(findGroupId(text, 'switchdeck-view')).toBe(998);
    expect(findGroupId(text, 'switchdeck')).toBeUndefined();
    expect(findGroupId(text, 'broken')).toBeUndefined();
  });
});

describe('stdio bridge (switch-agent connect)', () => {
  it('parses its arguments', () => {
    expect(parseConnectArgs([], '/run/switch-agent')).toEqual({ ok: true, role: 'admin', socketPath: '/run/switch-agent/admin.sock' });
    expect(parseConnectArgs(['--view'], '/run/switch-agent')).toMatchObject({ role: 'view', socketPath: '/run/switch-agent/view.sock' });
    expect(parseConnectArgs(['--socket', '/tmp/x.sock'])).toMatchObject({ socketPath: '/tmp/x.sock' });
    expect(parseConnectArgs(['--tcp'])).toMatchObject({ ok: false });
  });

  it('pipes stdin to the socket and the socket to stdout, and exits 0 when stdin ends', async () => {
    const view = await start('view');
    const input = new PassThrough();
    const output = new PassThrough();
    const errors = new PassThrough();
    let out = '';
    output.on('data', (b: Buffer) => (out += b.toString()));
    const done = runStdioBridge(view.path, 'view', { input, output, errors });
    input.write(`${JSON.stringify(clientHello())}\n`);
    input.write(`${JSON.stringify({ type: 'req', id: 1, method: 'echo.get', params: { text: 'via bridge' } })}\n`);
    for (let i = 0; i < 200 && !out.includes('via bridge'); i++) await new Promise((r) => setTimeout(r, 10));
    const frames = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(frames[0]).toMatchObject({ type: 'hello', role: 'view' });
    expect(frames[1]).toEqual({ type: 'res', id: 1, result: { text: 'via bridge' } });
    input.end();
    expect(await done).toBe(0);
  });

  it('exits 0 when the agent closes the connection', async () => {
    const admin = await start('admin');
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    const done = runStdioBridge(admin.path, 'admin', { input, output, errors: new PassThrough() });
    // A request before hello is fatal: the agent answers and hangs up.
    input.write(`${JSON.stringify({ type: 'req', id: 1, method: 'echo.get' })}\n`);
    expect(await done).toBe(0);
  });

  it('exits 1 with a useful message when no agent listens', async () => {
    const errors = new PassThrough();
    let err = '';
    errors.on('data', (b: Buffer) => (err += b.toString()));
    const code = await runStdioBridge(path.join(dir, 'admin.sock'), 'admin', { input: new PassThrough(), output: new PassThrough(), errors });
    expect(code).toBe(1);
    expect(err).toContain('switch-agent is not running');
  });
});
