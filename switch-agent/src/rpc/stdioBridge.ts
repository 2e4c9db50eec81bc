/**
 * `switch-agent connect [--view]`: the fallback transport when sshd forbids stream-local
 * forwarding (PROTOCOL.md §2). It copies bytes between stdio and the agent socket without
 * looking at them, so the protocol is exactly the same as over the forwarded socket, and
 * the socket's permissions still decide the role (the bridge runs as the SSH user).
 */
import net from 'node:net';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { SOCKET_DIR, SOCKETS, type Role } from '@shared/rpc/protocol';

export interface BridgeStreams {
  input: Readable;
  output: Writable;
  errors: Writable;
}

export type ConnectArgs = { ok: true; role: Role; socketPath: string } | { ok: false; message: string };

export const CONNECT_USAGE = 'usage: switch-agent connect [--view] [--socket PATH]';

export function parseConnectArgs(argv: readonly string[], socketDir = SOCKET_DIR): ConnectArgs {
  let role: Role = 'admin';
  let socketPath: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--view') role = 'view';
    else if (arg === '--socket' && argv[i + 1] !== undefined) socketPath = argv[++i];
    else return { ok: false, message: `unknown argument '${arg ?? ''}'\n${CONNECT_USAGE}` };
  }
  return { ok: true, role, socketPath: socketPath ?? path.join(socketDir, SOCKETS[role].file) };
}

/** Resolves with the process exit code: 0 after a clean close, 1 when the socket cannot be reached or fails. */
export function runStdioBridge(socketPath: string, role: Role, streams: BridgeStreams): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    let connected = false;
    let done = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      streams.input.unpipe(socket);
      socket.unpipe(streams.output);
      resolve(code);
    };
    socket.once('connect', () => {
      connected = true;
      // stdin EOF (the SSH channel closed) half-closes the socket; the agent then closes its side.
      streams.input.pipe(socket);
      socket.pipe(streams.output, { end: false });
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      const why = connected ? `connection to ${socketPath} lost: ${e.message}` : explain(e, socketPath, role);
      streams.errors.write(`switch-agent connect: ${why}\n`);
      finish(1);
    });
    socket.once('close', () => {
      // Let what the agent sent last reach stdout before reporting success.
      if (streams.output.writableNeedDrain) streams.output.once('drain', () => finish(0));
      else finish(0);
    });
    streams.input.once('error', () => socket.end());
  });
}

function explain(e: NodeJS.ErrnoException, socketPath: string, role: Role): string {
  switch (e.code) {
    case 'EACCES':
      return `permission denied on ${socketPath}; the SSH user must be in group ${SOCKETS[role].group}`;
    case 'ENOENT':
    case 'ECONNREFUSED':
      return `switch-agent is not running (nothing listens on ${socketPath})`;
    default:
      return `cannot connect to ${socketPath}: ${e.message}`;
  }
}

/** The command body; the caller exits with the returned code. */
export async function connectCommand(argv: readonly string[]): Promise<number> {
  const args = parseConnectArgs(argv);
  if (!args.ok) {
    process.stderr.write(`${args.message}\n`);
    return 2;
  }
  const code = await runStdioBridge(args.socketPath, args.role, {
    input: process.stdin,
    output: process.stdout,
    errors: process.stderr,
  });
  process.stdin.destroy();
  return code;
}
