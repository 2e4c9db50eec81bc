/** Public shapes of an SSH session: options, the questions it asks its caller, and its states. */
import type { z } from 'zod';
import type { CredentialsPromptSchema, HostKeyPromptSchema } from '@shared/rpc/hostApi';
import type { Workstation } from '../platform/workstation';
import type { KnownHostsStore } from './knownHostsFile';
import type { SshError } from './sshErrors';

/** Authentication methods, tried in the order given (only those the server still offers). */
export type SshAuthMethod =
  /** A private key from memory or a file; an encrypted key without passphrase asks for one. */
  | { readonly kind: 'key'; readonly privateKey?: Buffer | string; readonly keyPath?: string; readonly passphrase?: string }
  /** ssh-agent at `socket` (default: the workstation's agent, see resolveAgentSocket); skipped when there is none. */
  | { readonly kind: 'agent'; readonly socket?: string }
  /** A password given up front, or asked for (at most `maxPrompts` times, default 3). */
  | { readonly kind: 'password'; readonly password?: string; readonly maxPrompts?: number }
  /** Server-driven questions (PAM, OTP), each round forwarded to the caller; at most `maxRounds` failures (default 3). */
  | { readonly kind: 'keyboard-interactive'; readonly maxRounds?: number };

/** Matches HostApi's host key prompt without its promptId (the caller assigns one). */
export type HostKeyQuestion = Omit<z.output<typeof HostKeyPromptSchema>, 'promptId'> & { readonly kind: 'unknown' };
export type HostKeyDecision = 'accept-once' | 'accept-save' | 'reject';

/**
 * Matches HostApi's credentials prompt without its promptId and canRemember (whether an answer can
 * be remembered is the prompt desk's to say, not the SSH layer's).
 */
export type CredentialsQuestion = Omit<z.output<typeof CredentialsPromptSchema>, 'promptId' | 'canRemember'>;

/** How the session asks its caller; each answer may take as long as the user needs. */
export interface SshPrompts {
  /** Only for a key not in any known_hosts file; changed and revoked keys are refused without asking. */
  hostKey(question: HostKeyQuestion): Promise<HostKeyDecision>;
  /** One answer per prompt; null cancels the login. */
  credentials(question: CredentialsQuestion): Promise<string[] | null>;
}

export interface ReconnectPolicy {
  /** Default true. */
  readonly enabled?: boolean;
  /** First delay before jitter (default 1000 ms); doubles per attempt up to maxDelayMs (default 30000). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Attempts after one drop before giving up (default 10). */
  readonly maxAttempts?: number;
}

export interface SshSessionOptions {
  readonly host: string;
  readonly port?: number;
  readonly username: string;
  readonly auth: readonly SshAuthMethod[];
  readonly knownHosts: KnownHostsStore;
  readonly prompts: SshPrompts;
  /** Limit on each network wait (TCP connect, key exchange, each auth round trip), excluding time spent in prompts. Default 20000. */
  readonly timeoutMs?: number;
  /** Keepalive probe interval (default 15000 ms) and unanswered probes before the link counts as dropped (default 3). */
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  readonly reconnect?: ReconnectPolicy;
  /** Source of jitter in [0, 1); tests pin it. */
  readonly random?: () => number;
  /** Comment written after a saved known_hosts line. */
  readonly knownHostsComment?: string;
  /** Where key paths (`~/.ssh/id_ed25519`) and the default SSH agent are looked up. Default: this machine. */
  readonly workstation?: Workstation;
}

export type SshSessionState =
  | { readonly state: 'connecting' }
  | { readonly state: 'verifying-host-key' }
  | { readonly state: 'authenticating' }
  | { readonly state: 'connected' }
  | { readonly state: 'reconnecting'; readonly attempt: number; readonly delayMs: number }
  | { readonly state: 'disconnected'; readonly reason: string; readonly error?: SshError };

export interface VerifiedHostKey {
  readonly keyType: string;
  readonly fingerprintSha256: string;
  /** Where it was found, or how the user accepted it. */
  readonly source: { readonly kind: 'known-hosts'; readonly file: string; readonly line: number } | { readonly kind: 'accepted-once' } | { readonly kind: 'accepted-saved'; readonly file: string };
}
