// The `listen=` lines of kamailio.cfg. Addresses come from the configuration (sipListeners) or the
// agent's settings file; each is checked here again (dotted-quad IPv4, port 1–65535) before it is
// spliced into the cfg text, so nothing a user typed reaches the file unchecked.
import { checkInt, checkIPv4 } from './validate';

export interface ListenAddress {
  address: string;
  port: number;
}

/** One `listen=udp:A:P` line per distinct address; throws naming the field of a bad one. */
export function renderListenLines(listen: ListenAddress | readonly ListenAddress[]): string {
  const list = Array.isArray(listen) ? (listen as readonly ListenAddress[]) : [listen as ListenAddress];
  if (list.length === 0) throw new Error('listen: at least one address is needed');
  const single = list.length === 1;
  const seen = new Set<string>();
  const lines: string[] = [];
  list.forEach((l, i) => {
    const at = single ? 'listen' : `listen[${i}]`;
    const address = checkIPv4(`${at}.address`, l.address);
    const port = checkInt(`${at}.port`, l.port, 1, 65535);
    const key = `${address}:${port}`;
    if (seen.has(key)) return;
    seen.add(key);
    lines.push(`listen=udp:${key}`);
  });
  return lines.join('\n');
}

/** The same addresses in a canonical order, for telling whether two lists differ. */
export function listenKey(listen: readonly ListenAddress[]): string {
  return [...new Set(listen.map((l) => `${l.address}:${l.port}`))].sort().join(',');
}
