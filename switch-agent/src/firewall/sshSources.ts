// Where the SSH sessions open now come from, so the firewall always lets them in. The app reaches
// the agent through sshd either by forwarding the agent's socket (the agent then sees sshd as its
// peer, with no address) or by running `switch-agent connect` (whose SSH_CONNECTION names only its
// own session). The kernel's TCP table holds every session of either kind: each established TCP
// connection to the SSH port is one. Read in the agent's own network namespace; IPv4 sources
// (IPv4-mapped IPv6 ones as IPv4) and IPv6 sources, so an operator on IPv6 is never locked out.
import { readFileSync } from 'node:fs';
import { canonicalHost } from '@shared/model/net';

const ESTABLISHED = '01';

/** `0100007F` (a 32-bit word in host byte order, little-endian here) → `127.0.0.1`. */
function hexWordToIPv4(word: string): string | null {
  if (!/^[0-9A-Fa-f]{8}$/.test(word)) return null;
  const n = parseInt(word, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.');
}

/** tcp6's four 32-bit words (each in host byte order, little-endian here) → an IPv6 address, zeros compressed. */
function hexWordsToIPv6(hex: string): string | null {
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return null;
  const bytes: string[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (let b = 3; b >= 0; b--) bytes.push(word.slice(b * 2, b * 2 + 2));
  }
  const groups = Array.from({ length: 8 }, (_, i) => `${bytes[2 * i]}${bytes[2 * i + 1]}`);
  return canonicalHost(groups.join(':'));
}

/** An address column of /proc/net/tcp or tcp6 → its address (IPv4-mapped IPv6 as plain IPv4). */
function columnToAddress(hex: string): string | null {
  if (hex.length === 8) return hexWordToIPv4(hex);
  // tcp6: four words; IPv4-mapped is ::ffff:a.b.c.d, i.e. words 0,0,0000FFFF,addr.
  if (hex.length === 32 && /^0{16}FFFF0000$/i.test(hex.slice(0, 24))) return hexWordToIPv4(hex.slice(24));
  return hex.length === 32 ? hexWordsToIPv6(hex) : null;
}

/** Pure: the remote addresses of established connections to local `port`, from /proc/net/tcp{,6} text. */
export function parseSshSources(tables: readonly string[], port: number): string[] {
  const out = new Set<string>();
  for (const text of tables) {
    for (const line of text.split('\n').slice(1)) {
      const [, local, remote, state] = line.trim().split(/\s+/);
      if (!local || !remote || state !== ESTABLISHED) continue;
      const [, localPort] = local.split(':');
      if (localPort === undefined || parseInt(localPort, 16) !== port) continue;
      const ip = columnToAddress(remote.split(':')[0] ?? '');
      if (ip) out.add(ip);
    }
  }
  return [...out].sort();
}

/** The sources of the SSH sessions open now on `port`; files that cannot be read count as empty. */
export function readSshSources(port: number, files: readonly string[] = ['/proc/net/tcp', '/proc/net/tcp6']): string[] {
  const tables = files.map((f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  });
  return parseSshSources(tables, port);
}
