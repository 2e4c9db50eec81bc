// Before Kamailio is restarted onto new SIP listening addresses, each new address is bound once
// with a throw-away socket of its kind (UDP, or TCP for tcp and tls): an address this host does
// not have, or a port another program holds, is refused naming the field, and the running
// Kamailio is never stopped for it.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { transportOf, type ListenAddress } from './kamailio/cfgListen';
import { effectiveListen } from './enginePlan';
import type { EngineConfig } from './snapshotToEngine';

/** Which kind of socket a listener binds: tcp and tls are both TCP sockets. */
export type SocketKind = 'udp' | 'tcp';

/** Binds `address:port` (port 0 = any) and lets go; rejects with the system's error code. */
export type BindProbe = (address: string, port: number, kind: SocketKind) => Promise<void>;

const udpBind = (address: string, port: number) =>
  new Promise<void>((resolve, reject) => {
    const s = createSocket({ type: 'udp4', reuseAddr: false });
    s.once('error', (e) => {
      s.close();
      reject(e);
    });
    s.bind({ address, port, exclusive: true }, () => s.close(() => resolve()));
  });

const tcpBind = (address: string, port: number) =>
  new Promise<void>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ host: address, port, exclusive: true }, () => s.close(() => resolve()));
  });

export const socketBindProbe: BindProbe = (address, port, kind) => (kind === 'udp' ? udpBind(address, port) : tcpBind(address, port));

const kindOf = (l: ListenAddress): SocketKind => (transportOf(l) === 'udp' ? 'udp' : 'tcp');

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
  const held = new Set(bound.map((b) => `${kindOf(b)}:${b.address}:${b.port}`));
  const heldPorts = new Set(bound.map((b) => `${kindOf(b)}:${b.port}`));
  const problems: string[] = [];
  for (const w of wanted) {
    const kind = kindOf(w);
    const name = kind.toUpperCase();
    if (held.has(`${kind}:${w.address}:${w.port}`)) continue;
    const code = await probeCode(probe, w.address, 0, kind);
    if (code === 'EADDRNOTAVAIL') {
      problems.push(`${w.field}.address: ${w.address} is not an address of this server`);
      continue;
    }
    if (code !== null) {
      problems.push(`${w.field}.address: cannot listen on ${w.address} (${code})`);
      continue;
    }
    if (heldPorts.has(`${kind}:${w.port}`)) continue;
    const portCode = await probeCode(probe, w.address, w.port, kind);
    if (portCode === 'EADDRINUSE') problems.push(`${w.field}.port: ${name} port ${w.port} on ${w.address} is already used by another program`);
    else if (portCode !== null) problems.push(`${w.field}.port: cannot listen on ${name} port ${w.port} of ${w.address} (${portCode})`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}

async function probeCode(probe: BindProbe, address: string, port: number, kind: SocketKind): Promise<string | null> {
  try {
    await probe(address, port, kind);
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
}

/**
 * Refuses the addresses `next` would listen on that this host cannot bind (Kamailio now listens as
 * `prev` says; `fallback` is the agent settings' address), and a TLS address while no certificate
 * is installed: before anything is changed, naming the field.
 */
export async function checkNextListen(
  prev: EngineConfig | null, next: EngineConfig, fallback: ListenAddress, probe: BindProbe, tlsInstalled: () => boolean,
): Promise<void> {
  const bound = prev ? effectiveListen(prev, fallback) : [];
  const wanted = next.listen ?? [{ ...fallback, field: 'the agent settings (engine.sipAddress)' }];
  await checkListenAddresses(wanted, bound, probe);
  const tls = wanted.find((l) => transportOf(l) === 'tls');
  if (tls && !tlsInstalled()) {
    throw new Error(`${tls.field}.transport: no TLS certificate is installed on this switch; install one (TLS certificate) before adding a TLS listening address`);
  }
}
