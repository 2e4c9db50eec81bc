/** Channels over one ssh2 connection: exec, an interactive shell with a PTY, and OpenSSH streamlocal. */
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { SshError } from './sshErrors';

export interface ExitStatus {
  /** Exit code, or null when the command died from a signal or the channel closed without one. */
  readonly code: number | null;
  readonly signal: string | null;
}

export interface ExecChannel {
  /** stdout (read) and stdin (write); stderr is `stream.stderr`. */
  readonly stream: ClientChannel;
  /** Settles when the channel closes. */
  readonly exit: Promise<ExitStatus>;
  /** Writes honouring backpressure: resolves once the channel takes more data. */
  write(data: string | Buffer): Promise<void>;
  close(): void;
}

export interface ShellChannel extends ExecChannel {
  resize(cols: number, rows: number): void;
}

export interface ShellOptions {
  readonly cols: number;
  readonly rows: number;
  /** $TERM on the server; default xterm-256color. */
  readonly term?: string;
}

interface Where {
  readonly host: string;
  readonly port: number;
  readonly username: string;
}

/** Resolves at once if the stream takes the data, else after 'drain' (or fails when the channel ends). */
export function writeWithBackpressure(stream: ClientChannel, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.destroyed || stream.writableEnded) {
      reject(new Error('channel is closed'));
      return;
    }
    if (stream.write(data)) {
      resolve();
      return;
    }
    const cleanup = () => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onClose = () => {
      cleanup();
      reject(new Error('channel closed before its buffer drained'));
    };
    stream.on('drain', onDrain);
    stream.on('close', onClose);
  });
}

function exitOf(stream: ClientChannel): Promise<ExitStatus> {
  return new Promise((resolve) => {
    let status: ExitStatus = { code: null, signal: null };
    stream.on('exit', (code: number | null, signal?: string) => {
      status = { code: typeof code === 'number' ? code : null, signal: signal ?? null };
    });
    stream.on('close', () => resolve(status));
  });
}

function wrap(stream: ClientChannel): ExecChannel {
  // Errors on a channel surface through exit/close; an unhandled 'error' must not crash the host.
  stream.on('error', () => undefined);
  return {
    stream,
    exit: exitOf(stream),
    write: (data) => writeWithBackpressure(stream, data),
    close: () => {
      stream.close();
    },
  };
}

function channelError(where: Where, what: string, err: Error & { reason?: number | string }): SshError {
  return new SshError('channel-refused', `${where.host}:${where.port} refused ${what}: ${err.message}`, where.host, where.port, { cause: err });
}

function streamLocalError(where: Where, socketPath: string, err: Error & { reason?: number | string }): SshError {
  // OpenSSH answers "open failed" alike for a forbidden channel and a missing socket, so name every cause.
  return new SshError(
    'channel-refused',
    `${where.host}:${where.port} refused a stream to ${socketPath} (${err.message}): sshd forbids it ` +
      `(AllowStreamLocalForwarding no, or AllowTcpForwarding no, which blocks it too), or the socket is missing ` +
      `or not writable by ${where.username}`,
    where.host,
    where.port,
    { cause: err },
  );
}

export function openExec(client: Client, where: Where, command: string): Promise<ExecChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => (err ? reject(channelError(where, `to run "${command}"`, err)) : resolve(wrap(stream))));
  });
}

export function openShell(client: Client, where: Where, opts: ShellOptions): Promise<ShellChannel> {
  const pty = { cols: opts.cols, rows: opts.rows, width: 0, height: 0, term: opts.term ?? 'xterm-256color' };
  return new Promise((resolve, reject) => {
    client.shell(pty, (err, stream) => {
      if (err) {
        reject(channelError(where, 'a shell', err));
        return;
      }
      resolve({ ...wrap(stream), resize: (cols, rows) => stream.setWindow(rows, cols, 0, 0) });
    });
  });
}

export function openStreamLocal(client: Client, where: Where, socketPath: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.openssh_forwardOutStreamLocal(socketPath, (err, stream) => {
      if (err) {
        reject(streamLocalError(where, socketPath, err));
        return;
      }
      stream.on('error', () => undefined);
      resolve(stream);
    });
  });
}

export function openSftp(client: Client, where: Where): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => {
    client.sftp((err, sftp) => (err ? reject(channelError(where, 'an SFTP session', err)) : resolve(sftp)));
  });
}
