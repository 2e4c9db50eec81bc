/** Host key verification against a real OpenSSH sshd: prompts, saving, changed and revoked keys. */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HostKeyPromptSchema } from '@shared/rpc/hostApi';
import { TestSshd } from '../../support/sshd';
import { appKnownHosts, makeSession, rejection, sshdWithTempDirs, tempDir, waitForState, type TempDir } from './helpers';

const run = promisify(execFile);

describe('SSH host keys (real sshd)', () => {
  let sshd: TestSshd;
  let dir: TempDir;
  sshdWithTempDirs('ssh-hostkeys-', { sshd: (s) => (sshd = s), dir: (d) => (dir = d) });

  it('shows the fingerprint exactly as ssh-keygen -lf, in the HostApi prompt shape', async () => {
    const { session, rec } = makeSession(sshd, dir.path);
    await session.connect();
    session.close();
    const expected = await sshd.fingerprint('ed25519');
    expect(rec.hostKeyQuestions).toEqual([{ host: '127.0.0.1', port: sshd.port, keyType: 'ssh-ed25519', fingerprintSha256: expected, kind: 'unknown' }]);
    expect(() => HostKeyPromptSchema.parse({ promptId: 'p1', ...rec.hostKeyQuestions[0] })).not.toThrow();
    expect(session.hostKey).toEqual({ keyType: 'ssh-ed25519', fingerprintSha256: expected, source: { kind: 'accepted-once' } });
  });

  it('asks for the host key before any credential, and accept-and-save makes the next connection silent', async () => {
    const order: string[] = [];
    const first = makeSession(sshd, dir.path, { hostKey: 'accept-save' });
    first.session.onState((s) => order.push(s.state));
    const origCreds = first.rec.credentialQuestions;
    await first.session.connect();
    first.session.close();
    expect(first.rec.hostKeyQuestions).toHaveLength(1);
    expect(origCreds).toHaveLength(1);
    expect(order.slice(0, 4)).toEqual(['connecting', 'verifying-host-key', 'authenticating', 'connected']);

    const saved = await readFile(join(dir.path, 'known_hosts'), 'utf8');
    expect(saved).toMatch(/^\|1\|\S+ ssh-ed25519 \S+\n$/);
    expect(saved).not.toContain('127.0.0.1');

    const second = makeSession(sshd, dir.path);
    await second.session.connect();
    second.session.close();
    expect(second.rec.hostKeyQuestions).toEqual([]);
    expect(second.session.hostKey?.source).toEqual({ kind: 'known-hosts', file: join(dir.path, 'known_hosts'), line: 1 });
  });

  it('a rejected key stops the connection and nothing is asked or sent', async () => {
    const { session, rec } = makeSession(sshd, dir.path, { hostKey: 'reject' });
    const err = await rejection(session.connect());
    expect(err.code).toBe('host-key-rejected');
    expect(rec.credentialQuestions).toEqual([]);
    expect(session.state).toMatchObject({ state: 'disconnected' });
  });

  it('honours `ssh-keyscan -H -p PORT` output (hashed, [host]:port) and offers only the known key types', async () => {
    const { stdout } = await run('ssh-keyscan', ['-H', '-p', String(sshd.port), '-t', 'rsa', '127.0.0.1']);
    expect(stdout).toMatch(/^\|1\|/m);
    const userFile = join(dir.path, 'user_known_hosts');
    await writeFile(userFile, stdout);
    const { session, rec } = makeSession(sshd, dir.path, { knownHosts: appKnownHosts(dir.path, [userFile]) });
    await session.connect();
    session.close();
    expect(rec.hostKeyQuestions).toEqual([]);
    // Only rsa is known, so only rsa was offered, although sshd prefers its ed25519 key.
    expect(session.hostKey).toMatchObject({ keyType: 'ssh-rsa', fingerprintSha256: await sshd.fingerprint('rsa'), source: { kind: 'known-hosts', file: userFile } });
  });

  it('refuses an @revoked key without asking', async () => {
    const pub = (await readFile(sshd.hostKeyPubPath('ed25519'), 'utf8')).split(' ');
    const userFile = join(dir.path, 'user_known_hosts');
    await writeFile(userFile, `# revoked after a leak\n@revoked * ${pub[0]} ${pub[1]}\n`);
    const { session, rec } = makeSession(sshd, dir.path, { knownHosts: appKnownHosts(dir.path, [userFile]) });
    const err = await rejection(session.connect());
    expect(err.code).toBe('host-key-revoked');
    expect(err.message).toContain(`${userFile} line 2`);
    expect(err.message).toContain(await sshd.fingerprint('ed25519'));
    expect(rec.hostKeyQuestions).toEqual([]);
    expect(rec.credentialQuestions).toEqual([]);
  });

  it('fails clearly when the server has none of the known key types', async () => {
    const userFile = join(dir.path, 'user_known_hosts');
    // A nistp256 key the server does not have.
    await run('ssh-keygen', ['-q', '-t', 'ecdsa', '-N', '', '-f', join(dir.path, 'other')]);
    const other = (await readFile(join(dir.path, 'other.pub'), 'utf8')).split(' ');
    await writeFile(userFile, `[127.0.0.1]:${sshd.port} ${other[0]} ${other[1]}\n`);
    const { session, rec } = makeSession(sshd, dir.path, { knownHosts: appKnownHosts(dir.path, [userFile]) });
    const err = await rejection(session.connect());
    expect(err.code).toBe('host-key-unverifiable');
    expect(err.message).toContain(`127.0.0.1:${sshd.port}`);
    expect(rec.credentialQuestions).toEqual([]);
  });

  // Last: it replaces the server's host keys.
  it('refuses a changed key with a danger message, and never calls the password callback', async () => {
    // This session stays connected across the key change: its reconnect must stop, not prompt.
    const first = makeSession(sshd, dir.path, { hostKey: 'accept-save', options: { reconnect: { baseDelayMs: 100 } } });
    await first.session.connect();
    await first.session.run('true'); // the post-login sshd process exists from here on
    const oldFp = await sshd.fingerprint('ed25519');
    const stopped = waitForState(first.session, (s) => s.state === 'disconnected');
    await sshd.changeHostKey();
    const newFp = await sshd.fingerprint('ed25519');
    expect(newFp).not.toBe(oldFp);
    const final = await stopped;
    expect(final.state === 'disconnected' && final.error?.code).toBe('host-key-changed');
    expect(first.rec.credentialQuestions).toHaveLength(1);
    expect(first.rec.hostKeyQuestions).toHaveLength(1);

    let passwordAsked = 0;
    const { session, rec } = makeSession(sshd, dir.path, {
      credentials: () => {
        passwordAsked++;
        return [sshd.user.password];
      },
    });
    const err = await rejection(session.connect());
    expect(err.code).toBe('host-key-changed');
    expect((err as { hostKey?: unknown }).hostKey).toEqual({
      keyType: 'ssh-ed25519',
      presentedFingerprint: newFp,
      entry: { file: join(dir.path, 'known_hosts'), line: 1, keyType: 'ssh-ed25519', fingerprintSha256: oldFp },
    });
    for (const part of [`127.0.0.1:${sshd.port}`, 'ssh-ed25519', oldFp, newFp, `${join(dir.path, 'known_hosts')} line 1`, 'CHANGED']) {
      expect(err.message).toContain(part);
    }
    expect(passwordAsked).toBe(0);
    expect(rec.hostKeyQuestions).toEqual([]);
    expect(sshd.log).not.toMatch(/Failed password/);
  });
});

describe('SSH host key prompt timing (real sshd, LoginGraceTime 4 s)', () => {
  it('the network timeout does not run while the user decides; sshd\'s own grace time ends a forgotten prompt', async () => {
    // Network timeout < the user's answer < sshd's grace time, each a second or more apart: a
    // 0.3 s network timeout ran out before the prompt on a loaded CI machine.
    const sshd = await TestSshd.start({ loginGraceTimeSec: 4 });
    const dir = await tempDir('ssh-grace-');
    try {
      const slowAnswer = async () => {
        await new Promise((r) => setTimeout(r, 2200));
        return 'accept-once' as const;
      };
      const slowUser = makeSession(sshd, dir.path, { hostKey: slowAnswer, options: { timeoutMs: 1000 } });
      await slowUser.session.connect();
      slowUser.session.close();

      const forgotten = makeSession(sshd, dir.path, { hostKey: () => new Promise(() => undefined), options: { timeoutMs: 1000 } });
      const err = await rejection(forgotten.session.connect());
      expect(err.code).toBe('closed');
      expect(err.message).toContain('while waiting for your answer');
    } finally {
      await sshd.stop();
      await dir.remove();
    }
  }, 20_000);
});
