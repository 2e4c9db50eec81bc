/**
 * A UNIX stream socket server for one role (PROTOCOL.md §2). The socket file's permissions
 * are the authorisation: it is created private (umask), then given its mode and group, and
 * the agent refuses to serve if the result is writable by everyone.
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { RpcError } from '@shared/rpc/errors';
import type { Role } from '@shared/rpc/protocol';
import { RpcConnection, type ConnectionLimits } from './connection';
import type { Dispatcher } from './dispatcher';
import { ConnectionHub } from './hub';
import { silentLogger, type RpcLogger } from './log';
import { assertNotWorldWritable, lookupGroupId, removeStaleSocket } from './socketFile';
import { socketTransport } from './transport';

export interface RpcServerOptions {
  path: string;
  role: Role;
  dispatcher: Dispatcher;
  agent: { version: string; hostname: string };
  /** Group owning the socket, applied only when running as root; null leaves it alone. */
  group: string | null;
  /** Defaults to 0o660 for both roles. */
  mode?: number;
  /** Share one hub between the admin and view servers so broadcasts reach both. */
  hub?: ConnectionHub;
  maxFrameBytes?: number;
  /** Per-connection limits. Limits across connections (caps, totals) are the hub's `budget`. */
  limits?: Partial<ConnectionLimits>;
  logger?: RpcLogger;
  /** For tests: where group names are resolved. */
  etcGroupPath?: string;
}

export interface RpcServer {
  readonly path: string;
  readonly role: Role;
  readonly hub: ConnectionHub;
  /** Permission bits of the socket file as checked after listen. */
  readonly mode: number;
  /** Stops accepting, closes this server's connections and removes the socket file. */
  close(): Promise<void>;
}

export async function startRpcServer(opts: RpcServerOptions): Promise<RpcServer> {
  const logger = opts.logger ?? silentLogger;
  const hub = opts.hub ?? new ConnectionHub(undefined, logger);
  const socketName = path.basename(opts.path);
  const isRoot = process.getuid?.() === 0;
  const gid = opts.group !== null && isRoot ? await lookupGroupId(opts.group, opts.etcGroupPath) : undefined;

  await fs.mkdir(path.dirname(opts.path), { recursive: true, mode: 0o755 });
  const stale = await removeStaleSocket(opts.path);
  if (stale === 'removed') logger.info('removed a stale socket file', { path: opts.path });

  const own = new Set<RpcConnection>();
  let counter = 0;
  const server = net.createServer((socket) => {
    socket.on('error', (e) => logger.warn('socket error', { socket: socketName, error: e.message }));
    const admission = hub.budget.admit(opts.role, socketName, () => socket.writableLength);
    if (!admission.ok) {
      refuseConnection(socket, admission.error);
      logger.warn('connection refused: connection limit reached', { socket: socketName, connections: hub.budget.connections });
      return;
    }
    const connection = new RpcConnection(socketTransport(socket), {
      id: `${opts.role}-${++counter}`,
      role: opts.role,
      socket: socketName,
      dispatcher: opts.dispatcher,
      agent: opts.agent,
      maxFrameBytes: opts.maxFrameBytes,
      limits: opts.limits,
      budget: hub.budget,
      logger,
    });
    own.add(connection);
    connection.onClose(() => {
      own.delete(connection);
      admission.release();
    });
    hub.add(connection);
  });

  await listenPrivately(server, opts.path);
  let mode: number;
  try {
    await fs.chmod(opts.path, opts.mode ?? 0o660);
    if (gid !== undefined) await fs.chown(opts.path, -1, gid);
    mode = await assertNotWorldWritable(opts.path);
  } catch (e) {
    await closeServer(server);
    await fs.rm(opts.path, { force: true });
    throw e;
  }
  logger.info('rpc socket listening', { path: opts.path, role: opts.role, mode: mode.toString(8), gid });

  return {
    path: opts.path,
    role: opts.role,
    hub,
    mode,
    async close() {
      const closing = closeServer(server);
      for (const connection of [...own]) connection.close('agent shutting down');
      await closing;
      await fs.rm(opts.path, { force: true });
    },
  };
}

/**
 * Binds with a umask that leaves the socket owner-only until chmod gives it its real mode,
 * so there is no moment where another user could connect. bind() runs synchronously inside
 * listen(), so the umask is restored right after. Worker threads cannot change the umask;
 * there the chmod that follows is the only guard.
 */
async function listenPrivately(server: net.Server, socketPath: string): Promise<void> {
  let previous: number | undefined;
  try {
    previous = process.umask(0o177);
  } catch {
    previous = undefined;
  }
  const listening = new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  try {
    server.listen(socketPath);
  } finally {
    if (previous !== undefined) process.umask(previous);
  }
  await listening;
}

/**
 * Over the connection limit: one fatal error frame, then close. What the client sends is read
 * and thrown away, never buffered: closing a UNIX socket with unread input resets the peer,
 * which could then lose the error frame before reading it.
 */
function refuseConnection(socket: net.Socket, error: RpcError): void {
  socket.resume();
  socket.end(`${JSON.stringify({ type: 'error', error: error.toPayload(), fatal: true })}\n`);
  // A peer that never reads or never closes its side gets one second.
  setTimeout(() => socket.destroy(), 1000).unref();
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
