// The `listen=` lines of kamailio.cfg. Addresses come from the configuration (sipListeners) or the
// agent's settings file; each is checked here again (dotted-quad IPv4, port 1–65535, a known
// transport) before it is spliced into the cfg text, so nothing a user typed reaches the file unchecked.
import { checkInt, checkIPv4 } from './validate';

export type ListenTransport = 'udp' | 'tcp' | 'tls';

export interface ListenAddress {
  address: string;
  port: number;
  /** Absent = UDP (the settings file's address, listeners stored before transports existed). */
  transport?: ListenTransport;
}

const TRANSPORTS: readonly string[] = ['udp', 'tcp', 'tls'];

export function transportOf(l: ListenAddress): ListenTransport {
  return l.transport ?? 'udp';
}

/** One `listen=<proto>:A:P` line per distinct socket; throws naming the field of a bad one. */
export function renderListenLines(listen: ListenAddress | readonly ListenAddress[]): string {
  const list = listenList(listen);
  if (list.length === 0) throw new Error('listen: at least one address is needed');
  const single = list.length === 1;
  const seen = new Set<string>();
  const lines: string[] = [];
  list.forEach((l, i) => {
    const at = single ? 'listen' : `listen[${i}]`;
    const address = checkIPv4(`${at}.address`, l.address);
    const port = checkInt(`${at}.port`, l.port, 1, 65535);
    const proto = transportOf(l);
    if (!TRANSPORTS.includes(proto)) throw new Error(`${at}.transport: must be udp, tcp or tls`);
    const key = `${proto}:${address}:${port}`;
    if (seen.has(key)) return;
    seen.add(key);
    lines.push(`listen=${key}`);
  });
  return lines.join('\n');
}

export function listenList(listen: ListenAddress | readonly ListenAddress[]): readonly ListenAddress[] {
  return Array.isArray(listen) ? (listen as readonly ListenAddress[]) : [listen as ListenAddress];
}

/** The same sockets in a canonical order, for telling whether two lists differ. */
export function listenKey(listen: readonly ListenAddress[]): string {
  return [...new Set(listen.map(socketName))].sort().join(',');
}

/** `udp:127.0.0.1:5060`, as Kamailio names a socket. */
export function socketName(l: ListenAddress): string {
  return `${transportOf(l)}:${l.address}:${l.port}`;
}

/** Whether Kamailio needs its TCP stack (TLS runs over it too). */
export function needsTcpStack(listen: readonly ListenAddress[]): boolean {
  return listen.some((l) => transportOf(l) !== 'udp');
}
