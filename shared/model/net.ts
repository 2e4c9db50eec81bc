import { z } from 'zod';

/** Dotted-quad IPv4 without leading zeros (leading zeros are octal in some resolvers). */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** Parses an IPv6 literal (with optional embedded IPv4 tail) into 8 groups, or null. Zone ids are refused. */
export function parseIPv6(s: string): number[] | null {
  if (s.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(s)) return null;
  let text = s;
  const tail: number[] = [];
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    const v4 = text.slice(lastColon + 1);
    if (lastColon < 0 || !isIPv4(v4)) return null;
    const o = v4.split('.').map(Number) as [number, number, number, number];
    tail.push((o[0] << 8) | o[1], (o[2] << 8) | o[3]);
    const prefix = text.slice(0, lastColon + 1);
    text = prefix.endsWith('::') ? prefix : prefix.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseSide = (side: string): number[] | null => {
    if (side === '') return [];
    const groups = side.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseSide(halves[0] ?? '');
  const rest = halves.length === 2 ? parseSide(halves[1] ?? '') : [];
  if (!head || !rest) return null;
  const want = 8 - tail.length;
  if (halves.length === 2) {
    const fill = want - head.length - rest.length;
    if (fill < 1) return null;
    return [...head, ...new Array<number>(fill).fill(0), ...rest, ...tail];
  }
  if (head.length !== want) return null;
  return [...head, ...tail];
}

export function isIPv6(s: string): boolean {
  return parseIPv6(s) !== null;
}

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens; not all-numeric. */
export function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  const labels = (s.endsWith('.') ? s.slice(0, -1) : s).split('.');
  if (!labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))) return false;
  // A name made of digits and dots is a malformed IPv4 address, not a host name.
  return !/^[0-9.]+$/.test(s);
}

/**
 * A canonical text form for comparing addresses: IPv4 unchanged, IPv6 lower-case with the longest
 * zero run compressed (RFC 5952), host names lower-case. Returns the input unchanged if invalid.
 */
export function canonicalHost(s: string): string {
  if (isIPv4(s)) return s;
  const g = parseIPv6(s);
  if (g) {
    let bestStart = -1;
    let bestLen = 1;
    for (let i = 0; i < 8; ) {
      if (g[i] !== 0) { i++; continue; }
      let j = i;
      while (j < 8 && g[j] === 0) j++;
      if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
      i = j;
    }
    const hex = g.map((n) => n.toString(16));
    if (bestStart < 0) return hex.join(':');
    return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLen).join(':');
  }
  return s.toLowerCase().replace(/\.$/, '');
}

export const IpAddressSchema = z
  .string()
  .refine((s) => isIPv4(s) || isIPv6(s), 'must be an IPv4 or IPv6 address (no host names, no brackets)');

export const HostSchema = z
  .string()
  .refine((s) => isIPv4(s) || isIPv6(s) || isHostname(s), 'must be an IPv4 address, an IPv6 address (no brackets) or a host name');

export const PortSchema = z.number().int('must be a whole number').min(1, 'must be 1–65535').max(65535, 'must be 1–65535');

export const TransportSchema = z.enum(['udp', 'tcp', 'tls']);
export type Transport = z.infer<typeof TransportSchema>;

/** An address as bits, most significant first: 32 for IPv4, 128 for IPv6; null when not an address. */
function addressBits(s: string): { v6: boolean; bits: number[] } | null {
  if (isIPv4(s)) return { v6: false, bits: s.split('.').flatMap((o) => byteBits(Number(o), 8)) };
  const g = parseIPv6(s);
  return g ? { v6: true, bits: g.flatMap((x) => byteBits(x, 16)) } : null;
}

function byteBits(n: number, width: number): number[] {
  return Array.from({ length: width }, (_, i) => (n >> (width - 1 - i)) & 1);
}

/**
 * Whether an address lies in a network written as an address (one host) or `address/prefix`.
 * Families never match each other; anything that is not an address or network is false.
 */
export function inNetwork(address: string, network: string): boolean {
  const [base = '', prefixText] = network.split('/');
  const a = addressBits(address);
  const n = addressBits(base);
  if (!a || !n || a.v6 !== n.v6) return false;
  const prefix = prefixText === undefined ? n.bits.length : /^[0-9]{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  if (prefix < 0 || prefix > n.bits.length) return false;
  for (let i = 0; i < prefix; i += 1) if (a.bits[i] !== n.bits[i]) return false;
  return true;
}
