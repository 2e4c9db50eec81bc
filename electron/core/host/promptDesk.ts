/**
 * The questions one connection attempt is waiting on, turned into HostApi prompts. The SSH session
 * asks through a promise; the UI sees a prompt with an id and answers it by a separate call, which
 * then waits for the attempt's next step (another prompt, connected, or failure). Pure logic, no I/O.
 */
import type { z } from 'zod';
import { RpcError } from '@shared/rpc/errors';
import type { ConnectOutcome, CredentialsPromptSchema, HostKeyPromptSchema } from '@shared/rpc/hostApi';
import type { CredentialsQuestion, HostKeyDecision, HostKeyQuestion } from '../ssh/sshTypes';

type HostKeyPrompt = z.output<typeof HostKeyPromptSchema>;
type CredentialsPrompt = z.output<typeof CredentialsPromptSchema>;

type Pending =
  | { readonly kind: 'hostKey'; readonly prompt: HostKeyPrompt; readonly resolve: (d: HostKeyDecision) => void }
  | { readonly kind: 'credentials'; readonly prompt: CredentialsPrompt; readonly resolve: (answers: string[] | null) => void };

/** Said in password / passphrase prompts where nothing can be stored (the browser shell). */
export const NO_REMEMBER_NOTE = 'This window has no access to the system keychain, so the answer cannot be remembered.';

export class PromptDesk {
  private pending: Pending | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly newId: () => string,
    private readonly changed: () => void,
    private readonly canRemember: boolean,
  ) {}

  has(promptId: string): boolean {
    return this.pending?.prompt.promptId === promptId;
  }

  openKind(): 'hostKey' | 'credentials' | null {
    return this.pending?.kind ?? null;
  }

  /** The open prompt as a ConnectOutcome, or null. */
  outcome(): ConnectOutcome | null {
    const p = this.pending;
    if (!p) return null;
    return p.kind === 'hostKey' ? { status: 'hostKeyPrompt', hostKeyPrompt: p.prompt } : { status: 'credentialsPrompt', credentialsPrompt: p.prompt };
  }

  askHostKey(q: HostKeyQuestion): Promise<HostKeyDecision> {
    return new Promise((resolve) => {
      const prompt: HostKeyPrompt = { promptId: this.newId(), host: q.host, port: q.port, keyType: q.keyType, fingerprintSha256: q.fingerprintSha256, kind: q.kind };
      this.open({ kind: 'hostKey', prompt, resolve });
    });
  }

  askCredentials(q: CredentialsQuestion): Promise<string[] | null> {
    return new Promise((resolve) => {
      const note = !this.canRemember && q.kind !== 'keyboard-interactive' ? NO_REMEMBER_NOTE : '';
      const instructions = [q.instructions, note].filter((s) => s !== '').join('\n').slice(0, 2000);
      const prompt: CredentialsPrompt = { promptId: this.newId(), kind: q.kind, name: q.name, instructions, prompts: q.prompts.map((p) => ({ ...p })), retry: q.retry, canRemember: this.canRemember };
      this.open({ kind: 'credentials', prompt, resolve });
    });
  }

  answerHostKey(promptId: string, decision: HostKeyDecision): HostKeyPrompt {
    const p = this.take(promptId, 'hostKey');
    p.resolve(decision);
    return p.prompt;
  }

  /**
   * Checks the answers first: on a refusal the prompt stays open so the user can answer again.
   * Returns the single secret of a password / passphrase prompt (to remember once it worked).
   */
  answerCredentials(promptId: string, answers: string[], remember: boolean): { kind: CredentialsPrompt['kind']; value: string | undefined } {
    const p = this.peek(promptId, 'credentials');
    if (answers.length !== p.prompt.prompts.length) {
      throw fieldError('answers', `expected ${p.prompt.prompts.length} answer(s), one per question, got ${answers.length}`);
    }
    if (remember && !this.canRemember) throw fieldError('remember', `${NO_REMEMBER_NOTE} Answer again with remember off.`);
    if (remember && p.prompt.kind === 'keyboard-interactive') throw fieldError('remember', 'answers to keyboard-interactive questions (one-time codes) are never stored');
    this.take(promptId, 'credentials').resolve(answers);
    return { kind: p.prompt.kind, value: p.prompt.kind === 'keyboard-interactive' ? undefined : answers[0] };
  }

  /** Ends the conversation: host keys are rejected and logins cancelled. */
  cancelAll(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    if (p.kind === 'hostKey') p.resolve('reject');
    else p.resolve(null);
    this.changed();
  }

  /** Resolves with the next prompt, or the attempt's outcome, whichever comes first. */
  step<T extends ConnectOutcome>(attempt: Promise<T>, mapError: (err: unknown) => RpcError): Promise<ConnectOutcome> {
    const open = this.outcome();
    if (open) return Promise.resolve(open);
    return new Promise((resolve, reject) => {
      const onPrompt = () => {
        const next = this.outcome();
        if (!next) return;
        this.waiters.delete(onPrompt);
        resolve(next);
      };
      this.waiters.add(onPrompt);
      attempt.then(
        (value) => {
          this.waiters.delete(onPrompt);
          resolve(value);
        },
        (err: unknown) => {
          this.waiters.delete(onPrompt);
          reject(mapError(err));
        },
      );
    });
  }

  private open(p: Pending): void {
    // One attempt asks one question at a time; a stale one (never answered) is cancelled.
    this.cancelAll();
    this.pending = p;
    this.changed();
    for (const w of [...this.waiters]) w();
  }

  private peek<K extends Pending['kind']>(promptId: string, kind: K): Extract<Pending, { kind: K }> {
    const p = this.pending;
    if (!p || p.prompt.promptId !== promptId || p.kind !== kind) {
      throw new RpcError('NOT_FOUND', `there is no open ${kind === 'hostKey' ? 'host key' : 'credentials'} prompt with id ${promptId} (it was answered, cancelled or expired)`, { path: 'promptId' });
    }
    return p as Extract<Pending, { kind: K }>;
  }

  private take<K extends Pending['kind']>(promptId: string, kind: K): Extract<Pending, { kind: K }> {
    const p = this.peek(promptId, kind);
    this.pending = null;
    this.changed();
    return p;
  }
}

function fieldError(path: string, message: string): RpcError {
  return new RpcError('INVALID_PARAMS', `${path}: ${message}`, { issues: [{ path, message, code: 'custom' }] });
}
