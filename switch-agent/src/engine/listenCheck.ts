// Before Kamailio is restarted onto new SIP listening addresses, each new address is bound once
// with a throw-away UDP socket: an address this host does not have, or a port another program
// holds, is refused naming the field, and the running Kamailio is never stopped for it.
import { createSocket } from 'node:dgram';
import type { ListenAddress } from './kamailio/cfgListen';

/** Binds `address:port` (port 0 = any) and lets go; rejects with the system's error code. */
export type BindProbe = (address: string, port: number) => Promise<void>;

export const udpBindProbe: BindProbe = (address, port) =>
  new Promise((resolve, reject) => {
    const s = createSocket({ type: 'udp4', reuseAddr: false });
    s.once('error', (e) => {
      s.close();
      reject(e);
    });
    s.bind({ address, port, exclusive: true }, () => s.close(() => resolve()));
  });

export interface ListenWanted extends ListenAddress {
  /** What an error names: `sipListeners[public]`. */
  field: string;
}

/**
 * Checks the addresses of `wanted` that Kamailio does not hold already (`bound`): the address must
 * belong to this host, and the port must be free unless Kamailio itself holds that port now (it
 * lets go of it when it restarts). Throws one Error listing every problem.
 */
export async function checkListenAddresses(wanted: readonly ListenWanted[], bound: readonly ListenAddress[], probe: BindProbe): Promise<void> {
  const held = new Set(bound.map((b) => `${b.address}:${b.port}`));
  const heldPorts = new Set(bound.map((b) => b.port));
  const problems: string[] = [];
  for (const w of wanted) {
    if (held.has(`${w.address}:${w.port}`)) continue;
    const code = await probeCode(probe, w.address, 0);
    if (code === 'EADDRNOTAVAIL') {
      problems.push(`${w.field}.address: ${w.address} is not an address of this server`);
      continue;
    }
    if (code !== null) {
      problems.push(`${w.field}.address: cannot listen on ${w.address} (${code})`);
      continue;
    }
    if (heldPorts.has(w.port)) continue;
    const portCode = await probeCode(probe, w.address, w.port);
    if (portCode === 'EADDRINUSE') problems.push(`${w.field}.port: UDP port ${w.port} on ${w.address} is already used by another program`);
    else if (portCode !== null) problems.push(`${w.field}.port: cannot listen on UDP port ${w.port} of ${w.address} (${portCode})`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}

async function probeCode(probe: BindProbe, address: string, port: number): Promise<string | null> {
  try {
    await probe(address, port);
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
}
