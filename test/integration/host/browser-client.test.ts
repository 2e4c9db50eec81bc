/** The renderer's HostClient over the browser shell's real WebSocket endpoint (no SSH involved). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { RpcError } from '@shared/rpc/errors';
import { createHost, type Host } from '../../../electron/core';
import { startWebShell, type WebShell } from '../../../electron/web/server';
import { createValidatingClient, type HostClient } from '../../../renderer/src/host/hostClient';
import { hostSocketUrl, tokenFromHash, WsTransport } from '../../../renderer/src/host/wsTransport';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-browser-client-'));
writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
let host: Host;
let shell: WebShell;
let transport: WsTransport;
let client: HostClient;

beforeAll(async () => {
  host = createHost({ dataDir: path.join(dir, 'data'), knownHostsReadOnlyFiles: [], warn: () => {} });
  shell = await startWebShell({ rendererDir: dir, port: 0, host });
  // What the page does: token from the fragment of the printed URL, socket URL from its location.
  const page = new URL(shell.pageUrl);
  const token = tokenFromHash(page.hash);
  if (!token) throw new Error('the printed URL carries no token');
  const origin = shell.origin;
  // A browser sends its page's Origin by itself; the Node client must be told.
  class BrowserLikeWebSocket extends NodeWebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  }
  transport = new WsTransport({ url: hostSocketUrl(page, token), WebSocketImpl: BrowserLikeWebSocket as unknown as typeof WebSocket });
  client = createValidatingClient(transport);
});
afterAll(async () => {
  transport?.close();
  await shell?.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 1));
    });
  });
}

describe('HostClient over the browser shell', () => {
  it('round-trips typed calls, throws RpcError with the host code, and delivers events', async () => {
    const { server } = await client.call('servers.add', { server: { name: 'Down', host: '127.0.0.1', port: await closedPort(), username: 'ops', auth: { kind: 'password' } } });
    expect(server.port).toBeGreaterThan(0);
    expect((await client.call('servers.list', {})).servers.map((s) => s.name)).toEqual(['Down']);

    const err = await client.call('drafts.get', { id: 'nope' }).catch((e: unknown) => e);
    expect(RpcError.is(err, 'NOT_FOUND')).toBe(true);

    const states: string[] = [];
    const off = client.on('connection.state', (p) => {
      if (p.serverId === server.id) states.push(p.state);
    });
    const failed = await client.call('servers.connect', { id: server.id }).catch((e: unknown) => e);
    expect(RpcError.is(failed, 'TIMEOUT')).toBe(true);
    await expect.poll(() => states).toEqual(['connecting', 'failed']);
    off();
    expect(transport.state).toBe('open');
  });
});
