import { describe, expect, it } from 'vitest';
import type { ConnectOutcome } from '@shared/rpc/hostApi';
import { deriveConnectionState } from './connectionState';
import { NO_REMEMBER_NOTE, PromptDesk } from './promptDesk';

const FP = `SHA256:${'A'.repeat(43)}`;
const question = { host: 'h', port: 22, keyType: 'ssh-ed25519', fingerprintSha256: FP, kind: 'unknown' as const };
const passwordQ = { kind: 'password' as const, name: '', instructions: '', prompts: [{ text: 'Password:', echo: false }], retry: false };

function desk(canRemember = true) {
  let n = 0;
  let changes = 0;
  const d = new PromptDesk(() => `p${++n}`, () => void changes++, canRemember);
  return { d, changes: () => changes };
}

describe('PromptDesk', () => {
  it('step returns the prompt the attempt raises, and the answer resolves the question', async () => {
    const { d } = desk();
    let finish!: (v: ConnectOutcome) => void;
    const attempt = new Promise<ConnectOutcome>((r) => (finish = r));
    const first = d.step(attempt, () => new Error('x') as never);
    const decision = d.askHostKey(question);
    expect(await first).toEqual({ status: 'hostKeyPrompt', hostKeyPrompt: { promptId: 'p1', ...question } });
    expect(d.answerHostKey('p1', 'accept-save')).toMatchObject({ fingerprintSha256: FP });
    expect(await decision).toBe('accept-save');
    const next = d.step(attempt, () => new Error('x') as never);
    finish({ status: 'connected', agentVersion: '1', role: 'admin' });
    expect(await next).toEqual({ status: 'connected', agentVersion: '1', role: 'admin' });
  });

  it('refuses unknown prompt ids and answers of the wrong count, leaving the prompt open', async () => {
    const { d } = desk();
    void d.askCredentials(passwordQ);
    expect(() => d.answerHostKey('p1', 'reject')).toThrow(/no open host key prompt/);
    expect(() => d.answerCredentials('nope', ['x'], false)).toThrow(/no open credentials prompt/);
    expect(() => d.answerCredentials('p1', [], false)).toThrow(/answers: expected 1/);
    expect(d.openKind()).toBe('credentials');
  });

  it('without a keychain says so in the prompt and refuses remember', async () => {
    const { d } = desk(false);
    const answer = d.askCredentials(passwordQ);
    const out = d.outcome();
    expect(out?.status === 'credentialsPrompt' && out.credentialsPrompt.instructions).toBe(NO_REMEMBER_NOTE);
    expect(out?.status === 'credentialsPrompt' && out.credentialsPrompt.canRemember).toBe(false);
    expect(() => d.answerCredentials('p1', ['pw'], true)).toThrow(/remember/);
    expect(d.answerCredentials('p1', ['pw'], false)).toEqual({ kind: 'password', value: 'pw' });
    expect(await answer).toEqual(['pw']);
  });

  it('cancelAll rejects host keys and cancels logins', async () => {
    const { d } = desk();
    const decision = d.askHostKey(question);
    d.cancelAll();
    expect(await decision).toBe('reject');
    const creds = d.askCredentials(passwordQ);
    d.cancelAll();
    expect(await creds).toBeNull();
    expect(d.outcome()).toBeNull();
  });
});

describe('deriveConnectionState', () => {
  it('prompts win, then failure, then the links', () => {
    expect(deriveConnectionState({ ssh: 'verifying-host-key', agent: null, prompt: 'hostKey', failed: false })).toBe('awaiting-host-key');
    expect(deriveConnectionState({ ssh: 'authenticating', agent: null, prompt: 'credentials', failed: false })).toBe('awaiting-credentials');
    expect(deriveConnectionState({ ssh: null, agent: null, prompt: null, failed: true })).toBe('failed');
    expect(deriveConnectionState({ ssh: null, agent: null, prompt: null, failed: false })).toBe('disconnected');
    expect(deriveConnectionState({ ssh: 'connected', agent: 'connected', prompt: null, failed: false })).toBe('connected');
    expect(deriveConnectionState({ ssh: 'connected', agent: 'reconnecting', prompt: null, failed: false })).toBe('connecting');
    expect(deriveConnectionState({ ssh: 'reconnecting', agent: 'connected', prompt: null, failed: false })).toBe('connecting');
  });
});
