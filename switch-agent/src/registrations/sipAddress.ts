// host:port of a SIP URI, for telling whether a contact is the address its REGISTER came from.
// Liberal: a registrar's stored contact may carry angle brackets, a display part, params.

export interface HostPort {
  host: string;
  port: number;
}

/** host (lower case, IPv6 without brackets) and port (5060, or 5061 for sips, when absent); null when the text is no SIP URI. */
export function uriHostPort(uri: string): HostPort | null {
  let s = uri.trim();
  const lt = s.indexOf('<');
  if (lt >= 0) s = s.slice(lt + 1, s.indexOf('>', lt) >= 0 ? s.indexOf('>', lt) : undefined);
  const scheme = /^(sips?):/i.exec(s);
  if (!scheme) return null;
  s = s.slice(scheme[0].length);
  const end = s.search(/[;?>]/);
  if (end >= 0) s = s.slice(0, end);
  const at = s.lastIndexOf('@');
  if (at >= 0) s = s.slice(at + 1);
  const defaultPort = scheme[1]!.toLowerCase() === 'sips' ? 5061 : 5060;
  let host: string;
  let portText: string | undefined;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) return null;
    host = s.slice(1, close);
    const rest = s.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return null;
    portText = rest ? rest.slice(1) : undefined;
  } else {
    const colon = s.indexOf(':');
    host = colon >= 0 ? s.slice(0, colon) : s;
    portText = colon >= 0 ? s.slice(colon + 1) : undefined;
  }
  if (host === '') return null;
  if (portText === undefined || portText === '') return { host: host.toLowerCase(), port: defaultPort };
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) return null;
  return { host: host.toLowerCase(), port: Number(portText) };
}

/** "ip:port", IPv6 in brackets. */
export function formatHostPort(h: HostPort): string {
  return h.host.includes(':') ? `[${h.host}]:${h.port}` : `${h.host}:${h.port}`;
}
