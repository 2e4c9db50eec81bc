/**
 * One SSH connection attempt: TCP, key exchange with our host key verifier (which may ask the
 * user), then the authentication sequence. Network waits are bounded by a timer that stops while
 * the user answers a prompt.
 */
import { Client, type ConnectConfig } from 'ssh2';
import { PausableTimer } from './backoff';
import { keyTypeOfBlob } from './hostKeyBlob';
import { verifyHostKey } from './hostKeyGate';
import { hostKeyAlgorithmsFor } from './knownHosts';
import { currentWorkstation } from '../platform/workstation';
import { createAuthHandler, type SecretCache } from './sshAuth';
import { authFailedError, classifySsh2Error, SshError } from './sshErrors';
import type { SshSessionOptions, VerifiedHostKey } from './sshTypes';

const SUPPORTED_HOST_KEY_ALGS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

export interface ConnectOnceParams {
  readonly opts: SshSessionOptions;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly cache: SecretCache;
  /** The key trusted by an earlier connection of the same session, if any. */
  readonly pinned: Buffer | null;
  readonly onStep: (state: 'verifying-host-key' | 'authenticating') => void;
}

export interface ConnectedClient {
  readonly client: Client;
  readonly verified: VerifiedHostKey;
  readonly blob: Buffer;
}

async function hostKeyAlgorithms(p: ConnectOnceParams): Promise<string[] | undefined> {
  const types = await p.opts.knownHosts.knownKeyTypes(p.host, p.port).catch(() => [] as string[]);
  const pinnedType = p.pinned ? keyTypeOfBlob(p.pinned) : null;
  if (pinnedType) types.push(pinnedType);
  const algs = hostKeyAlgorithmsFor(types).filter((a) => SUPPORTED_HOST_KEY_ALGS.includes(a));
  // Offer only the known types (as OpenSSH prefers them): a server that lost them fails loudly.
  return algs.length > 0 ? algs : undefined;
}

/** One connection attempt: resolves with a logged-in client or rejects with an SshError; abort() cancels it. */
export function connectOnce(p: ConnectOnceParams): { result: Promise<ConnectedClient>; abort: () => void } {
  let abortNow: (() => void) | null = null;
  let aborted = false;
  const result = hostKeyAlgorithms(p).then((serverHostKey) => {
    if (aborted) throw new SshError('closed', `connection to ${p.host}:${p.port} cancelled`, p.host, p.port);
    return start(p, serverHostKey, (fn) => (abortNow = fn));
  });
  return {
    result,
    abort: () => {
      aborted = true;
      abortNow?.();
    },
  };
}

function start(p: ConnectOnceParams, serverHostKey: string[] | undefined, setAbort: (fn: () => void) => void): Promise<ConnectedClient> {
  return new Promise<ConnectedClient>((resolve, reject) => {
    const { host, port, username, opts } = p;
    const timeoutMs = opts.timeoutMs ?? 20_000;
    let verified: { verified: VerifiedHostKey; blob: Buffer } | null = null;
    const client = new Client();
    let failure: SshError | undefined;
    let authRejected = false;
    let prompting = false;
    let finished = false;
    const timer = new PausableTimer(timeoutMs, () => {
      failure ??= new SshError('timeout', `${host}:${port} did not answer within ${timeoutMs / 1000} s: check the address, the port and any firewall`, host, port);
      client.destroy();
    });
    const auth = createAuthHandler({
      host,
      port,
      username,
      methods: opts.auth,
      prompts: opts.prompts,
      cache: p.cache,
      promptStarted: () => {
        prompting = true;
        timer.pause();
      },
      promptEnded: () => {
        prompting = false;
        timer.restart();
      },
      sent: () => timer.restart(),
      workstation: opts.workstation ?? currentWorkstation(),
    });
    setAbort(() => {
      failure ??= new SshError('closed', `connection to ${host}:${port} cancelled`, host, port);
      client.destroy();
    });
    client.on('handshake', () => {
      timer.restart();
      p.onStep('authenticating');
    });
    client.on('ready', () => {
      finished = true;
      timer.stop();
      // ssh2 starts authentication only after the verifier said yes, so verified is set; never trust a login without it.
      if (verified) {
        resolve({ client, ...verified });
        return;
      }
      client.destroy();
      reject(new SshError('protocol', `${host}:${port} logged in without a verified host key; connection dropped`, host, port));
    });
    client.on('error', (err: Error & { level?: string }) => {
      // Agent and signing errors are followed by the next method; only the final verdict counts.
      if (err.level === 'client-authentication' || err.level === 'agent') authRejected = true;
      else failure ??= classifySsh2Error(err, host, port);
    });
    client.on('close', () => {
      timer.stop();
      if (finished) return;
      finished = true;
      const waited = `${host}:${port} closed the connection while waiting for your answer (sshd's LoginGraceTime, 2 minutes by default): connect again`;
      if (failure) reject(failure);
      else if (prompting) reject(new SshError('closed', waited, host, port));
      else if (auth.outcome.error) reject(auth.outcome.error);
      else if (authRejected) reject(authFailedError(host, port, username, auth.outcome.tried, auth.outcome.offered));
      else reject(new SshError('closed', `${host}:${port} closed the connection before login completed`, host, port));
    });

    const config: ConnectConfig = {
      host,
      port,
      username,
      readyTimeout: 0, // our PausableTimer instead: ssh2's would also count the time a user spends on prompts
      keepaliveInterval: opts.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: opts.keepaliveCountMax ?? 3,
      agentForward: false,
      authHandler: auth.handler,
      ...(serverHostKey ? { algorithms: { serverHostKey: serverHostKey as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] } } : {}),
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        timer.pause();
        prompting = true;
        p.onStep('verifying-host-key');
        void verifyHostKey(
          {
            host,
            port,
            store: opts.knownHosts,
            prompts: opts.prompts,
            pinned: p.pinned,
            ...(opts.knownHostsComment ? { comment: opts.knownHostsComment } : {}),
          },
          key,
        ).then((verdict) => {
          prompting = false;
          if (finished) return;
          timer.restart();
          if (verdict.ok) {
            verified = { verified: verdict.verified, blob: verdict.blob };
          } else {
            failure ??= verdict.error;
          }
          verify(verdict.ok);
        });
      },
    };
    timer.restart();
    client.connect(config);
  });
}
