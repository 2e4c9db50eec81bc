import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { utils, type AnyAuthMethod } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { linuxWorkstation, windowsWorkstation } from '../../../test/doubles/host/workstations';
import type { Workstation } from '../platform/workstation';
import { createAuthHandler, SecretCache } from './sshAuth';
import type { SshAuthMethod } from './sshTypes';

/** Drives the handler as ssh2 does: "none" first, then one method per call while the server offers publickey. */
async function methodsTried(methods: SshAuthMethod[], workstation: Workstation): Promise<{ sent: (AnyAuthMethod | false)[]; error?: string }> {
  const { handler, outcome } = createAuthHandler({
    host: 'srv',
    port: 22,
    username: 'ops',
    methods,
    prompts: { hostKey: () => Promise.resolve('reject'), credentials: () => Promise.resolve(null) },
    cache: new SecretCache(),
    promptStarted: () => undefined,
    promptEnded: () => undefined,
    sent: () => undefined,
    workstation,
  });
  const step = (left: string[] | null) => new Promise<AnyAuthMethod | false>((resolve) => handler(left as never, false, resolve as never));
  const sent = [await step(null)];
  for (;;) {
    const next = await step(['publickey']);
    sent.push(next);
    if (next === false) break;
  }
  return { sent, ...(outcome.error ? { error: outcome.error.message } : {}) };
}

describe('key and agent logins on each workstation', () => {
  let home = '';
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('reads the form default ~/.ssh/id_ed25519 from the home folder, also with CRLF line ends', async () => {
    home = mkdtempSync(path.join(tmpdir(), 'sd-home-'));
    mkdirSync(path.join(home, '.ssh'));
    const pair = utils.generateKeyPairSync('ed25519');
    // A key copied through Windows (git autocrlf, Notepad) ends its lines with CRLF.
    writeFileSync(path.join(home, '.ssh', 'id_ed25519'), pair.private.replace(/\n/g, '\r\n'), { mode: 0o600 });
    const ws = { ...linuxWorkstation(), home };
    const { sent, error } = await methodsTried([{ kind: 'key', keyPath: '~/.ssh/id_ed25519' }], ws);
    expect(error).toBeUndefined();
    expect(sent.map((m) => (m === false ? false : m.type))).toEqual(['none', 'publickey', false]);
    const key = (sent[1] as { key: { getPublicSSH(): Buffer } }).key;
    expect(key.getPublicSSH().toString('base64')).toBe(pair.public.split(' ')[1]);
  });

  it('names the expanded file when the key is missing', async () => {
    home = mkdtempSync(path.join(tmpdir(), 'sd-home-'));
    const { error } = await methodsTried([{ kind: 'key', keyPath: '~/.ssh/id_ed25519' }], { ...linuxWorkstation(), home });
    expect(error).toContain(`cannot read private key ${path.join(home, '.ssh', 'id_ed25519')}`);
  });

  it('Windows: an agent login goes to the OpenSSH agent pipe, or Pageant when the service is off', async () => {
    home = mkdtempSync(path.join(tmpdir(), 'sd-home-'));
    const withService = await methodsTried([{ kind: 'agent' }], windowsWorkstation({ existing: ['\\\\.\\pipe\\openssh-ssh-agent'] }));
    expect(withService.sent[1]).toMatchObject({ type: 'agent', agent: '\\\\.\\pipe\\openssh-ssh-agent' });
    const withoutService = await methodsTried([{ kind: 'agent' }], windowsWorkstation());
    expect(withoutService.sent[1]).toMatchObject({ type: 'agent', agent: 'pageant' });
  });

  it('Linux without SSH_AUTH_SOCK skips the agent instead of failing the login', async () => {
    home = mkdtempSync(path.join(tmpdir(), 'sd-home-'));
    const { sent, error } = await methodsTried([{ kind: 'agent' }], linuxWorkstation());
    expect(error).toBeUndefined();
    expect(sent).toEqual([{ type: 'none', username: 'ops' }, false]);
  });
});
