import { describe, expect, it } from 'vitest';
import { authFailedError, classifySsh2Error, hostKeyChangedError, isRetryable } from './sshErrors';

const err = (message: string, extra: Record<string, unknown>) => Object.assign(new Error(message), extra);

describe('classifySsh2Error', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, 'connection-refused', 'connection refused by h:2222'],
    [{ code: 'ENOTFOUND' }, 'dns', 'cannot resolve host name "h"'],
    [{ code: 'EAI_AGAIN' }, 'dns', 'cannot resolve host name "h"'],
    [{ code: 'ETIMEDOUT' }, 'timeout', 'connection to h:2222 timed out'],
    [{ code: 'EHOSTUNREACH' }, 'network', 'h:2222 is unreachable'],
    [{ code: 'ECONNRESET' }, 'closed', 'reset'],
    [{ level: 'client-timeout' }, 'timeout', 'h:2222 stopped answering'],
    [{ level: 'handshake' }, 'protocol', 'SSH error with h:2222'],
  ])('%o → %s', (extra, code, text) => {
    const e = classifySsh2Error(err('boom', extra), 'h', 2222);
    expect(e.code).toBe(code);
    expect(e.message).toContain(text);
    expect(e.cause).toBeInstanceOf(Error);
  });
  it('names a host key type mismatch as unverifiable, not retryable', () => {
    const e = classifySsh2Error(err('Handshake failed: no matching host key format', { level: 'handshake' }), 'h', 22);
    expect(e.code).toBe('host-key-unverifiable');
    expect(isRetryable(e)).toBe(false);
    expect(isRetryable(classifySsh2Error(err('x', { code: 'ECONNREFUSED' }), 'h', 22))).toBe(true);
  });
});

describe('messages', () => {
  it('a changed key names host, port, both fingerprints and the file line, with details for the UI', () => {
    const entry = { file: '/data/known_hosts', line: 3, keyType: 'ssh-ed25519', fingerprintSha256: 'SHA256:old' };
    const e = hostKeyChangedError('10.0.0.5', 2222, 'ssh-ed25519', 'SHA256:new', entry);
    for (const part of ['10.0.0.5:2222', 'CHANGED', 'SHA256:old', 'SHA256:new', '/data/known_hosts line 3', 'Nothing was sent']) expect(e.message).toContain(part);
    expect(e.hostKey).toEqual({ keyType: 'ssh-ed25519', presentedFingerprint: 'SHA256:new', entry });
    const pinned = hostKeyChangedError('h', 22, 'ssh-rsa', 'SHA256:new', { ...entry, file: 'this session', line: 0 });
    expect(pinned.message).toContain('(known with ssh-ed25519, server presented ssh-rsa)');
    expect(pinned.message).toContain('(accepted earlier in this session)');
  });
  it('authentication failures list what was tried, or what the server wants', () => {
    expect(authFailedError('h', 22, 'ops', ['publickey', 'password'], ['publickey']).message).toBe(
      'authentication failed for user ops on h:22: the server accepted none of: publickey, password',
    );
    expect(authFailedError('h', 22, 'ops', [], ['publickey']).message).toBe(
      'authentication failed for user ops on h:22: the server only accepts publickey, and none of those is set up for this server',
    );
  });
});
