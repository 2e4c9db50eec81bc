/**
 * One SSH connection per server, shared by every channel (agent stream, exec, terminal). The host
 * key is checked before any authentication; changed or revoked keys stop the connection. After a
 * drop the session reconnects with backoff, reusing the secrets that worked; channel owners reopen
 * their channels when the state returns to `connected`.
 */
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { backoffDelay } from './backoff';
import { SecretCache } from './sshAuth';
import { openExec, openSftp, openShell, openStreamLocal, type ExecChannel, type ExitStatus, type ShellChannel, type ShellOptions } from './sshChannels';
import { connectOnce } from './sshConnect';
import { classifySsh2Error, isRetryable, SshError } from './sshErrors';
import type { SshSessionOptions, SshSessionState, VerifiedHostKey } from './sshTypes';

export interface RunResult extends ExitStatus {
  readonly stdout: string;
  readonly stderr: string;
}

export class SshSession {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  private readonly opts: SshSessionOptions;
  private current: SshSessionState = { state: 'disconnected', reason: 'not connected yet' };
  private readonly listeners = new Set<(s: SshSessionState) => void>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private closing = false;
  private pinned: Buffer | null = null;
  private verified: VerifiedHostKey | null = null;
  private readonly cache = new SecretCache();
  private abortAttempt: (() => void) | null = null;
  private wakeSleep: (() => void) | null = null;

  constructor(opts: SshSessionOptions) {
    this.opts = opts;
    this.host = opts.host;
    this.port = opts.port ?? 22;
    this.username = opts.username;
  }

  get state(): SshSessionState {
    return this.current;
  }

  /** The key verified on the latest connection. */
  get hostKey(): VerifiedHostKey | null {
    return this.verified;
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  onState(listener: (s: SshSessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects (host key check, then login). Rejects with an SshError; resolves once logged in. */
  connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    if (this.connecting) return this.connecting;
    if (this.current.state === 'reconnecting') return this.settled();
    this.closing = false;
    this.emit({ state: 'connecting' });
    this.connecting = this.attempt()
      .then((client) => this.adopt(client))
      .catch((err: SshError) => {
        if (this.current.state !== 'disconnected') this.emit({ state: 'disconnected', reason: err.message, error: err });
        throw err;
      })
      .finally(() => {
        this.connecting = null;
      });
    return this.connecting;
  }

  /** Resolves at the next 'connected', rejects at the next 'disconnected'. */
  private settled(): Promise<void> {
    return new Promise((resolve, reject) => {
      const off = this.onState((s) => {
        if (s.state === 'connected') resolve();
        else if (s.state === 'disconnected') reject(s.error ?? new SshError('closed', s.reason, this.host, this.port));
        else return;
        off();
      });
    });
  }

  /** Closes the connection and every channel; no reconnect follows. */
  close(): void {
    this.closing = true;
    this.abortAttempt?.();
    this.wakeSleep?.();
    const client = this.client;
    // Forget the client first so its 'close' event, arriving later, does not report twice.
    this.client = null;
    client?.end();
    if (this.current.state !== 'disconnected') this.emit({ state: 'disconnected', reason: 'closed' });
  }

  exec(command: string): Promise<ExecChannel> {
    return openExec(this.requireClient(), this, command);
  }

  /** Runs a command to completion and collects its output (for short commands only). */
  async run(command: string): Promise<RunResult> {
    const ch = await this.exec(command);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    ch.stream.on('data', (d: Buffer) => out.push(d));
    ch.stream.stderr.on('data', (d: Buffer) => err.push(d));
    ch.stream.end();
    const status = await ch.exit;
    return { ...status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
  }

  shell(opts: ShellOptions): Promise<ShellChannel> {
    return openShell(this.requireClient(), this, opts);
  }

  /** A `direct-streamlocal@openssh.com` channel to a UNIX socket on the server. */
  openStreamLocal(socketPath: string): Promise<ClientChannel> {
    return openStreamLocal(this.requireClient(), this, socketPath);
  }

  /** An SFTP session (file uploads). */
  sftp(): Promise<SFTPWrapper> {
    return openSftp(this.requireClient(), this);
  }

  private requireClient(): Client {
    if (!this.client) throw new SshError('not-connected', `not connected to ${this.host}:${this.port} (${this.current.state})`, this.host, this.port);
    return this.client;
  }

  private emit(s: SshSessionState): void {
    this.current = s;
    for (const l of [...this.listeners]) l(s);
  }

  /** One connection attempt through connectOnce; remembers the verified key for later attempts. */
  private async attempt(): Promise<Client> {
    const once = connectOnce({
      opts: this.opts,
      host: this.host,
      port: this.port,
      username: this.username,
      cache: this.cache,
      pinned: this.pinned,
      onStep: (state) => this.emit({ state }),
    });
    this.abortAttempt = once.abort;
    try {
      const { client, verified, blob } = await once.result;
      this.pinned = blob;
      this.verified = verified;
      return client;
    } finally {
      this.abortAttempt = null;
    }
  }

  private adopt(client: Client): void {
    this.client = client;
    let lastError: SshError | null = null;
    client.on('error', (err) => {
      lastError = classifySsh2Error(err, this.host, this.port);
    });
    client.on('close', () => {
      if (this.client !== client) return;
      this.client = null;
      const reason = lastError?.message ?? `connection to ${this.host}:${this.port} closed`;
      if (this.opts.reconnect?.enabled === false || this.closing) this.emit({ state: 'disconnected', reason, ...(lastError ? { error: lastError } : {}) });
      else void this.reconnectLoop(reason);
    });
    this.emit({ state: 'connected' });
  }

  private async reconnectLoop(firstReason: string): Promise<void> {
    const policy = this.opts.reconnect ?? {};
    const params = { baseDelayMs: policy.baseDelayMs ?? 1000, maxDelayMs: policy.maxDelayMs ?? 30_000 };
    const maxAttempts = policy.maxAttempts ?? 10;
    let reason = firstReason;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const delayMs = backoffDelay(attempt, params, this.opts.random ?? Math.random);
      this.emit({ state: 'reconnecting', attempt, delayMs });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delayMs);
        this.wakeSleep = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeSleep = null;
      if (this.closing) return;
      try {
        const client = await this.attempt();
        if (this.closing) {
          client.end();
          return;
        }
        this.adopt(client);
        return;
      } catch (e) {
        const err = e as SshError;
        if (this.closing) return;
        if (!isRetryable(err)) {
          this.emit({ state: 'disconnected', reason: err.message, error: err });
          return;
        }
        reason = err.message;
      }
    }
    const error = new SshError('closed', `gave up reconnecting to ${this.host}:${this.port} after ${maxAttempts} attempts: ${reason}`, this.host, this.port);
    this.emit({ state: 'disconnected', reason: error.message, error });
  }
}
