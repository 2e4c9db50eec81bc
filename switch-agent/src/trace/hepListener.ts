// The UDP socket Kamailio's siptrace mirrors HEPv3 to. Loopback only and UDP only: nothing
// leaves the machine and no TCP port is opened. The receive buffer is sized up because a plain
// socket with the default buffer dropped 0.13% of HEP at 1500 calls/s (ENGINE-NOTES.md).
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { TraceIngest } from './traceIngest';
import type { Endpoint, TraceCounters, TraceMessage } from './traceIngest';

export const DEFAULT_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

export interface HepListenerOptions {
  /** Loopback address to bind (default 127.0.0.1). */
  address?: string;
  /** 0 or absent: a port the kernel picks. */
  port?: number;
  /** Wanted SO_RCVBUF; the kernel caps it at net.core.rmem_max. */
  receiveBufferBytes?: number;
  /** Only datagrams from here are read (see TraceIngest). */
  acceptFrom?: Endpoint | ((from: Endpoint) => boolean);
  onMessage: (m: TraceMessage) => void;
  now?: () => number;
}

export interface HepListener {
  readonly address: Endpoint;
  /** The receive buffer the kernel granted (Linux reports twice the value set). */
  readonly receiveBufferBytes: number;
  counters(): TraceCounters;
  close(): Promise<void>;
}

export function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

export async function startHepListener(o: HepListenerOptions): Promise<HepListener> {
  const address = o.address ?? '127.0.0.1';
  if (!isLoopback(address)) throw new Error(`trace listener address: must be a loopback address (127.x.x.x or ::1), got "${address}"`);
  const port = o.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`trace listener port: must be 0–65535, got ${port}`);
  const now = o.now ?? Date.now;
  const ingest = new TraceIngest(o.onMessage, o.acceptFrom);
  const socket: Socket = createSocket({ type: address.includes(':') ? 'udp6' : 'udp4', recvBufferSize: o.receiveBufferBytes ?? DEFAULT_RECEIVE_BUFFER_BYTES });
  socket.on('message', (msg, rinfo) => ingest.ingest(msg, { address: rinfo.address, port: rinfo.port }, now()));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // After bind, a socket error (rare for UDP: e.g. ICMP-driven) must not crash the agent.
  socket.on('error', () => undefined);
  const bound = socket.address();
  let closed: Promise<void> | undefined;
  return {
    address: { address: bound.address, port: bound.port },
    receiveBufferBytes: socket.getRecvBufferSize(),
    counters: () => ingest.counters(),
    close: () => (closed ??= new Promise<void>((r) => socket.close(() => r()))),
  };
}
