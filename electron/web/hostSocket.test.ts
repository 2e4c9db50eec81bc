import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { HOST_WIRE_MAX_MESSAGE_BYTES } from '@shared/rpc/hostWire';
import { createHost, type Host } from '../core';
import { checkUpgrade } from './hostSocket';
import { startWebShell, type WebShell } from './server';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-hostws-'));
writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
let host: Host;
let shell: WebShell;

beforeAll(async () => {
  host = createHost({ dataDir: path.join(dir, 'data'), knownHostsReadOnlyFiles: [], warn: () => {} });
  shell = await startWebShell({ rendererDir: dir, port: 0, host });
});
afterAll(async () => {
  await shell?.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

function wsUrl(token: string): string {
  return `ws://127.0.0.1:${new URL(shell.url).port}/host?token=${encodeURIComponent(token)}`;
}

/** Resolves with the HTTP status the upgrade was refused with, or 101 once the socket opened. */
function upgradeStatus(url: string, origin: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', (e) => reject(e));
  });
}

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(shell.token), { origin: shell.origin });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

function request(ws: WebSocket, id: number, method: string, params: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as { id?: number };
      if (frame.id !== id) return;
      ws.off('message', onMessage);
      resolve(frame);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

describe('browser shell HostApi socket', () => {
  it('prints a page URL carrying the token in the fragment only', () => {
    expect(shell.pageUrl).toBe(`${shell.origin}/#token=${shell.token}`);
  });

  it('refuses a wrong or missing token with 401', async () => {
    expect(await upgradeStatus(wsUrl('wrong-token'), shell.origin)).toBe(401);
    expect(await upgradeStatus(wsUrl(''), shell.origin)).toBe(401);
    expect(await upgradeStatus(wsUrl(shell.token.slice(0, -1)), shell.origin)).toBe(401);
  });

  it('refuses another Origin (or none) with 403, even with the right token', async () => {
    expect(await upgradeStatus(wsUrl(shell.token), 'http://evil.example')).toBe(403);
    expect(await upgradeStatus(wsUrl(shell.token), 'http://localhost:' + new URL(shell.url).port)).toBe(403);
    expect(await upgradeStatus(wsUrl(shell.token), undefined)).toBe(403);
  });

  it('with the right token and Origin carries servers.add / servers.list', async () => {
    expect(await upgradeStatus(wsUrl(shell.token), shell.origin)).toBe(101);
    const ws = await open();
    const added = (await request(ws, 1, 'servers.add', { server: { name: 'Lab', host: '10.0.0.5', username: 'ops', auth: { kind: 'password' } } })) as {
      id: number;
      result: { server: { id: string; port: number } };
    };
    expect(added.result.server).toMatchObject({ name: 'Lab', port: 22 });
    const listed = await request(ws, 2, 'servers.list', {});
    expect(listed).toEqual({ id: 2, result: { servers: [added.result.server] } });
    const bad = (await request(ws, 3, 'servers.add', { server: { name: 'x' } })) as { error: { code: string; message: string } };
    expect(bad.error.code).toBe('INVALID_PARAMS');
    expect(bad.error.message).toContain('params.server.host');
    ws.close();
  });

  it('cuts off a peer that sends something other than a request frame', async () => {
    const ws = await open();
    const code = await new Promise<number>((resolve) => {
      ws.on('close', (c) => resolve(c));
      ws.send('not json');
    });
    expect(code).toBe(1008);
  });

  it('closes a connection whose message exceeds the size limit', async () => {
    const ws = await open();
    const code = await new Promise<number>((resolve) => {
      ws.on('close', (c) => resolve(c));
      ws.send(JSON.stringify({ id: 1, method: 'servers.list', params: { pad: 'x'.repeat(HOST_WIRE_MAX_MESSAGE_BYTES + 1024) } }));
    });
    expect(code).toBe(1009);
  });
});

describe('checkUpgrade', () => {
  const origin = 'http://127.0.0.1:4000';
  it('needs the path, the Origin and the token', () => {
    expect(checkUpgrade({ url: '/host?token=abc', headers: { origin } }, 'abc', origin)).toEqual({ ok: true });
    expect(checkUpgrade({ url: '/other?token=abc', headers: { origin } }, 'abc', origin)).toMatchObject({ ok: false, status: 404 });
    expect(checkUpgrade({ url: '/host?token=abd', headers: { origin } }, 'abc', origin)).toMatchObject({ ok: false, status: 401 });
    expect(checkUpgrade({ url: '/host?token=abc', headers: { origin: 'null' } }, 'abc', origin)).toMatchObject({ ok: false, status: 403 });
  });
});
