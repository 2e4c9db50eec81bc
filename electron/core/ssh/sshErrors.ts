/** SSH failures with a stable code and a message that names the server and says what to do next. */
import type { EntryRef } from './knownHosts';

export type SshErrorCode =
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'host-key-rejected'
  | 'host-key-unverifiable'
  | 'auth-failed'
  | 'auth-cancelled'
  | 'key-unreadable'
  | 'connection-refused'
  | 'timeout'
  | 'dns'
  | 'network'
  | 'protocol'
  | 'closed'
  | 'not-connected'
  | 'channel-refused';

/** For host key refusals: what the UI needs to draw its warning without parsing the message. */
export interface HostKeyErrorDetails {
  readonly keyType: string;
  readonly presentedFingerprint: string;
  /** The entry the key contradicts (changed) or matches (revoked); line 0 means "accepted earlier in this session". */
  readonly entry: EntryRef;
}

export class SshError extends Error {
  override readonly name = 'SshError';
  readonly hostKey?: HostKeyErrorDetails;
  constructor(
    readonly code: SshErrorCode,
    message: string,
    readonly host: string,
    readonly port: number,
    options?: { cause?: unknown; hostKey?: HostKeyErrorDetails },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.hostKey) this.hostKey = options.hostKey;
  }
}

/** Failures worth another attempt after a drop; host key and login refusals are final. */
export function isRetryable(err: SshError): boolean {
  return ['connection-refused', 'timeout', 'dns', 'network', 'protocol', 'closed'].includes(err.code);
}

function where(e: EntryRef): string {
  return e.line > 0 ? `from ${e.file} line ${e.line}` : `(accepted earlier in ${e.file})`;
}

export function hostKeyChangedError(host: string, port: number, keyType: string, presentedFp: string, expected: EntryRef): SshError {
  const detail = expected.keyType === keyType ? '' : ` (known with ${expected.keyType}, server presented ${keyType})`;
  return new SshError(
    'host-key-changed',
    `WARNING: the host key of ${host}:${port} has CHANGED${detail}. Someone could be intercepting the connection ` +
      `(man-in-the-middle), or the server was reinstalled. Presented ${keyType} key ${presentedFp}; expected ` +
      `${expected.keyType} key ${expected.fingerprintSha256} ${where(expected)}. ` +
      `Nothing was sent. Check the new fingerprint with the server's administrator before removing the old entry.`,
    host,
    port,
    { hostKey: { keyType, presentedFingerprint: presentedFp, entry: expected } },
  );
}

export function hostKeyRevokedError(host: string, port: number, keyType: string, fp: string, entry: EntryRef): SshError {
  return new SshError(
    'host-key-revoked',
    `The ${keyType} host key ${fp} presented by ${host}:${port} is REVOKED (${entry.file} line ${entry.line}). ` +
      `Nothing was sent. Do not connect until the server has a new key.`,
    host,
    port,
    { hostKey: { keyType, presentedFingerprint: fp, entry } },
  );
}

export function authFailedError(host: string, port: number, username: string, tried: readonly string[], offered: readonly string[] | null): SshError {
  const detail = tried.length > 0
    ? `the server accepted none of: ${tried.join(', ')}`
    : `the server only accepts ${offered?.join(', ') || 'no method'}, and none of those is set up for this server`;
  return new SshError('auth-failed', `authentication failed for user ${username} on ${host}:${port}: ${detail}`, host, port);
}

interface Ssh2ErrorLike extends Error {
  level?: string;
  code?: string | number;
}

/** Turns an ssh2 / socket error into an SshError that says what happened and what to do. */
export function classifySsh2Error(err: Ssh2ErrorLike, host: string, port: number): SshError {
  const at = `${host}:${port}`;
  const make = (code: SshErrorCode, message: string) => new SshError(code, message, host, port, { cause: err });
  switch (err.code) {
    case 'ECONNREFUSED':
      return make('connection-refused', `connection refused by ${at}: is sshd running and listening on port ${port}?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return make('dns', `cannot resolve host name "${host}" (${err.code}): check the spelling or the DNS settings`);
    case 'ETIMEDOUT':
      return make('timeout', `connection to ${at} timed out: check the address, the port and any firewall in between`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return make('network', `${at} is unreachable (${err.code}): check the network route`);
    case 'ECONNRESET':
    case 'EPIPE':
      return make('closed', `the connection to ${at} was reset (${err.code})`);
    default:
      break;
  }
  if (err.level === 'client-timeout') return make('timeout', `${at} stopped answering (${err.message})`);
  if (err.level === 'client-dns') return make('dns', `cannot resolve host name "${host}": ${err.message}`);
  if (err.level === 'client-socket') return make('network', `network error talking to ${at}: ${err.message}`);
  if (err.level === 'handshake' && /no matching host key/i.test(err.message)) {
    return make(
      'host-key-unverifiable',
      `${at} offers none of the host key types known for it: its key may have changed. Nothing was sent. (${err.message})`,
    );
  }
  return make('protocol', `SSH error with ${at}: ${err.message}`);
}
