/**
 * The byte pipe a connection runs over. Production wraps a net.Socket (UNIX socket);
 * tests use an in-memory fake, so the protocol logic never touches the network.
 */
import type { Socket } from 'node:net';
import { MIN_MAX_FRAME_BYTES } from '@shared/rpc/protocol';

const CLOSE_FLUSH_LIMIT_BYTES = MIN_MAX_FRAME_BYTES;

export interface RpcTransport {
  /** Queues one complete line, newline included. */
  write(data: string): void;
  /** Flushes what was written, then closes. Idempotent. */
  close(): void;
  onData(listener: (chunk: Uint8Array) => void): void;
  /** Called once when the pipe is closed from either side. */
  onClose(listener: () => void): void;
  /** Bytes written but not yet accepted by the peer; lets the agent drop a client that stops reading. */
  bufferedBytes(): number;
  /** Resolves once what was written has been handed to the peer (or the pipe closed). */
  drained?(): Promise<void>;
}

export function socketTransport(socket: Socket): RpcTransport {
  let closed = false;
  return {
    write(data) {
      if (!closed && socket.writable) socket.write(data);
    },
    close() {
      if (closed) return;
      closed = true;
      // A peer with more than a small frame's worth unread is not reading: flushing would keep
      // its whole backlog in memory (up to maxOutboundBufferBytes) after the connection stopped
      // counting against the agent's limits. Otherwise flush the last frame (a fatal error) first.
      if (socket.writableLength > CLOSE_FLUSH_LIMIT_BYTES) {
        socket.destroy();
        return;
      }
      socket.end();
      // A peer that never reads would keep the socket half-open forever.
      setTimeout(() => socket.destroy(), 5000).unref();
    },
    onData(listener) {
      socket.on('data', listener);
    },
    onClose(listener) {
      socket.once('close', listener);
    },
    bufferedBytes() {
      return socket.writableLength;
    },
    drained() {
      if (closed || socket.writableLength === 0 || socket.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.once('drain', done);
        socket.once('close', done);
      });
    },
  };
}
