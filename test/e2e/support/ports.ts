// Free loopback ports for one e2e file: every process the fixture starts gets its own.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

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

export function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, host, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

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

export async function freeUdpRange(size: number, host = '127.0.0.1'): Promise<{ min: number; max: number }> {
  // Below the kernel's ephemeral range: the agent refuses media ports inside it (engine/mediaPorts.ts).
  const first = FIRST + (process.pid % 40) * size;
  for (let base = first, tries = 0; tries < 40; tries++, base = FIRST + ((base - FIRST + size) % (40 * size))) {
    let free = true;
    // Probing every port of the block is cheap (UDP bind/close) and avoids a half-taken range.
    for (let p = base; p < base + size && free; p++) free = await udpFree(host, p);
    if (free) return { min: base, max: base + size - 1 };
  }
  throw new Error(`no free block of ${size} UDP ports on ${host} between ${FIRST} and ${FIRST + 40 * size}`);
}
