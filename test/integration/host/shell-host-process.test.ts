/**
 * The built browser shell (`node dist/electron/web.mjs`) runs the host core in a child process
 * (dist/electron/host.cjs). Killing that child with SIGKILL: the shell says so on stderr, starts a
 * new one, and the page's HostClient over the shell's WebSocket keeps working on the same data.
 * Stopping the shell stops the host process too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import NodeWebSocket from 'ws';
import { createValidatingClient, type HostClient } from '../../../renderer/src/host/hostClient';
import { hostSocketUrl, tokenFromHash, WsTransport } from '../../../renderer/src/host/wsTransport';

const WEB = fileURLToPath(new URL('../../../dist/electron/web.mjs', import.meta.url));
const HOST = fileURLToPath(new URL('../../../dist/electron/host.cjs', import.meta.url));

/** Child pids of `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
}
const isAlive = (pid: number) => existsSync(`/proc/${pid}`) && !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

describe('browser shell with its host process', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-shell-host-'));
  let shell: ChildProcess;
  let output = '';
  let transport: WsTransport;
  let client: HostClient;

  beforeAll(async () => {
    if (!existsSync(WEB) || !existsSync(HOST)) throw new Error('this test runs the built shell; run `npm run build` first (dist/electron/web.mjs, host.cjs)');
    shell = spawn(process.execPath, [WEB, '--port', '0', '--data', path.join(dir, 'data'), '--renderer', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    shell.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    shell.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await vi.waitFor(() => expect(output).toMatch(/open http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/), { timeout: 20_000, interval: 50 });
    const page = new URL(/open (\S+)/.exec(output)![1]!);
    const origin = page.origin;
    class BrowserLikeWebSocket extends NodeWebSocket {
      constructor(url: string) {
        super(url, { origin });
      }
    }
    transport = new WsTransport({ url: hostSocketUrl(page, tokenFromHash(page.hash)!), WebSocketImpl: BrowserLikeWebSocket as unknown as typeof WebSocket });
    client = createValidatingClient(transport);
  }, 30_000);

  afterAll(async () => {
    transport?.close();
    if (shell && shell.exitCode === null) {
      const exited = new Promise((r) => shell.once('exit', r));
      shell.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts a killed host process, says so, and the page carries on with the same data', async () => {
    await client.call('servers.add', { server: { name: 'Kept', host: '127.0.0.1', port: 1, username: 'x', auth: { kind: 'agent' } } });
    const [hostPid] = childrenOf(shell.pid!);
    expect(hostPid).toBeGreaterThan(0);
    process.kill(hostPid!, 'SIGKILL');
    await expect.poll(() => output, { timeout: 10_000 }).toMatch(/the host process died; restarted it \(1 restart/);
    const { servers } = await client.call('servers.list', {});
    expect(servers.map((s) => s.name)).toEqual(['Kept']);
    const [newPid] = childrenOf(shell.pid!);
    expect(newPid).not.toBe(hostPid);

    // Stopping the shell stops its host process. The page is closed first: its transport would
    // otherwise reconnect to the stopped shell, and that refused connection (ECONNREFUSED) surfaced
    // as an unhandled error of the run when it came before afterAll closed the transport.
    transport.close();
    const exited = new Promise((r) => shell.once('exit', r));
    shell.kill('SIGTERM');
    await exited;
    await expect.poll(() => isAlive(newPid!), { timeout: 10_000 }).toBe(false);
  }, 30_000);
});
