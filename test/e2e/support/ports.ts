// Free loopback ports for one e2e file: every process the fixture starts gets its own.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { freeUdpPort as freeUdpPortOn } from '../../integration/engine/procs';

export function freeTcpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no TCP port'))));
    });
  });
}

/** A UDP port that was free on `host` (default 127.0.0.1) a moment ago. */
export const freeUdpPort = (host = '127.0.0.1'): Promise<number> => freeUdpPortOn(host);

function udpFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, host, () => s.close(() => resolve(true)));
  });
}

/**
 * A block of `size` UDP ports (rtpengine's media range) free right now. Starts from a pid-derived
 * offset so two suites running side by side (integration + e2e) rarely even probe the same block.
 */
const FIRST = 29400;
/** The start of Linux's default ephemeral port range (32768–60999). */
const EPHEMERAL_LOW = 32768;

export async function freeUdpRange(size: number, host = '127.0.0.1'): Promise<{ min: number; max: number }> {
  // Below the kernel's ephemeral range: the agent refuses media ports inside it (engine/mediaPorts.ts).
  const blocks = Math.floor((EPHEMERAL_LOW - FIRST) / size);
  if (blocks < 1) throw new Error(`a block of ${size} UDP ports does not fit between ${FIRST} and ${EPHEMERAL_LOW}`);
  for (let tries = 0, b = process.pid % blocks; tries < blocks; tries++, b = (b + 1) % blocks) {
    const base = FIRST + b * size;
    let free = true;
    // Probing every port of the block is cheap (UDP bind/close) and avoids a half-taken range.
    for (let p = base; p < base + size && free; p++) free = await udpFree(host, p);
    if (free) return { min: base, max: base + size - 1 };
  }
  throw new Error(`no free block of ${size} UDP ports on ${host} between ${FIRST} and ${EPHEMERAL_LOW}`);
}
