/** Login methods and connection failures against a real OpenSSH sshd. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialsPromptSchema } from '@shared/rpc/hostApi';
import { currentWorkstation } from '../../../electron/core/platform/workstation';
import { KEY_PASSPHRASE, type TestSshd } from '../../support/sshd';
import { makeSession, rejection, sshdWithTempDirs, type TempDir } from './helpers';

describe('SSH login (real sshd)', () => {
  let sshd: TestSshd;
  let dir: TempDir;
  sshdWithTempDirs('ssh-auth-', { sshd: (s) => (sshd = s), dir: (d) => (dir = d) });

  it('password from the prompt, in the HostApi prompt shape', async () => {
    const { session, rec } = makeSession(sshd, dir.path);
    await session.connect();
    expect((await session.run('id -un')).stdout.trim()).toBe(sshd.user.name);
    session.close();
    expect(rec.credentialQuestions).toEqual([
      { kind: 'password', name: '', instructions: '', prompts: [{ text: `Password for ${sshd.user.name}@127.0.0.1:${sshd.port}`, echo: false }], retry: false },
    ]);
    expect(() => CredentialsPromptSchema.parse({ promptId: 'c1', ...rec.credentialQuestions[0] })).not.toThrow();
  });

  it('wrong password: asks again with retry set, then fails with a clear message', async () => {
    const { session, rec } = makeSession(sshd, dir.path, { credentials: () => ['wrong'], options: { auth: [{ kind: 'password', maxPrompts: 2 }] } });
    const err = await rejection(session.connect());
    expect(err.code).toBe('auth-failed');
    expect(err.message).toBe(`authentication failed for user ${sshd.user.name} on 127.0.0.1:${sshd.port}: the server accepted none of: password`);
    expect(rec.credentialQuestions.map((q) => q.retry)).toEqual([false, true]);
  });

  it('a given password is used without asking; cancelling a prompt stops the login', async () => {
    const given = makeSession(sshd, dir.path, { options: { auth: [{ kind: 'password', password: sshd.user.password }] } });
    await given.session.connect();
    given.session.close();
    expect(given.rec.credentialQuestions).toEqual([]);

    const cancelled = makeSession(sshd, dir.path, { credentials: () => null });
    expect((await rejection(cancelled.session.connect())).code).toBe('auth-cancelled');
  });

  it('encrypted private key: passphrase given, or asked for after a wrong one', async () => {
    const given = makeSession(sshd, dir.path, { options: { auth: [{ kind: 'key', keyPath: sshd.encryptedKeyPath, passphrase: KEY_PASSPHRASE }] } });
    await given.session.connect();
    given.session.close();
    expect(given.rec.credentialQuestions).toEqual([]);

    const answers = ['not it', KEY_PASSPHRASE];
    const asked = makeSession(sshd, dir.path, { credentials: () => [answers.shift() ?? ''], options: { auth: [{ kind: 'key', keyPath: sshd.encryptedKeyPath }] } });
    await asked.session.connect();
    asked.session.close();
    expect(asked.rec.credentialQuestions.map((q) => [q.kind, q.retry, q.prompts[0]?.text])).toEqual([
      ['passphrase', false, `Passphrase for key ${sshd.encryptedKeyPath}`],
      ['passphrase', true, `Passphrase for key ${sshd.encryptedKeyPath}`],
    ]);
  });

  it('falls through methods in order: an unknown key, then the password', async () => {
    const { session, rec } = makeSession(sshd, dir.path, {
      options: { auth: [{ kind: 'key', keyPath: join(sshd.dir, 'host_ed25519') }, { kind: 'password' }] },
    });
    await session.connect();
    session.close();
    expect(rec.credentialQuestions.map((q) => q.kind)).toEqual(['password']);
  });

  it('keyboard-interactive forwards the server questions', async () => {
    const { session, rec } = makeSession(sshd, dir.path, { options: { auth: [{ kind: 'keyboard-interactive' }] } });
    await session.connect();
    session.close();
    expect(rec.credentialQuestions).toHaveLength(1);
    expect(rec.credentialQuestions[0]).toMatchObject({ kind: 'keyboard-interactive', retry: false, prompts: [{ text: expect.stringMatching(/password/i), echo: false }] });
  });

  it('the form default ~/.ssh/id_ed25519 from the workstation home, with CRLF line ends as copied through Windows', async () => {
    await mkdir(join(dir.path, '.ssh'), { mode: 0o700 });
    const key = (await readFile(sshd.userKeyPath, 'utf8')).replace(/\r?\n/g, '\r\n');
    await writeFile(join(dir.path, '.ssh', 'id_ed25519'), key, { mode: 0o600 });
    const workstation = { ...currentWorkstation(), home: dir.path, env: {} };
    const { session, rec } = makeSession(sshd, dir.path, { options: { auth: [{ kind: 'key', keyPath: '~/.ssh/id_ed25519' }], workstation } });
    await session.connect();
    session.close();
    expect(rec.credentialQuestions).toEqual([]);
  });

  it('ssh-agent (SSH_AUTH_SOCK-style socket)', async () => {
    const sock = join(dir.path, 'agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50; i++) {
        const add = spawn('ssh-add', [sshd.userKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
        const code = await new Promise<number | null>((r) => add.on('exit', r));
        if (code === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const { session, rec } = makeSession(sshd, dir.path, { options: { auth: [{ kind: 'agent', socket: sock }] } });
      await session.connect();
      session.close();
      expect(rec.credentialQuestions).toEqual([]);
      // No socket named: the workstation's agent (here its SSH_AUTH_SOCK) is used.
      const workstation = { ...currentWorkstation(), env: { SSH_AUTH_SOCK: sock } };
      const viaEnv = makeSession(sshd, dir.path, { options: { auth: [{ kind: 'agent' }], workstation } });
      await viaEnv.session.connect();
      viaEnv.session.close();
      expect(viaEnv.rec.credentialQuestions).toEqual([]);
    } finally {
      agent.kill();
    }
  });

  it('connection refused, DNS failure and a silent server each give a clear error', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const refused = makeSession(sshd, dir.path, { options: { port: closed } });
    const e1 = await rejection(refused.session.connect());
    expect([e1.code, e1.message]).toEqual(['connection-refused', `connection refused by 127.0.0.1:${closed}: is sshd running and listening on port ${closed}?`]);

    const dns = makeSession(sshd, dir.path, { options: { host: 'no-such-host.invalid' } });
    const e2 = await rejection(dns.session.connect());
    expect(e2.code).toBe('dns');
    expect(e2.message).toContain('no-such-host.invalid');

    // Accepts TCP, never speaks SSH.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const slow = makeSession(sshd, dir.path, { options: { port, timeoutMs: 300 } });
      const started = Date.now();
      const e3 = await rejection(slow.session.connect());
      expect(e3.code).toBe('timeout');
      expect(e3.message).toContain(`127.0.0.1:${port}`);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      silent.close();
    }
  });
});
