/** Channels over one session (exec, PTY shell, streamlocal) and reconnecting after sshd restarts. */
import { chmod } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SshSession } from '../../../electron/core/ssh/sshSession';
import { TestSshd } from '../../support/sshd';
import { makeSession, rejection, tempDir, waitForState } from './helpers';

/** Keeps every byte a stream emits; waitFor looks only at output after the previous match. */
function collect(stream: NodeJS.ReadableStream) {
  let text = '';
  let from = 0;
  const waiters = new Set<() => void>();
  stream.on('data', (d: Buffer | string) => {
    text += d.toString();
    for (const w of [...waiters]) w();
  });
  return {
    waitFor(needle: RegExp, timeoutMs = 10_000): Promise<string> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = needle.exec(text.slice(from));
          if (!m) return;
          const seen = text.slice(from, from + m.index + m[0].length);
          from += m.index + m[0].length;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(seen);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${needle} in output within ${timeoutMs} ms: ${JSON.stringify(text.slice(from))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

describe('SSH channels (real sshd)', () => {
  let sshd: TestSshd;
  let dir: { path: string; remove: () => Promise<void> };
  let session: SshSession;

  beforeAll(async () => {
    sshd = await TestSshd.start();
  });
  afterAll(async () => {
    await sshd?.stop();
  });
  beforeEach(async () => {
    dir = await tempDir('ssh-channels-');
    session = makeSession(sshd, dir.path, { options: { auth: [{ kind: 'key', keyPath: sshd.userKeyPath }] } }).session;
    await session.connect();
  });
  afterEach(async () => {
    session.close();
    await dir.remove();
  });

  it('exec runs `echo hi` and reports the exit code', async () => {
    expect(await session.run('echo hi')).toEqual({ code: 0, signal: null, stdout: 'hi\n', stderr: '' });
    expect(await session.run('echo oops >&2; exit 3')).toEqual({ code: 3, signal: null, stdout: '', stderr: 'oops\n' });
  });

  it('exec input honours backpressure: the write buffer stays bounded while 8 MiB go through', async () => {
    const ch = await session.exec('wc -c');
    const out = collect(ch.stream).waitFor(/\d+\s*\n/);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let maxBuffered = 0;
    for (let i = 0; i < 128; i++) {
      await ch.write(chunk);
      maxBuffered = Math.max(maxBuffered, ch.stream.writableLength);
    }
    ch.stream.end();
    expect((await out).trim()).toBe(String(128 * chunk.length));
    expect((await ch.exit).code).toBe(0);
    // Without waiting for 'drain' the whole 8 MiB would sit in the buffer.
    expect(maxBuffered).toBeLessThanOrEqual(ch.stream.writableHighWaterMark + chunk.length);
  });

  it('shell with a PTY echoes typed input, and resize changes the window size', async () => {
    const sh = await session.shell({ cols: 80, rows: 24 });
    sh.stream.setEncoding('utf8');
    const out = collect(sh.stream);
    await sh.write('stty size\n');
    await out.waitFor(/24 80/);
    await sh.write('echo typed-$((6*7))\n');
    // The PTY echoes what was typed, then the shell prints the result.
    await out.waitFor(/typed-\$\(\(6\*7\)\)[\s\S]*typed-42/);
    sh.resize(100, 30);
    await sh.write('stty size\n');
    await out.waitFor(/30 100/);
    await sh.write('exit 5\n');
    expect(await sh.exit).toEqual({ code: 5, signal: null });
  });

  it('streamlocal reaches a UNIX socket on the server as the logged-in user', async () => {
    // The test user must be able to traverse the folder and write to the socket.
    await chmod(dir.path, 0o755);
    const socketPath = join(dir.path, 'agent.sock');
    const server: Server = createServer((c) => c.on('data', (d: Buffer) => c.write(d.toString().toUpperCase())));
    await new Promise<void>((r) => server.listen(socketPath, r));
    await chmod(socketPath, 0o666);
    try {
      const stream = await session.openStreamLocal(socketPath);
      const reply = collect(stream).waitFor(/PING\n/);
      stream.write('ping\n');
      expect(await reply).toBe('PING\n');
      stream.end();

      const missing = await rejection(session.openStreamLocal(join(dir.path, 'nothing.sock')));
      expect(missing.code).toBe('channel-refused');
      expect(missing.message).toContain('nothing.sock');
    } finally {
      server.close();
    }
  });

  it('several channels share the one connection', async () => {
    const results = await Promise.all([1, 2, 3, 4].map((n) => session.run(`echo ${n}`)));
    expect(results.map((r) => r.stdout.trim())).toEqual(['1', '2', '3', '4']);
  });

  it('keepalive notices a frozen server and the session reconnects', async () => {
    const { session: s, rec } = makeSession(sshd, dir.path, {
      options: { keepaliveIntervalMs: 200, keepaliveCountMax: 2, reconnect: { baseDelayMs: 100 } },
    });
    await s.connect();
    // sshd forks the post-login process just after reporting success; a round trip makes sure it exists.
    await s.run('true');
    const thaw = await sshd.freezeConnections();
    try {
      const started = Date.now();
      await waitForState(s, (st) => st.state === 'reconnecting', 5000);
      expect(Date.now() - started).toBeLessThan(3000);
      await waitForState(s, (st) => st.state === 'connected', 10_000);
      expect((await s.run('echo alive')).stdout).toBe('alive\n');
      expect(rec.credentialQuestions).toHaveLength(1);
    } finally {
      thaw();
      s.close();
    }
  });

  // Last: restarts sshd.
  it('reconnects with backoff after sshd restarts, without asking again', async () => {
    const { session: s, rec } = makeSession(sshd, dir.path, { options: { reconnect: { baseDelayMs: 200, maxDelayMs: 2000 }, random: () => 0.5 } });
    await s.connect();
    await s.run('true'); // the post-login sshd process exists from here on
    try {
      const before = rec.states.length;
      const back = waitForState(s, (st) => st.state === 'connected');
      await sshd.restart();
      await back;
      const after = rec.states.slice(before).map((st) => st.state);
      expect(after[0]).toBe('reconnecting');
      expect(after.at(-1)).toBe('connected');
      expect(rec.states[before]).toEqual({ state: 'reconnecting', attempt: 1, delayMs: 150 });
      // The password that worked is reused, the host key is pinned: no prompt the second time.
      expect(rec.credentialQuestions).toHaveLength(1);
      expect(rec.hostKeyQuestions).toHaveLength(1);
      expect((await s.run('echo again')).stdout).toBe('again\n');
    } finally {
      s.close();
    }
    expect(s.state).toMatchObject({ state: 'disconnected' });
  });
});

describe.each([
  ['AllowStreamLocalForwarding no', { allowStreamLocal: false }],
  ['AllowTcpForwarding no (blocks streamlocal too)', { allowTcpForwarding: 'no' as const }],
])('SSH streamlocal forbidden by the server: %s', (_name, sshdOptions) => {
  it('is refused with a channel-refused error naming the causes; exec still works (the fallback)', async () => {
    const sshd = await TestSshd.start(sshdOptions);
    const dir = await tempDir('ssh-nostream-');
    try {
      const { session } = makeSession(sshd, dir.path, { options: { auth: [{ kind: 'key', keyPath: sshd.userKeyPath }] } });
      await session.connect();
      const err = await rejection(session.openStreamLocal('/run/switch-agent/admin.sock'));
      expect(err.code).toBe('channel-refused');
      expect(err.message).toContain('AllowStreamLocalForwarding');
      expect((await session.run('echo fallback')).stdout).toBe('fallback\n');
      session.close();
    } finally {
      await sshd.stop();
      await dir.remove();
    }
  });
});
