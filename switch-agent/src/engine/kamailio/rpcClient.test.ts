import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonStreamSplitter } from './jsonStream';
import { KamailioRpcClient, KamailioRpcError } from './rpcClient';

// A stand-in for Kamailio's jsonrpcs FIFO reader: reads requests, answers into
// <replyDir>/<reply_name> the way Kamailio does (open non-blocking, write, close).
function fakeServer(fifoPath: string, replyDir: string, answer: (req: { method: string; id: number }) => object | undefined) {
  execFileSync('mkfifo', ['-m', '0600', fifoPath]);
  const fd = openSync(fifoPath, constants.O_RDWR | constants.O_NONBLOCK);
  const sock = new Socket({ fd, readable: true, writable: false });
  const splitter = new JsonStreamSplitter();
  const seen: { method: string; reply_name: string }[] = [];
  sock.setEncoding('utf8');
  sock.on('data', (chunk: string) => {
    for (const text of splitter.push(chunk)) {
      const req = JSON.parse(text) as { method: string; id: number; reply_name: string };
      seen.push(req);
      const reply = answer(req);
      if (!reply) continue;
      const out = openSync(join(replyDir, req.reply_name), constants.O_WRONLY | constants.O_NONBLOCK);
      writeSync(out, JSON.stringify({ jsonrpc: '2.0', ...reply, id: req.id }, null, '\t'));
      closeSync(out);
    }
  });
  return { seen, close: () => sock.destroy() };
}

describe('KamailioRpcClient', () => {
  let dir = '';
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    cleanups.splice(0).forEach((c) => c());
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends JSON-RPC with a dot-free reply_name and resolves results and errors by id', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-rpc-'));
    const server = fakeServer(join(dir, 'rpc.fifo'), dir, (req) =>
      req.method === 'cfg.get' ? { result: 1 } : { error: { code: 500, message: 'Reload Failed' } },
    );
    cleanups.push(server.close);
    const client = await KamailioRpcClient.open({ fifoPath: join(dir, 'rpc.fifo'), replyDir: dir, timeoutMs: 2000 });
    cleanups.push(() => client.close());
    const [a, b] = await Promise.allSettled([client.call('cfg.get', ['switchdeck', 'x']), client.call('permissions.addressReload')]);
    expect(a).toEqual({ status: 'fulfilled', value: 1 });
    expect(b.status).toBe('rejected');
    expect((b as PromiseRejectedResult).reason).toBeInstanceOf(KamailioRpcError);
    expect(((b as PromiseRejectedResult).reason as KamailioRpcError).detail).toBe('Reload Failed');
    expect(server.seen[0]?.reply_name).toMatch(/^[A-Za-z0-9_]+$/);
  });

  it('times out when no reply comes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-rpc-'));
    const server = fakeServer(join(dir, 'rpc.fifo'), dir, () => undefined);
    cleanups.push(server.close);
    const client = await KamailioRpcClient.open({ fifoPath: join(dir, 'rpc.fifo'), replyDir: dir });
    cleanups.push(() => client.close());
    await expect(client.call('core.version', [], 100)).rejects.toThrow(/core\.version: no reply within 100 ms/);
  });

  it('fails at once when nothing reads the request FIFO (Kamailio down)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-rpc-'));
    execFileSync('mkfifo', [join(dir, 'rpc.fifo')]);
    const client = await KamailioRpcClient.open({ fifoPath: join(dir, 'rpc.fifo'), replyDir: dir, timeoutMs: 5000 });
    cleanups.push(() => client.close());
    const t0 = Date.now();
    await expect(client.call('core.version')).rejects.toThrow(/cannot write request: .*ENXIO/);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('removes reply FIFOs that agents which died left behind when it opens, and its own when it closes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-rpc-'));
    const dead = [`switchdeck_rpc_${process.pid + 1}_1`, `switchdeck_rpc_${process.pid + 2}_7`];
    for (const n of dead) execFileSync('mkfifo', [join(dir, n)]);
    writeFileSync(join(dir, 'kamailio.cfg'), '');
    const client = await KamailioRpcClient.open({ fifoPath: join(dir, 'rpc.fifo'), replyDir: dir });
    const mine = readdirSync(dir).filter((n) => n.startsWith('switchdeck_rpc_'));
    expect(mine).toEqual([expect.stringMatching(new RegExp(`^switchdeck_rpc_${process.pid}_\\d+$`))]);
    client.close();
    expect(readdirSync(dir)).toEqual(['kamailio.cfg']);
  });
});
