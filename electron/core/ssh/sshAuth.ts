/**
 * The authentication sequence of one connection attempt, as an ssh2 `authHandler`. ssh2 only calls
 * it after the key exchange, i.e. after our host key verifier said yes, so no secret (and no prompt
 * for one) can happen before the host is verified.
 */
import { readFile } from 'node:fs/promises';
import { utils, type AnyAuthMethod, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2';
import { resolveAgentSocket } from '../platform/sshAgentSocket';
import { expandUserPath } from '../platform/sshUserFiles';
import type { Workstation } from '../platform/workstation';
import { SshError } from './sshErrors';
import type { CredentialsQuestion, SshAuthMethod, SshPrompts } from './sshTypes';

/** Secrets that worked or were unlocked, kept in memory for the session so a reconnect asks nothing. */
export class SecretCache {
  passwords = new Map<number, string>();
  keys = new Map<number, ParsedKey>();
}

export interface AuthContext {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly methods: readonly SshAuthMethod[];
  readonly prompts: SshPrompts;
  readonly cache: SecretCache;
  /** Called around every prompt so network timeouts do not run while the user types. */
  readonly promptStarted: () => void;
  readonly promptEnded: () => void;
  /** Called whenever a request goes to the server. */
  readonly sent: () => void;
  /** Expands key paths and finds the default SSH agent. */
  readonly workstation: Workstation;
}

export interface AuthOutcome {
  /** SSH method names actually tried, in order, without repeats. */
  readonly tried: string[];
  /** What the server said it still accepts (null before its first answer). */
  offered: string[] | null;
  /** Set when the login stopped for a reason other than the server's refusal. */
  error?: SshError;
}

/** Answers reach ssh2 after a prompt; by then the connection may be gone, which is not an error of ours. */
function settle(reply: () => void): void {
  try {
    reply();
  } catch {
    // the attempt already ended; its 'close' handler reports why
  }
}

function sshName(m: SshAuthMethod): string {
  return m.kind === 'key' || m.kind === 'agent' ? 'publickey' : m.kind;
}

export function createAuthHandler(ctx: AuthContext): { handler: AuthHandlerMiddleware; outcome: AuthOutcome } {
  const outcome: AuthOutcome = { tried: [], offered: null };
  const attempts = new Map<number, number>();
  const prompted = new Map<number, number>();
  const usedPreset = new Set<number>();
  let index = 0;
  let lastPassword: number | null = null;
  let sentNone = false;
  const cancelled = () => new SshError('auth-cancelled', `login to ${ctx.host}:${ctx.port} cancelled`, ctx.host, ctx.port);

  const ask = async (q: CredentialsQuestion): Promise<string[] | null> => {
    ctx.promptStarted();
    try {
      return await ctx.prompts.credentials(q);
    } finally {
      ctx.promptEnded();
    }
  };
  const secretQuestion = (kind: 'password' | 'passphrase', text: string, retry: boolean): CredentialsQuestion => ({
    kind,
    name: '',
    instructions: '',
    prompts: [{ text, echo: false }],
    retry,
  });
  const stop = (err: SshError): false => {
    outcome.error = err;
    return false;
  };
  const markTried = (name: string) => {
    if (!outcome.tried.includes(name)) outcome.tried.push(name);
  };

  async function loadKey(i: number, m: Extract<SshAuthMethod, { kind: 'key' }>): Promise<ParsedKey | SshError | null> {
    const cached = ctx.cache.keys.get(i);
    if (cached) return cached;
    const file = m.keyPath === undefined ? undefined : expandUserPath(m.keyPath, ctx.workstation);
    const where = file ?? 'given in memory';
    let data: Buffer | string;
    try {
      data = m.privateKey ?? (file ? await readFile(file) : '');
    } catch (err) {
      return new SshError('key-unreadable', `cannot read private key ${where}: ${(err as Error).message}`, ctx.host, ctx.port);
    }
    let passphrase = m.passphrase;
    for (let round = 0; round < 4; round++) {
      const parsed = utils.parseKey(data, passphrase);
      const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
      if (key && !(key instanceof Error) && key.isPrivateKey()) {
        ctx.cache.keys.set(i, key);
        return key;
      }
      const message = key instanceof Error ? key.message : 'not a private key';
      const needsPassphrase = /passphrase/i.test(message) || passphrase !== undefined;
      if (!needsPassphrase || round === 3) {
        const hint = passphrase !== undefined ? ' (wrong passphrase?)' : '';
        return new SshError('key-unreadable', `cannot use private key ${where}${hint}: ${message}`, ctx.host, ctx.port);
      }
      const answer = await ask(secretQuestion('passphrase', `Passphrase for key ${where}`, passphrase !== undefined));
      if (answer === null) return null;
      passphrase = answer[0] ?? '';
    }
    return null;
  }

  async function passwordFor(i: number, m: Extract<SshAuthMethod, { kind: 'password' }>): Promise<string | null | 'exhausted'> {
    const preset = ctx.cache.passwords.get(i) ?? m.password;
    if (!usedPreset.has(i) && preset !== undefined) {
      usedPreset.add(i);
      return preset;
    }
    const asked = prompted.get(i) ?? 0;
    if (asked >= (m.maxPrompts ?? 3)) return 'exhausted';
    prompted.set(i, asked + 1);
    const text = `Password for ${ctx.username}@${ctx.host}:${ctx.port}`;
    const answer = await ask(secretQuestion('password', text, asked > 0 || usedPreset.has(i)));
    if (answer === null) return null;
    const password = answer[0] ?? '';
    ctx.cache.passwords.set(i, password);
    return password;
  }

  function kbdMethod(retry: boolean): AnyAuthMethod {
    return {
      type: 'keyboard-interactive',
      username: ctx.username,
      prompt: (name, instructions, _lang, prompts, finish) => {
        void ask({
          kind: 'keyboard-interactive',
          name: name.slice(0, 256),
          instructions: instructions.slice(0, 2000),
          prompts: prompts.slice(0, 16).map((p) => ({ text: p.prompt.slice(0, 512), echo: p.echo ?? false })),
          retry,
        })
          .catch(() => null)
          .then((answers) => {
            if (answers === null) outcome.error = cancelled();
            ctx.sent();
            // An empty reply to a cancelled round makes the server fail it; the handler then stops.
            settle(() => finish(answers ?? []));
          });
      },
    };
  }

  async function next(authsLeft: string[] | null): Promise<AnyAuthMethod | false> {
    if (!sentNone) {
      // "none" first, like OpenSSH: learns which methods the server takes before any secret is used.
      sentNone = true;
      return { type: 'none', username: ctx.username };
    }
    outcome.offered = authsLeft;
    if (outcome.error) return false;
    // The server refused the last password: forget it, so neither this login nor a reconnect reuses it.
    if (lastPassword !== null) ctx.cache.passwords.delete(lastPassword);
    lastPassword = null;
    for (; index < ctx.methods.length; index++) {
      const m = ctx.methods[index];
      if (!m) break;
      const name = sshName(m);
      if (authsLeft && !authsLeft.includes(name)) continue;
      const i = index;
      switch (m.kind) {
        case 'key': {
          index = i + 1; // one try per key: ssh2 already tries each signature algorithm
          const key = await loadKey(i, m);
          if (key === null) return stop(cancelled());
          if (key instanceof SshError) return stop(key);
          markTried(name);
          return { type: 'publickey', username: ctx.username, key };
        }
        case 'agent': {
          const socket = m.socket ?? resolveAgentSocket(ctx.workstation);
          if (!socket) continue;
          index = i + 1; // ssh2 tries every agent key within this one step
          markTried(name);
          return { type: 'agent', username: ctx.username, agent: socket };
        }
        case 'password': {
          const password = await passwordFor(i, m);
          if (password === 'exhausted') continue;
          if (password === null) return stop(cancelled());
          lastPassword = i;
          markTried(name);
          return { type: 'password', username: ctx.username, password };
        }
        case 'keyboard-interactive': {
          const rounds = attempts.get(i) ?? 0;
          if (rounds >= (m.maxRounds ?? 3)) continue;
          attempts.set(i, rounds + 1);
          markTried(name);
          return kbdMethod(rounds > 0);
        }
      }
    }
    return false;
  }

  const handler: AuthHandlerMiddleware = (authsLeft, _partial, done) => {
    void next((authsLeft as string[] | null) ?? null).then(
      (method) => {
        if (method !== false) ctx.sent();
        settle(() => done(method as AnyAuthMethod));
      },
      (err: unknown) => {
        outcome.error = new SshError('auth-failed', `login to ${ctx.host}:${ctx.port} failed: ${(err as Error).message}`, ctx.host, ctx.port);
        settle(() => done(false as unknown as AnyAuthMethod));
      },
    );
  };
  return { handler, outcome };
}
